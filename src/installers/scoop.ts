import type { InstallerPlan } from "./plan.js";
import type { PlatformArchive } from "./platforms.js";

/** Scoop's architecture keys for the archives' CPUs. */
const SCOOP_ARCH: Record<string, string> = { x86_64: "64bit", aarch64: "arm64", i686: "32bit" };

/** The archive's URL in the release. */
export const archiveUrl = (plan: InstallerPlan, a: PlatformArchive): string =>
  `${plan.downloadUrl}/${encodeURIComponent(a.file)}`;

/** The path of each program inside the archive's top folder, Windows style (`bin\rgreet.exe`). */
export const exePaths = (plan: InstallerPlan): string[] =>
  (plan.binaries.length ? plan.binaries : [plan.name]).map((b) => `bin\\${b}.exe`);

/** `text` with the release's version as Scoop's `$version` (for `autoupdate`). */
const templated = (plan: InstallerPlan, text: string): string => text.split(plan.version).join("$version");

/**
 * The Scoop manifest of a release (`bucket/rgreet.json`): a URL, sha256 and top folder per Windows CPU
 * (`64bit`, `arm64`, `32bit`), the programs of `bin\` on the PATH, and `checkver`/`autoupdate` so
 * `checkver -u` can follow later releases. Pure.
 */
export function renderScoop(plan: InstallerPlan, archives: readonly PlatformArchive[]): string {
  const info = plan.info ?? { description: plan.name };
  const arch = (a: PlatformArchive) => ({
    url: archiveUrl(plan, a),
    hash: a.sha256 ?? "",
    extract_dir: a.topDir,
  });
  const auto = (a: PlatformArchive) => ({
    url: templated(plan, archiveUrl(plan, a)),
    extract_dir: templated(plan, a.topDir),
  });
  const byArch = (f: (a: PlatformArchive) => object) =>
    Object.fromEntries(archives.map((a) => [SCOOP_ARCH[a.arch] ?? a.arch, f(a)]));
  const manifest = {
    version: plan.version,
    description: info.description,
    homepage: info.homepage ?? plan.downloadUrl,
    license: info.license ?? "Unknown",
    architecture: byArch(arch),
    bin: exePaths(plan),
    ...(info.githubUrl ? { checkver: { github: info.githubUrl } } : {}),
    autoupdate: { architecture: byArch(auto) },
  };
  return `${JSON.stringify(manifest, null, 4)}\n`;
}
