import type { InstallerKind } from "../config/options/installers.js";
import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import type { PushRepo } from "./git-push.js";
import type { plannedPackages } from "./linux-packages.js";
import { onePerPlatform, type PlatformArchive } from "./platforms.js";

/** The Homebrew tap: where the formula is pushed and how people install from it. */
export interface TapInfo {
  /** The git URL cloned and pushed. */
  url: string;
  /** How logs and the preview name it (`owner/homebrew-tap`, or the URL). */
  display: string;
  /** `brew install` argument (`owner/tap/rgreet`); the notes add a `brew tap` line when `tapUrl` is set. */
  brewName: string;
  /** For a tap that `brew tap owner/name` alone does not find (not `github.com/owner/homebrew-name`). */
  tapUrl?: string;
}

/** The formula's fields that do not come from the archives. */
export interface FormulaInfo {
  className: string;
  desc: string;
  homepage?: string;
  license?: string;
  tap: TapInfo;
}

/** What the Windows package manifests say about the program besides its archives. */
export interface PackageInfo {
  description: string;
  homepage?: string;
  license?: string;
  /** `https://github.com/owner/repo` when the repository is on github.com (Scoop's `checkver`). */
  githubUrl?: string;
}

/** The Scoop bucket: where the manifest is pushed, and the name `scoop bucket add` gives it. */
export interface BucketInfo extends PushRepo {
  /** `acme` for `scoop bucket add acme https://github.com/acme/scoop-bucket`. */
  localName: string;
  /** The URL `scoop bucket add` takes (no credentials). */
  addUrl: string;
}

/** The winget package: its identifier and publisher. */
export interface WingetInfo {
  publisher: string;
  packageIdentifier: string;
}

/** The Chocolatey package: its id and authors. */
export interface ChocolateyInfo {
  id: string;
  authors: string;
}

/** Everything the installers of one release are made from, as plain data. */
export interface InstallerPlan {
  /** Formula name and prefix of the scripts' variables. */
  name: string;
  version: string;
  /** The folder URL the archives are downloaded from. */
  downloadUrl: string;
  /** `RGREET`: the scripts read `RGREET_INSTALL_DIR`, `RGREET_DOWNLOAD_URL`, `RGREET_MINISIGN_KEY`. */
  envPrefix: string;
  /** The programs every archive holds under `bin/` (the formula's test runs the first). */
  binaries: string[];
  archives: PlatformArchive[];
  installers: InstallerKind[];
  minisignPublicKey?: string;
  formula?: FormulaInfo;
  /** For `scoop`, `winget` and `chocolatey`. */
  info?: PackageInfo;
  bucket?: BucketInfo;
  winget?: WingetInfo;
  chocolatey?: ChocolateyInfo;
  /** The `.deb` and `.rpm` of the `linuxPackages` option, and whether they are signed. */
  linuxPackages?: ReturnType<typeof plannedPackages> & { signed: boolean };
}

/** One file an installer writes into the dist folder, with the archives it serves. */
export interface PlannedOutput {
  kind: InstallerKind;
  /** Relative to the dist folder. */
  file: string;
  archives: PlatformArchive[];
}

const rankWindows = (a: PlatformArchive) => ["msvc", "gnu", "gnullvm"].indexOf(a.abi ?? "") + 1 || 9;
const BREW_SLOTS = ["darwin/aarch64", "darwin/x86_64", "linux/aarch64", "linux/x86_64"];

/** One tar archive per Homebrew platform (macOS and Linux, arm64 and x86_64), static musl builds first. */
export function brewArchives(archives: readonly PlatformArchive[]): PlatformArchive[] {
  const tars = archives.filter((a) => a.format !== "zip");
  return BREW_SLOTS.flatMap((slot) => {
    const fits = tars.filter((a) => `${a.os}/${a.arch}` === slot);
    return fits.find((a) => a.libc === "musl") ?? fits.slice(0, 1);
  });
}

/** One archive per Windows CPU (msvc builds first). */
const windowsArchives = (a: readonly PlatformArchive[]) =>
  onePerPlatform(
    a.filter((x) => x.os === "windows"),
    rankWindows,
  );

/** The Windows CPUs the package managers name, as `PlatformArchive.arch`. */
const PACKAGE_CPUS = ["x86_64", "aarch64", "i686"];

