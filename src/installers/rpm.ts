import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { normalizeEntries } from "../binaries/archive-paths.js";
import { getError } from "../errors/get-error.js";
import { exec } from "../util/exec.js";
import { rpmVersion, type LinuxPackageInput } from "./linux-package.js";

/** `rgreet-1.2.3~beta.1-1.x86_64.rpm`: the usual name of an RPM (`Release` is always 1). */
export const rpmFileName = (name: string, version: string, arch: string): string =>
  `${name}-${rpmVersion(version)}-1.${arch}.rpm`;

/** rpm expands `%` in a spec: text from Cargo.toml is written with `%%`. */
const literal = (s: string): string => s.replace(/%/g, "%%").replace(/\n/g, " ");

/**
 * The spec `rpmbuild -bb --buildroot <staged>` packages the staged folder with: no build or install step, no
 * strip, no automatic requires (the libc requirement is written out), none of the shell steps rpmbuild would run
 * around it (each a process: they made the .rpm three times slower than the .deb), and the macros that make the bytes depend on the inputs only: the build time and
 * every mtime set to `SOURCE_DATE_EPOCH`, a fixed build host, no build-id links, a gzip payload.
 */
export function rpmSpec(p: LinuxPackageInput): string {
  const entries = normalizeEntries(p.entries);
  const ownDirs = entries.filter((e) => e.type === "dir" && /^usr\/share\/doc\/[^/]+$/.test(e.path));
  const files = [
    ...ownDirs.map((e) => `%dir /${e.path}`),
    ...entries
      .filter((e) => e.type === "file")
      .map((e) => `%attr(${(e.mode & 0o7777).toString(8).padStart(4, "0")},root,root) /${e.path}`),
  ];
  return [
    "%define _build_id_links none",
    "%define _buildhost reproducible",
    "%define use_source_date_epoch_as_buildtime 1",
    "%define clamp_mtime_to_source_date_epoch 1",
    "%define _binary_payload w6.gzdio",
    "%define __os_install_post %{nil}",
    "%define debug_package %{nil}",
    "%define __check_files %{nil}",
    "%define __spec_clean_body %{nil}",
    "%define __spec_rmbuild_cmd %{nil}",
    `Name: ${p.name}`,
    `Version: ${rpmVersion(p.version)}`,
    "Release: 1",
    `Summary: ${literal(p.summary)}`,
    `License: ${literal(p.license ?? "LicenseRef-Unknown")}`,
    ...(p.homepage ? [`URL: ${literal(p.homepage)}`] : []),
    `Packager: ${literal(p.maintainer)}`,
    "AutoReqProv: no",
    ...p.depends.map((d) => `Requires: ${literal(d)}`),
    "",
    "%description",
    p.description.replace(/%/g, "%%"),
    "",
    "%files",
    ...files,
    "",
  ].join("\n");
}

/** Writes the entries into `root` with their modes (the buildroot `rpmbuild` copies from). */
async function stage(root: string, p: LinuxPackageInput): Promise<void> {
  for (const e of normalizeEntries(p.entries)) {
    const path = join(root, e.path);
    if (e.type === "dir") await mkdir(path, { recursive: true });
    else if (e.type === "file") {
      await mkdir(dirname(path), { recursive: true });
      if (e.content === undefined) await copyFile(e.source ?? "", path);
      else await writeFile(path, e.content);
      await chmod(path, e.mode & 0o7777);
    }
  }
}

/**
 * The bytes of a `.rpm` built by `rpmbuild` from a generated spec in a temp `_topdir`, with `--target <arch>`
 * and `SOURCE_DATE_EPOCH`; the same inputs give the same bytes. `ERPMBUILD` when rpmbuild is missing or fails.
 */
export async function rpmBytes(p: LinuxPackageInput, env: NodeJS.ProcessEnv): Promise<Buffer> {
  const top = await mkdtemp(join(env.TMPDIR || tmpdir(), "srr-rpm-"));
  try {
    const staged = join(top, "staged");
    await stage(staged, p);
    await writeFile(join(top, "package.spec"), rpmSpec(p));
    const file = rpmFileName(p.name, p.version, p.arch);
    const defines = [`_topdir ${top}`, `_rpmdir ${top}/out`, `_rpmfilename ${file}`, `_tmppath ${top}/tmp`];
    const args = [
      "-bb",
      "--quiet",
      "--noclean",
      `--target=${p.arch}-linux`,
      `--buildroot=${staged}`,
      ...defines.flatMap((d) => ["--define", d]),
    ];
    const r = await exec("rpmbuild", [...args, join(top, "package.spec")], {
      env: { ...env, SOURCE_DATE_EPOCH: String(p.mtime), LC_ALL: "C" },
      reject: false,
    }).catch((e: NodeJS.ErrnoException) => ({ code: 127, stdout: "", stderr: e.code ?? String(e) }));
    if (r.code !== 0)
      throw getError("ERPMBUILD", { file, reason: r.stderr.trim().split("\n").slice(-5).join("\n") });
    return await readFile(join(top, "out", file));
  } finally {
    await rm(top, { recursive: true, force: true });
  }
}
