import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse } from "smol-toml";
import { opt } from "../util/argv.js";
import { exec, ExecError } from "../util/exec.js";
import { getError } from "../errors/get-error.js";
import { cargoBin } from "./cargo-bin.js";
import { fileExists } from "../util/fs.js";

interface Dependency {
  /** The real crate name (after `package = ...` renames). */
  name: string;
  /** The key in the manifest when it differs from the crate name. */
  rename?: string;
  path?: string;
  kind: "normal" | "dev" | "build";
  req: string;
}

export interface Member {
  name: string;
  version: string;
  manifestPath: string;
  dir: string;
  /** `version.workspace = true`: the version lives in `[workspace.package]`. */
  inheritsVersion: boolean;
  /** False when the manifest has no `version` at all (cargo then reports 0.0.0). */
  hasVersion: boolean;
  /** False for `publish = false`. */
  publish: boolean;
  /** Names of the package's `bin` targets. */
  bins: string[];
  dependencies: Dependency[];
}

export interface Workspace {
  root: string;
  rootManifest: string;
  targetDir: string;
  members: Member[];
  /** Name of the package in the root manifest, when the root is not a virtual workspace. */
  rootPackage?: string;
  /** `[workspace.package] version`, when set. */
  workspaceVersion?: string;
}

interface MetadataPackage {
  name: string;
  version: string;
  manifest_path: string;
  publish: string[] | null;
  targets: { name: string; kind: string[] }[];
  dependencies: { name: string; rename: string | null; path?: string; kind: string | null; req: string }[];
}

interface Metadata {
  packages: MetadataPackage[];
  workspace_members: string[];
  workspace_root: string;
  target_directory: string;
}

interface WorkspaceOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  manifestPath: string;
}

export const resolveManifestPath = (o: { cwd: string; manifestPath: string }): string =>
  isAbsolute(o.manifestPath) ? o.manifestPath : resolve(o.cwd, o.manifestPath);

/** The workspaces read in this process, by cargo program, folder, manifest and target-dir settings. */
const cache = new Map<string, { files: string[]; stamp: string; ws: Workspace }>();

/** Identity and change time of each file (absent ones too): a write, a rename over it or a new file changes it. */
async function stampOf(files: readonly string[]): Promise<string> {
  const stats = await Promise.all(files.map((f) => stat(f, { bigint: true }).catch(() => undefined)));
  return stats.map((s) => (s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : "-")).join(",");
}

/**
 * Reads the workspace with `cargo metadata --no-deps --format-version 1` (offline) and the manifests themselves,
 * once per process: a later call returns a copy of the first result while no manifest and no `.cargo/config.toml`
 * changed (a version bump rewrites the manifests, so it is read again after one).
 */
export async function loadWorkspace(o: WorkspaceOptions): Promise<Workspace> {
  const key = JSON.stringify([
    cargoBin(o.env),
    resolve(o.cwd),
    resolveManifestPath(o),
    o.env.CARGO_TARGET_DIR,
    o.env.CARGO_BUILD_TARGET_DIR,
    o.env.CARGO_HOME,
  ]);
  const hit = cache.get(key);
  if (hit && (await stampOf(hit.files)) === hit.stamp) return structuredClone(hit.ws);
  const ws = await readWorkspace(o);
  const configs = [resolve(o.cwd), ws.root].flatMap((d) =>
    [".cargo/config.toml", ".cargo/config"].map((c) => join(d, c)),
  );
  const files = [
    ...new Set([
      resolveManifestPath(o),
      ws.rootManifest,
      ...ws.members.map((m) => m.manifestPath),
      ...configs,
    ]),
  ];
  cache.set(key, { files, stamp: await stampOf(files), ws: structuredClone(ws) });
  return ws;
}

/**
 * `cargo metadata --format-version 1 --offline` of the manifest with `args`, parsed; `ENOMANIFEST` when there is no
 * manifest, `ECARGOMETADATA` on any other failure. cargo starts at once (the manifest is looked for only when it
 * fails), so that `preview` has it running before anything else takes the main thread.
 */
