import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare, publish, verifyConditions } from "../../src/installers/index.js";
import { installerNoteLines } from "../../src/installers/notes.js";
import { installersPlanLines } from "../../src/installers/preview.js";
import { readInstallersPlan } from "../../src/installers/verify-release.js";
import { planJson } from "../../src/plan/plan-json.js";
import { planRelease } from "../../src/plan/release-plan.js";
import { readManifest, writeManifest, type Artifact } from "../../src/manifest/dist-manifest.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { initExamplesRepo, removeRepo, type TestRepo } from "../helpers/git-utils.js";

const VERSION = "1.2.3";
/** The `description` of examples/crates/rgreet/Cargo.toml. */
const DESC = "Prints a greeting. The example binary that semantic-release-rust releases.";
const TARGETS = [
  "x86_64-pc-windows-msvc",
  "x86_64-pc-windows-gnu",
  "aarch64-pc-windows-msvc",
  "i686-pc-windows-msvc",
];
const top = (t: string) => `rgreet-v${VERSION}-${t}`;
const zipOf = (t: string) => `${top(t)}.zip`;
const PLUGINS = [
  "semantic-release-rust/binaries",
  "semantic-release-rust/github",
  "semantic-release-rust/installers",
];

/** The fields of a Scoop manifest the tests read. */
interface ScoopManifest {
  version: string;
  description: string;
  homepage: string;
  license: string;
  architecture: Record<string, { url: string; hash: string; extract_dir: string }>;
  bin: string[];
  checkver: unknown;
  autoupdate: { architecture: Record<string, unknown> };
}

let repo: TestRepo;
let dist: string;
let bucket: string;
let server: Server;
let base: string;
const sha: Record<string, string> = {};

/** Windows archives as the binaries plugin lays them out (`{top}/bin/rgreet.exe`), made with python's zipfile. */
async function writeWindowsArchives(): Promise<Artifact[]> {
  const artifacts: Artifact[] = [];
  for (const t of TARGETS) {
    const script = `import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  z.writestr(sys.argv[2] + "/bin/rgreet.exe", "MZ fake " + sys.argv[2])\n  z.writestr(sys.argv[2] + "/README.md", "rgreet")\n`;
    await exec("python3", ["-c", script, join(dist, zipOf(t)), top(t)]);
    const bytes = await readFile(join(dist, zipOf(t)));
    sha[t] = createHash("sha256").update(bytes).digest("hex");
    artifacts.push({ path: zipOf(t), kind: "archive", target: t, size: bytes.length, sha256: sha[t] });
    artifacts.push({
      path: `bin/${t}/rgreet.exe`,
      kind: "binary",
      target: t,
      size: 1,
      sha256: "0".repeat(64),
      binary: "rgreet",
    });
  }
  return artifacts;
}

const config = () => ({
  installers: ["scoop", "winget", "chocolatey"],
  downloadUrl: `${base}/{gitTag}`,
  scoop: { bucket },
  winget: { publisher: "Acme Corp" },
});
const context = (env: Record<string, string> = {}) =>
  testContext(repo.cwd, {
    env: { ...process.env, ...env },
    options: { repositoryUrl: "https://github.com/acme/rgreet.git", plugins: PLUGINS },
    nextRelease: { version: VERSION, gitTag: `v${VERSION}`, name: `v${VERSION}` },
  });
const text = (path: string) => readFile(join(dist, path), "utf8");
const bucketLog = async () =>
  (await exec("git", ["--git-dir", bucket, "log", "--format=%s"], { reject: false })).stdout.trim();