/** One `.zip` per Windows CPU that Scoop and winget know (x64, arm64, x86), msvc builds first. */
export const windowsZips = (a: readonly PlatformArchive[]): PlatformArchive[] =>
  windowsArchives(a.filter((x) => x.format === "zip" && PACKAGE_CPUS.includes(x.arch))).sort(
    (x, y) => PACKAGE_CPUS.indexOf(x.arch) - PACKAGE_CPUS.indexOf(y.arch),
  );

/** Chocolatey's `Install-ChocolateyZipPackage` takes a 64-bit and a 32-bit URL: the x86_64 and i686 zips. */
export const chocolateyZips = (a: readonly PlatformArchive[]): PlatformArchive[] =>
  windowsZips(a).filter((x) => x.arch !== "aarch64");

/** The winget identifier's files: `Acme.Rgreet.yaml`, `.installer.yaml`, `.locale.en-US.yaml`. */
const wingetFiles = (p: InstallerPlan): string[] => {
  const id = p.winget?.packageIdentifier ?? p.name;
  return ["", ".installer", ".locale.en-US"].map((x) => `winget/${id}${x}.yaml`);
};

type Serves = { files: (p: InstallerPlan) => string[]; pick: typeof brewArchives };
const SERVES: Record<InstallerKind, Serves> = {
  shell: { files: () => ["install.sh"], pick: (a) => onePerPlatform(a.filter((x) => x.os !== "windows")) },
  powershell: { files: () => ["install.ps1"], pick: windowsArchives },
  homebrew: { files: (p) => [`homebrew/${p.name.toLowerCase()}.rb`], pick: brewArchives },
  scoop: { files: (p) => [`scoop/${p.name.toLowerCase()}.json`], pick: windowsZips },
  winget: { files: wingetFiles, pick: windowsZips },
  chocolatey: {
    files: (p) => {
      const id = p.chocolatey?.id ?? p.name;
      return [`chocolatey/${id}/${id}.nuspec`, `chocolatey/${id}/tools/chocolateyinstall.ps1`];
    },
    pick: chocolateyZips,
  },
};

/** What each configured installer writes; a script with no archive to serve is skipped (and said so). */
export function plannedOutputs(plan: InstallerPlan): { outputs: PlannedOutput[]; skipped: InstallerKind[] } {
  const outputs: PlannedOutput[] = [];
  const skipped: InstallerKind[] = [];
  for (const kind of plan.installers) {
    const archives = SERVES[kind].pick(plan.archives);
    if (archives.length === 0) skipped.push(kind);
    else for (const file of SERVES[kind].files(plan)) outputs.push({ kind, file, archives });
  }
  return { outputs, skipped };
}

/** `RGREET` for `rgreet`, `MY_TOOL` for `my-tool`. */
export const envPrefixOf = (name: string): string =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "_")
    .replace(/^(?=[0-9])/, "_");

/** Homebrew's class name for a formula name: `my-tool` → `MyTool` (as `Formulary.class_s` makes it). */
export const formulaClassName = (name: string): string =>
  (name.charAt(0).toUpperCase() + name.slice(1).toLowerCase())
    .replace(/[-_.\s]([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase())
    .replace(/\+/g, "x")
    .replace(/(.)@(\d)/, "$1AT$2");

/** `EFORMULANAME` when Homebrew would refuse `name` as a formula name. */
export const formulaNameErrors = (name: string): SemanticReleaseError[] =>
  /^[a-z0-9][a-z0-9+._-]*$/.test(name.toLowerCase()) ? [] : [getError("EFORMULANAME", { name })];

/** What stops the plan: a formula name Homebrew refuses, Homebrew without a macOS or Linux archive. */
export function planErrors(plan: InstallerPlan): SemanticReleaseError[] {
  const errors: SemanticReleaseError[] = [];
  if (!plan.installers.includes("homebrew")) return errors;
  errors.push(...formulaNameErrors(plan.name));
  if (brewArchives(plan.archives).length === 0)
    errors.push(
      getError("ENOINSTALLERARCHIVE", {
        installer: "homebrew",
        platforms: "macOS or Linux (arm64 or x86_64, tar.gz/xz/zst)",
        targets: plan.archives.map((a) => a.target),
      }),
    );
  return errors;
}
