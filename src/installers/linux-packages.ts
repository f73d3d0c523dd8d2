import type { LinuxPackageFormat, LinuxPackagesOption } from "../config/options/linux-packages.js";
import { mdCode } from "../util/shell-quote.js";
import { debFileName } from "./deb.js";
import { packageNameOf, packageTargetOf, type PackageTarget } from "./linux-package.js";
import { rpmFileName } from "./rpm.js";

/** One `.deb` or `.rpm` of the release. */
export interface PlannedPackage extends PackageTarget {
  format: LinuxPackageFormat;
  /** Package name (`rgreet`). */
  name: string;
  /** File name in the dist folder and the release. */
  file: string;
}

/**
 * The packages of a release: one `.deb` and one `.rpm` per Linux architecture of `targets`, the gnu build when
 * there are both a gnu and a musl one (the libc of the distributions; the musl build when it is the only one).
 * `skipped` are the targets left out. Pure.
 */
export function plannedPackages(
  name: string,
  version: string,
  targets: readonly string[],
  option: LinuxPackagesOption | undefined,
): { packages: PlannedPackage[]; skipped: string[] } {
  if (!option) return { packages: [], skipped: [] };
  const byArch = new Map<string, PackageTarget>();
  const linux = targets.map(packageTargetOf).filter((t): t is PackageTarget => t !== undefined);
  for (const t of linux) if (!byArch.has(t.deb) || t.libc === "gnu") byArch.set(t.deb, t);
  const chosen = [...byArch.values()];
  const pkg = packageNameOf(name);
  const packages = chosen.flatMap((t) =>
    option.formats.map((format) => ({
      ...t,
      format,
      name: pkg,
      file: format === "deb" ? debFileName(pkg, version, t.deb) : rpmFileName(pkg, version, t.rpm),
    })),
  );
  const skipped = linux.filter((t) => !chosen.includes(t)).map((t) => t.target);
  return { packages, skipped };
}

/** The package of `format` the notes and the preview show: the amd64 one, else the first. Pure. */
const primaryOf = (packages: readonly PlannedPackage[], format: LinuxPackageFormat) => {
  const mine = packages.filter((p) => p.format === format);
  return { first: mine.find((p) => p.deb === "amd64") ?? mine[0], mine };
};

/** The preview's lines: each package with its target, what is uploaded. Pure. */
export function packagePreviewLines(
  plan: { packages: PlannedPackage[]; skipped: string[] },
  o: { downloadUrl: string; signed: boolean },
): string[] {
  if (plan.packages.length === 0) return [];
  const lines = plan.packages.map(
    (p) => `  ${p.file}: ${p.target}${p.libc === "musl" ? " (static, no dependencies)" : ""}`,
  );
  for (const target of plan.skipped)
    lines.push(`  no package of ${target}: the gnu build of its architecture is packaged`);
  const signed = o.signed ? ", signed with the sign.gpg key (.rpm inside, .deb as .deb.asc)" : "";
  lines.push(
    `Would upload the .deb and .rpm packages with their .sha256${signed}: ${o.downloadUrl}/${(primaryOf(plan.packages, "deb").first ?? plan.packages[0])?.file}`,
  );
  return lines;
}

/** The Install section's lines: `apt install` of the amd64 `.deb` and `dnf install` of the x86_64 `.rpm`. Pure. */
export function packageNoteLines(packages: readonly PlannedPackage[], downloadUrl: string): string[] {
  const lines: string[] = [];
  for (const format of ["deb", "rpm"] as const) {
    const { first, mine } = primaryOf(packages, format);
    if (!first) continue;
    const url = `${downloadUrl}/${first.file}`;
    const others = mine.filter((p) => p !== first).map((p) => (format === "deb" ? p.deb : p.rpm));
    const also = others.length ? `; also for ${others.join(", ")}` : "";
    const arch = format === "deb" ? first.deb : first.rpm;
    lines.push(
      format === "deb"
        ? `- Debian, Ubuntu (${arch}${also}): ${mdCode(`curl -fsSLO ${url} && sudo apt install ./${first.file}`)}`
        : `- Fedora, RHEL (${arch}${also}): ${mdCode(`sudo dnf install ${url}`)} (or ${mdCode(`sudo rpm -i ${url}`)})`,
    );
  }
  return lines;
}
