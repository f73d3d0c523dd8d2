import { join } from "node:path";
import { publish } from "../../src/github/index.js";
import { writeDist } from "../stand-ins/github-dist.js";
import type { GitHubStandIn } from "../stand-ins/github-server.js";
import { testContext } from "./context.js";
import { HOST } from "./cross-toolchain.js";

/**
 * Release v0.1.0 of `repositoryUrl` on the stand-in as our github plugin made it: a 2000-byte `HOST` archive and
 * its `manifest.json` asset, written in `{scratch}/dist`. What the next release's size gate compares with.
 */
export async function publishPreviousRelease(gh: GitHubStandIn, scratch: string, repositoryUrl: string) {
  const dist = join(scratch, "dist");
  const archive = {
    path: `rgreet-v0.1.0-${HOST}.tar.gz`,
    kind: "archive" as const,
    target: HOST,
    size: 2000,
  };
  await writeDist(dist, [archive], "0.1.0");
  await publish(
    {},
    testContext(scratch, {
      env: gh.env(),
      options: { repositoryUrl },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: { version: "0.1.0", gitTag: "v0.1.0", notes: "first" },
    }),
  );
}
