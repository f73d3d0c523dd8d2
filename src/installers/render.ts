import { throwAll } from "../errors/get-error.js";
import { unsafeNameErrors } from "../util/shell-quote.js";
import { renderChocolateyInstall, renderNuspec } from "./choco.js";
import { renderFormula } from "./homebrew-formula.js";
import { renderInstallPs1 } from "./install-ps1.js";
import { renderInstallSh } from "./install-sh.js";
import { plannedOutputs, type InstallerPlan, type PlannedOutput } from "./plan.js";
import type { PlatformArchive } from "./platforms.js";
import { renderScoop } from "./scoop.js";
import { renderWinget } from "./winget.js";

/** An installer file with its text. */
export interface RenderedOutput extends PlannedOutput {
  text: string;
}

type Render = (p: InstallerPlan, a: readonly PlatformArchive[], file: string) => string;
const RENDER: Record<PlannedOutput["kind"], Render> = {
  shell: renderInstallSh,
  powershell: renderInstallPs1,
  homebrew: (p, a) => renderFormula(p, p.formula as NonNullable<InstallerPlan["formula"]>, a),
  scoop: renderScoop,
  winget: renderWinget,
  chocolatey: (p, a, file) => (file.endsWith(".nuspec") ? renderNuspec(p) : renderChocolateyInstall(p, a)),
};

/** The plan's words of the Windows package manifests (checked like the scripts' names). */
const packageValues = (plan: InstallerPlan): string[] => {
  const { info, winget, chocolatey } = plan;
  return [
    ...(info ? [info.description, info.homepage ?? "", info.license ?? ""] : []),
    ...(winget ? [winget.publisher, winget.packageIdentifier] : []),
    ...(chocolatey ? [chocolatey.id, chocolatey.authors] : []),
  ];
};

/**
 * Every configured installer's file. Names and URLs with a line break or another control character are refused
 * (`EUNSAFENAME`): each value is one quoted word of a script, and a line break would end it. Pure.
 */
export function renderOutputs(plan: InstallerPlan): RenderedOutput[] {
  const { outputs } = plannedOutputs(plan);
  return outputs.map((o) => {
    const values = [plan.name, plan.downloadUrl, plan.minisignPublicKey ?? "", ...plan.binaries];
    for (const a of o.archives) values.push(a.file, a.target);
    if (o.kind === "homebrew" && plan.formula) {
      const f = plan.formula;
      values.push(f.desc, f.homepage ?? "", f.license ?? "");
    }
    if (o.kind === "scoop" || o.kind === "winget" || o.kind === "chocolatey")
      values.push(...packageValues(plan));
    throwAll(unsafeNameErrors(values, o.file));
    return { ...o, text: RENDER[o.kind](plan, o.archives, o.file) };
  });
}
