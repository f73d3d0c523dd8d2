import { packagePreviewLines } from "./linux-packages.js";
import { plannedOutputs, type InstallerPlan } from "./plan.js";

const SERVES = {
  shell: "Linux and macOS",
  powershell: "Windows",
  homebrew: "Homebrew formula for macOS and Linux",
} as const;

/** Where the tap push happens: after the GitHub plugin's upload in publish, or in success when it uploads there. */
export type TapStep = "publish" | "success";

/**
 * The installers as lines for dry runs and `semantic-release-rust plan`: each file with the archives it serves,
 * what is uploaded, and where the formula goes. Pure.
 */
export function installersPreviewLines(
  plan: InstallerPlan,
  o: { distDir: string; built: boolean; tapStep: TapStep },
): string[] {
  const { outputs, skipped } = plannedOutputs(plan);
  const lines = [
    `Would write to ${o.distDir.replace(/\/+$/, "")}/ (${o.built ? "sha256s of the built archives" : "sha256s baked in once the archives are built"}):`,
  ];
  for (const out of outputs)
    lines.push(`  ${out.file}: ${SERVES[out.kind]}; ${out.archives.map((a) => a.target).join(", ")}`);
  for (const kind of skipped)
    lines.push(`  no ${kind} installer: no archive of this release runs where it does`);
  const scripts = outputs.filter((x) => x.kind !== "homebrew").map((x) => x.file);
  if (scripts.length)
    lines.push(`Would upload ${scripts.join(" and ")} with the release: ${plan.downloadUrl}/${scripts[0]}`);
  const formula = outputs.find((x) => x.kind === "homebrew");
  if (formula && plan.formula)
    lines.push(
      `Would push Formula/${plan.name.toLowerCase()}.rb to the tap ${plan.formula.tap.display} at the end of ${o.tapStep}, once every archive it names downloads with its sha256 (skipped for prereleases; unchanged formula: no commit)`,
    );
  if (plan.linuxPackages)
    lines.push(
      ...packagePreviewLines(plan.linuxPackages, {
        downloadUrl: plan.downloadUrl,
        signed: plan.linuxPackages.signed,
      }),
    );
  return lines;
}