async function cargoMetadata<T>(o: WorkspaceOptions, args: readonly string[]): Promise<T> {
  const manifest = resolveManifestPath(o);
  try {
    const { stdout } = await exec(
      cargoBin(o.env),
      ["metadata", ...args, "--format-version", "1", "--offline", opt("manifest-path", manifest)],
      { cwd: o.cwd, env: o.env },
    );
    return JSON.parse(stdout) as T;
  } catch (error) {
    if (!(await fileExists(manifest))) throw getError("ENOMANIFEST", { path: manifest });
    const stderr = error instanceof ExecError ? error.result.stderr : String(error);
    throw getError("ECARGOMETADATA", { path: manifest, stderr });
  }
}

/** A package of the dependency graph, as `cargo metadata` (with deps) reports it. */
export interface ResolvedPackage {
  id: string;
  name: string;
  version: string;
  /** `registry+<index>`, `sparse+<index>`, `git+<url>?...#<rev>`; null for path packages. */
  source: string | null;
  license: string | null;
  license_file: string | null;
  manifest_path: string;
  features: Record<string, string[]>;
}

/** The resolved graph of `cargo metadata` (without `--no-deps`). */
export interface ResolvedMetadata {
  packages: ResolvedPackage[];
  workspace_members: string[];
  workspace_root: string;
  resolve: {
    nodes: {
      id: string;
      deps: { pkg: string; dep_kinds: { kind: "dev" | "build" | null; target: string | null }[] }[];
    }[];
  };
}

/**
 * The resolved dependency graph for one target (`--filter-platform`) with the build's feature arguments (such
 * as `--features a/x`). Not cached: each target and feature set resolves differently.
 */
export async function loadResolvedMetadata(
  o: WorkspaceOptions & { target: string; featureArgs: readonly string[]; locked: boolean },
): Promise<ResolvedMetadata> {
  const args = [opt("filter-platform", o.target), ...o.featureArgs, ...(o.locked ? ["--locked"] : [])];
  return cargoMetadata<ResolvedMetadata>(o, args);
}

async function readWorkspace(o: WorkspaceOptions): Promise<Workspace> {
  const meta = await cargoMetadata<Metadata>(o, ["--no-deps"]);
  const rootManifest = join(meta.workspace_root, "Cargo.toml");
  const rootToml = parse(await readFile(rootManifest, "utf8")) as {
    package?: { name?: string };
    workspace?: { package?: { version?: unknown } };
  };
  const members = await Promise.all(meta.packages.map(toMember));
  const workspaceVersion = rootToml.workspace?.package?.version;
  return {
    root: meta.workspace_root,
    rootManifest,
    targetDir: meta.target_directory,
    members,
    rootPackage: members.find((m) => m.manifestPath === rootManifest)?.name,
    workspaceVersion: typeof workspaceVersion === "string" ? workspaceVersion : undefined,
  };
}

async function toMember(p: MetadataPackage): Promise<Member> {
  const toml = parse(await readFile(p.manifest_path, "utf8")) as { package?: { version?: unknown } };
  const v = toml.package?.version;
  return {
    name: p.name,
    version: p.version,
    manifestPath: p.manifest_path,
    dir: dirname(p.manifest_path),
    inheritsVersion: typeof v === "object" && v !== null && (v as { workspace?: unknown }).workspace === true,
    hasVersion: v !== undefined,
    publish: !(Array.isArray(p.publish) && p.publish.length === 0),
    bins: p.targets.filter((t) => t.kind.includes("bin")).map((t) => t.name),
    dependencies: p.dependencies.map((d) => ({
      name: d.name,
      ...(d.rename ? { rename: d.rename } : {}),
      ...(d.path ? { path: d.path } : {}),
      kind: d.kind === "dev" ? "dev" : d.kind === "build" ? "build" : "normal",
      req: d.req,
    })),
  };
}