beforeAll(async () => {
  repo = await initExamplesRepo({ publicUrl: "https://github.com/acme/rgreet.git" });
  dist = join(repo.cwd, "dist");
  await mkdir(dist, { recursive: true });
  bucket = join(repo.base, "scoop-bucket.git");
  await exec("git", ["init", "-q", "--bare", "-b", "main", bucket]);
  // The release's download folder: a real HTTP server over dist/ at /v1.2.3/.
  server = createServer((req, res) => {
    const file = decodeURIComponent((req.url ?? "").replace(/^\/v[^/]+\//, ""));
    readFile(join(dist, file)).then(
      (b) => res.end(b),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeManifest(dist, { schemaVersion: 1, version: VERSION, artifacts: await writeWindowsArchives() });
  await prepare(config(), context());
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  await removeRepo(repo);
});

describe("Scoop, winget and Chocolatey from the Windows archives", () => {
  it("lists the files in the manifest: winget's as uploaded installers, Scoop's and Chocolatey's kept out of the release", async () => {
    const kinds = (await readManifest(dist))?.artifacts.filter(
      (a) => a.kind === "installer" || a.kind === "formula",
    );
    expect(kinds?.map((a) => `${a.kind} ${a.path}`).sort()).toEqual([
      "formula chocolatey/rgreet/rgreet.nuspec",
      "formula chocolatey/rgreet/tools/chocolateyinstall.ps1",
      "formula scoop/rgreet.json",
      "installer winget/AcmeCorp.Rgreet.installer.yaml",
      "installer winget/AcmeCorp.Rgreet.locale.en-US.yaml",
      "installer winget/AcmeCorp.Rgreet.yaml",
    ]);
  });

  it("writes a Scoop manifest with the schema's fields, a URL and the archive's sha256 per CPU, and the exe inside it", async () => {
    const m = JSON.parse(await text("scoop/rgreet.json")) as ScoopManifest;
    expect(m.version).toMatch(/^[\w.\-+_]+$/);
    expect(m.version).toBe(VERSION);
    expect(m.description).toBe(DESC);
    expect(m.license).toBe("MIT");
    expect(m.homepage).toBe("https://github.com/example/rgreet");
    expect(Object.keys(m.architecture)).toEqual(["64bit", "arm64", "32bit"]);
    const cpu = {
      "64bit": "x86_64-pc-windows-msvc",
      arm64: "aarch64-pc-windows-msvc",
      "32bit": "i686-pc-windows-msvc",
    };
    for (const [arch, t] of Object.entries(cpu)) {
      expect(m.architecture[arch]).toEqual({
        url: `${base}/v${VERSION}/${zipOf(t)}`,
        hash: sha[t],
        extract_dir: top(t),
      });
      const listing = (await exec("unzip", ["-Z1", join(dist, zipOf(t))])).stdout.split("\n");
      for (const bin of m.bin as string[])
        expect(listing).toContain(`${top(t)}/${bin.replaceAll("\\", "/")}`);
    }
    expect(m.bin).toEqual(["bin\\rgreet.exe"]);
    expect(m.checkver).toEqual({ github: "https://github.com/acme/rgreet" });
    expect(m.autoupdate.architecture["64bit"]).toEqual({
      url: `${base}/v$version/rgreet-v$version-x86_64-pc-windows-msvc.zip`,
      extract_dir: "rgreet-v$version-x86_64-pc-windows-msvc",
    });
  });

  it("writes the three winget 1.6 manifests, each with every field its schema requires, matching its patterns", async () => {
    const id = "AcmeCorp.Rgreet";
    const load = async (f: string) => {
      const t = await text(`winget/${f}`);
      return { head: t.split("\n")[0], doc: yaml.load(t) as Record<string, unknown> };
    };
    const version = await load(`${id}.yaml`);
    const installer = await load(`${id}.installer.yaml`);
    const locale = await load(`${id}.locale.en-US.yaml`);
    const schema = (type: string) =>
      `# yaml-language-server: $schema=https://aka.ms/winget-manifest.${type}.1.6.0.schema.json`;
    expect([version.head, installer.head, locale.head]).toEqual([
      schema("version"),
      schema("installer"),
      schema("defaultLocale"),
    ]);
    const part = String.raw`[^.\s\\/:*?"<>|\x01-\x1f]{1,32}`;
    for (const { doc } of [version, installer, locale]) {
      expect(doc.PackageIdentifier).toMatch(new RegExp(`^${part}(\\.${part}){1,7}$`));
      expect(doc.PackageIdentifier).toBe(id);
      expect(doc.PackageVersion).toMatch(/^[^\\/:*?"<>|\x01-\x1f]+$/);
      expect(doc.PackageVersion).toBe(VERSION);
      expect(doc.ManifestVersion).toBe("1.6.0");
    }
    expect(version.doc).toMatchObject({ DefaultLocale: "en-US", ManifestType: "version" });
    expect(locale.doc).toMatchObject({
      PackageLocale: "en-US",
      Publisher: "Acme Corp",
      PackageName: "rgreet",
      License: "MIT",
      ShortDescription: DESC,
      ManifestType: "defaultLocale",
    });
    expect(installer.doc).toMatchObject({
      InstallerType: "zip",
      NestedInstallerType: "portable",
      ManifestType: "installer",
    });
    const arches = {
      x64: "x86_64-pc-windows-msvc",
      arm64: "aarch64-pc-windows-msvc",
      x86: "i686-pc-windows-msvc",
    };
    expect(installer.doc.Installers).toEqual(
      Object.entries(arches).map(([Architecture, t]) => ({
        Architecture,
        InstallerUrl: `${base}/v${VERSION}/${zipOf(t)}`,
        InstallerSha256: sha[t]?.toUpperCase(),
        NestedInstallerFiles: [
          { RelativeFilePath: `${top(t)}\\bin\\rgreet.exe`, PortableCommandAlias: "rgreet" },
        ],
      })),
    );
    for (const i of installer.doc.Installers as { InstallerSha256: string }[])
      expect(i.InstallerSha256).toMatch(/^[A-F0-9]{64}$/);
  });

  it("writes a Chocolatey .nuspec that parses as XML and an install script with each URL and checksum", async () => {
    const nuspec = join(dist, "chocolatey/rgreet/rgreet.nuspec");
    const py = `import sys, xml.etree.ElementTree as ET\nns = {"n": "http://schemas.microsoft.com/packaging/2015/06/nuspec.xsd"}\nm = ET.parse(sys.argv[1]).getroot().find("n:metadata", ns)\nfor k in ["id", "version", "title", "authors", "projectUrl", "licenseUrl", "description", "tags"]:\n  print(k + "=" + m.find("n:" + k, ns).text)\n`;
    const fields = (await exec("python3", ["-c", py, nuspec])).stdout.trim().split("\n");
    expect(fields).toEqual([
      "id=rgreet",
      `version=${VERSION}`,
      "title=rgreet",
      "authors=acme",
      "projectUrl=https://github.com/example/rgreet",
      "licenseUrl=https://github.com/acme/rgreet/blob/HEAD/LICENSE",
      `description=${DESC}`,
      "tags=rgreet cli MIT",
    ]);
    const ps1 = await text("chocolatey/rgreet/tools/chocolateyinstall.ps1");
    expect(ps1).toContain("Install-ChocolateyZipPackage @packageArgs");
    expect(ps1).toContain(`Url64bit       = '${base}/v${VERSION}/${zipOf("x86_64-pc-windows-msvc")}'`);
    expect(ps1).toContain(`Checksum64     = '${sha["x86_64-pc-windows-msvc"]}'`);
    expect(ps1).toContain(`Url            = '${base}/v${VERSION}/${zipOf("i686-pc-windows-msvc")}'`);
    expect(ps1).toContain(`Checksum       = '${sha["i686-pc-windows-msvc"]}'`);
    expect(ps1).toContain("ChecksumType64 = 'sha256'");
  });

  it("pushes the Scoop manifest to the bucket once its archives download; publishing again makes no commit", async () => {
    const first = context();
    await publish(config(), first);
    expect(await bucketLog()).toBe(`rgreet ${VERSION}`);
    const pushed = (await exec("git", ["--git-dir", bucket, "show", "HEAD:bucket/rgreet.json"])).stdout;
    expect(pushed).toBe(await text("scoop/rgreet.json"));
    expect(first.lines.join("\n")).toContain(
      `Pushed bucket/rgreet.json (${VERSION}) to the Scoop bucket ${bucket}`,
    );
    const again = context();
    await publish(config(), again);
    expect(await bucketLog()).toBe(`rgreet ${VERSION}`);
    expect(again.lines.join("\n")).toContain("already has bucket/rgreet.json");
  });

  it("gives the plan as data (plan --json), the preview lines and the Install section's lines", async () => {
    const data = await readInstallersPlan(config(), context(), { version: VERSION, gitTag: `v${VERSION}` });
    expect(data.outputs.find((o) => o.kind === "scoop")).toEqual({
      kind: "scoop",
      path: "scoop/rgreet.json",
      targets: ["x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc", "i686-pc-windows-msvc"],
      uploaded: false,
      publishedTo: { repo: bucket, path: "bucket/rgreet.json" },
    });
    expect(data.outputs.filter((o) => o.uploaded).map((o) => o.path)).toHaveLength(3);
    const lines = installersPlanLines(data);
    expect(lines).toContain(
      `Would upload AcmeCorp.Rgreet.yaml, AcmeCorp.Rgreet.installer.yaml and AcmeCorp.Rgreet.locale.en-US.yaml with the release: ${base}/v${VERSION}/AcmeCorp.Rgreet.yaml`,
    );
    expect(
      lines.some((l) => l.startsWith(`Would push bucket/rgreet.json to the Scoop bucket ${bucket}`)),
    ).toBe(true);
    const onGithub = { ...config(), scoop: { bucket: "acme/scoop-bucket" } };
    const listed = [...PLUGINS.slice(0, 2), ["semantic-release-rust/installers", onGithub]];
    const notes = await installerNoteLines({
      ...context(),
      options: { ...context().options, plugins: listed },
    });
    expect(notes).toEqual([
      "- Scoop: `scoop bucket add acme https://github.com/acme/scoop-bucket; scoop install acme/rgreet`",
      "- winget (once the manifests are accepted into winget-pkgs): `winget install --id AcmeCorp.Rgreet --exact`",
    ]);
  });

  it("is in `plan --json`: the installers plugin's data lists every output", async () => {
    const name = "semantic-release-rust/installers";
    const plan = await planRelease({
      cwd: repo.cwd,
      env: { ...process.env },
      rc: {
        file: ".releaserc.json",
        globals: { repositoryUrl: "https://github.com/acme/rgreet.git" },
        plugins: [{ name, options: config(), entry: name, pluginConfig: { ...config() } }],
      },
      version: VERSION,
      log: () => undefined,
    });
    const part = planJson(plan).plugins.find((p) => p.plugin === name);
    expect(part?.status, JSON.stringify(part?.problems)).toBe("ok");
    const data = part?.data?.plugin === name ? part.data : undefined;
    expect(data?.built).toBe(true);
    expect(data?.outputs.map((o) => `${o.kind} ${o.path}${o.uploaded ? " (uploaded)" : ""}`)).toEqual([
      "scoop scoop/rgreet.json",
      "winget winget/AcmeCorp.Rgreet.yaml (uploaded)",
      "winget winget/AcmeCorp.Rgreet.installer.yaml (uploaded)",
      "winget winget/AcmeCorp.Rgreet.locale.en-US.yaml (uploaded)",
      "chocolatey chocolatey/rgreet/rgreet.nuspec",
      "chocolatey chocolatey/rgreet/tools/chocolateyinstall.ps1",
    ]);
    expect(part?.lines[0]).toBe("Would write to dist/ (sha256s of the built archives):");
  });

  it("does not push a manifest whose archives do not download with their sha256 (ESCOOPASSETS)", async () => {
    const path = join(dist, zipOf("aarch64-pc-windows-msvc"));
    const original = await readFile(path);
    await writeFile(path, "not the archive that was built");
    try {
      const error = await rejection(publish(config(), context()));
      expect(errorCodes(error)).toEqual(["ESCOOPASSETS"]);
      expect(await bucketLog()).toBe(`rgreet ${VERSION}`);
    } finally {
      await writeFile(path, original);
    }
  });

  it("verifyConditions wants a token for an https bucket and a winget identifier winget-pkgs accepts", async () => {
    const bad = {
      installers: ["scoop", "winget"],
      scoop: { bucket: "acme/scoop-bucket" },
      winget: { packageIdentifier: "rgreet" },
    };
    const error = await rejection(
      verifyConditions(bad, context({ GH_TOKEN: "", GITHUB_TOKEN: "", SCOOP_BUCKET_TOKEN: "" })),
    );
    expect(errorCodes(error).sort()).toEqual(["ENOBUCKETTOKEN", "EWINGETID"]);
    const wrong = await rejection(verifyConditions({ scoop: { bukket: "x" } }, context()));
    expect(errorCodes(wrong)).toEqual(["EINVALIDSCOOP"]);
  });
});
