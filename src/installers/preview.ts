import { basename } from "node:path";
import type { InstallerKind } from "../config/options/installers.js";
import { packagePreviewLines } from "./linux-packages.js";
import { plannedOutputs, type InstallerPlan } from "./plan.js";

const SERVES: Record<InstallerKind, string> = {
  shell: "Linux and macOS",
  powershell: "Windows",
  homebrew: "Homebrew formula for macOS and Linux",
  scoop: "Scoop manifest for Windows",
  winget: "winget manifest for Windows",
  chocolatey: "Chocolatey package source for Windows",
};

/** Where the tap push happens: after the GitHub plugin's upload in publish, or in success when it uploads there. */
export type TapStep = "publish" | "success";

/** Kinds whose files go up with the GitHub release (the others are pushed to a repository, or left in dist). */
const UPLOADED = new Set<string>(["shell", "powershell", "winget"]);

/** One file the installers plugin writes (a `.deb`/`.rpm` per target fits the same shape). */
export interface InstallerOutputData {
  /** The `installers` kind that writes it. */
  kind: string;
  /** Relative to the dist folder. */
  path: string;
  /** The targets whose archives it serves. */
  targets: string[];
  /** Uploaded as a release asset (under its base name). */
  uploaded: boolean;
  /** The repository it is pushed to and its path there (the Homebrew tap, the Scoop bucket). */
  publishedTo?: { repo: string; path: string };
}

/** The installers plugin's plan as data (`plan --json`). */
export interface InstallersPlanData {
  distDir: string;
  /** Whether the sha256s are the built archives' (else they are baked in after the build). */
  built: boolean;
  downloadUrl: string;
  /** The step whose end pushes to the tap and the bucket. */
  pushStep: TapStep;
  outputs: InstallerOutputData[];
  /** Kinds with no archive to serve. */
  skipped: string[];
  /** The `.deb` and `.rpm` of `linuxPackages`, one per Linux architecture, and whether they are signed. */
  linuxPackages?: InstallerPlan["linuxPackages"];
}

const pushedTo = (plan: InstallerPlan, kind: InstallerKind) => {
  const name = plan.name.toLowerCase();
  if (kind === "homebrew" && plan.formula)
    return { repo: plan.formula.tap.display, path: `Formula/${name}.rb` };
  if (kind === "scoop" && plan.bucket) return { repo: plan.bucket.display, path: `bucket/${name}.json` };
  return undefined;
};

/** The plan's outputs as data. Pure. */
export function installersPlanData(
  plan: InstallerPlan,
  o: { distDir: string; built: boolean; tapStep: TapStep },
): InstallersPlanData {
  const { outputs, skipped } = plannedOutputs(plan);
  return {
    distDir: o.distDir.replace(/\/+$/, ""),
    built: o.built,
    downloadUrl: plan.downloadUrl,
    pushStep: o.tapStep,
    outputs: outputs.map((out) => {
      const to = pushedTo(plan, out.kind);
      return {
        kind: out.kind,
        path: out.file,
        targets: out.archives.map((a) => a.target),
        uploaded: UPLOADED.has(out.kind),
        ...(to ? { publishedTo: to } : {}),
      };
    }),
    skipped,
    ...(plan.linuxPackages ? { linuxPackages: plan.linuxPackages } : {}),
  };
}

const words = (list: string[]) =>
  list.length > 2 ? `${list.slice(0, -1).join(", ")} and ${list.at(-1)}` : list.join(" and ");

/** The installers' plan as lines (dry runs, `semantic-release-rust plan`), rendered from its data. Pure. */
export function installersPlanLines(data: InstallersPlanData): string[] {
  const lines = [
    `Would write to ${data.distDir}/ (${data.built ? "sha256s of the built archives" : "sha256s baked in once the archives are built"}):`,
  ];
  for (const out of data.outputs)
    lines.push(`  ${out.path}: ${SERVES[out.kind as InstallerKind] ?? out.kind}; ${out.targets.join(", ")}`);
  for (const kind of data.skipped)
    lines.push(`  no ${kind} installer: no archive of this release runs where it does`);
  const uploads = data.outputs.filter((x) => x.uploaded).map((x) => basename(x.path));
  if (uploads.length)
    lines.push(`Would upload ${words(uploads)} with the release: ${data.downloadUrl}/${uploads[0]}`);
  for (const out of data.outputs) {
    const to = out.publishedTo;
    const what = out.kind === "homebrew" ? ["the tap", "formula"] : ["the Scoop bucket", "manifest"];
    if (to)
      lines.push(
        `Would push ${to.path} to ${what[0]} ${to.repo} at the end of ${data.pushStep}, once every archive it names downloads with its sha256 (skipped for prereleases; unchanged ${what[1]}: no commit)`,
      );
  }
  if (data.outputs.some((x) => x.kind === "chocolatey"))
    lines.push(
      "Would leave the Chocolatey package source in the dist folder for `choco pack` (not uploaded)",
    );
  if (data.linuxPackages)
    lines.push(
      ...packagePreviewLines(data.linuxPackages, {
        downloadUrl: data.downloadUrl,
        signed: data.linuxPackages.signed,
      }),
    );
  return lines;
}

/** The installers as lines for dry runs and `semantic-release-rust plan`. Pure. */
export const installersPreviewLines = (
  plan: InstallerPlan,
  o: { distDir: string; built: boolean; tapStep: TapStep },
): string[] => installersPlanLines(installersPlanData(plan, o));
