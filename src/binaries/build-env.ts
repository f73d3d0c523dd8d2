import { exec } from "../util/exec.js";

/** Variables a build embeds to say what it was built from. */
export interface BuildStamp {
  /** `git rev-parse HEAD`. */
  GIT_COMMIT_SHA: string;
  /** The commit time, ISO 8601 in UTC (`2024-05-01T12:00:00Z`). */
  BUILD_TIMESTAMP: string;
  /** The commit time in seconds since the epoch (`git log -1 --format=%ct`), for reproducible outputs. */
  SOURCE_DATE_EPOCH: string;
}

/** Reads the release commit and its time from git; the same commit always gives the same stamp. */
export async function buildStamp(o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<BuildStamp> {
  const sha = (await exec("git", ["rev-parse", "HEAD"], o)).stdout.trim();
  const epoch = (await exec("git", ["log", "-1", "--format=%ct", "HEAD"], o)).stdout.trim();
  return {
    GIT_COMMIT_SHA: sha,
    BUILD_TIMESTAMP: new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    SOURCE_DATE_EPOCH: epoch,
  };
}
