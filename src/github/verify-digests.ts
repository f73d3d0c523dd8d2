import type { LocalAsset } from "./collect-assets.js";
import { sameContent } from "./plan.js";
import type { RemoteAsset } from "./releases.js";

interface DigestMismatch {
  name: string;
  expected: string;
  actual: string;
}

/** Pure: every local asset must be on the release, fully uploaded, with the local sha256 as GitHub's digest. */
export function checkDigests(locals: LocalAsset[], remotes: RemoteAsset[]): DigestMismatch[] {
  const problems: DigestMismatch[] = [];
  for (const local of locals) {
    const remote = remotes.find((r) => r.name === local.name);
    if (remote && sameContent(remote, local)) continue;
    const actual = !remote
      ? "no such asset"
      : remote.state !== "uploaded"
        ? `state ${remote.state}`
        : (remote.digest ?? `${remote.size} bytes`);
    problems.push({ name: local.name, expected: local.sha256, actual });
  }
  return problems;
}
