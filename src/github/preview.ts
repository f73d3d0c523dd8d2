import type { GithubPlanData } from "./plan.js";

/** The GitHub plan as the preview reads it (the upload order and its source are optional). */
export type GithubPreview = Omit<GithubPlanData, "assets" | "assetsFrom"> &
  Partial<Pick<GithubPlanData, "assets" | "assetsFrom">>;

const yesNo = (b: boolean) => (b ? "yes" : "no");

/** The preview as a few lines: who creates which release and how, then every asset that would be uploaded. */
export function githubPreviewLines(p: GithubPreview): string[] {
  const flags = `prerelease: ${yesNo(p.prerelease)}, latest: ${p.makeLatest}`;
  const release = `the GitHub release ${p.tag}${p.name === p.tag ? "" : ` "${p.name}"`} of ${p.repository} at ${p.apiUrl}`;
  const lines = [
    p.upstream === "none"
      ? `Would create ${release} as a draft, upload and verify its assets, then ${p.draftRelease ? "leave it a draft (draftRelease)" : "publish it"} (${flags})`
      : p.upstream === "after"
        ? `@semantic-release/github (listed after this plugin) would create ${release} (${flags}); this plugin would upload and verify its assets in the success step`
        : `@semantic-release/github (listed before this plugin) would create ${release} (${flags}); this plugin would upload and verify its assets in publish`,
  ];
  const dist = p.distDir.replace(/\/+$/, "");
  if (p.manifestAssets) {
    lines.push(`  assets from ${dist}/manifest.json: ${p.manifestAssets.join(", ") || "none"}`);
  } else if (p.plannedAssets) {
    lines.push(
      `  assets from ${dist}/manifest.json after prepare, as the binaries plan names them: ${p.plannedAssets.join(", ") || "none"}`,
    );
  } else {
    lines.push(`  assets: every archive, .sha256 file and SHA256SUMS of ${dist}/manifest.json after prepare`);
  }
  for (const g of p.globs) {
    lines.push(
      g.names.length > 0
        ? `  assets "${g.pattern}": ${g.names.join(", ")}`
        : `  assets "${g.pattern}": matches no file now (the release fails unless prepare creates one)`,
    );
  }
  if (p.assetLabel) lines.push(`  labels of the manifest's assets: "${p.assetLabel}"`);
  return lines;
}
