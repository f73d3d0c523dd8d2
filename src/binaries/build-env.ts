import { getError } from "../errors/get-error.js";
import { git as runGit } from "../git/run.js";
import { ExecError } from "../util/exec.js";

/** Variables a build embeds to say what it was built from. */
interface BuildStamp {
  /** `git rev-parse HEAD`. */
  GIT_COMMIT_SHA: string;
  /** The commit time, ISO 8601 in UTC (`2024-05-01T12:00:00Z`). */
  BUILD_TIMESTAMP: string;
  /** The commit time in seconds since the epoch (`git log -1 --format=%ct`), for reproducible outputs. */
  SOURCE_DATE_EPOCH: string;
}

/** Reads the release commit (`rev`, default HEAD) and its time from git; the same commit always gives the same stamp. */
export async function buildStamp(o: {
  cwd: string;
  env: NodeJS.ProcessEnv;
  rev?: string;
}): Promise<BuildStamp> {
  const git = (args: string[]) =>
    runGit(o, ...args).catch((e: unknown) => {
      const said = e instanceof ExecError ? e.result.stderr.trim() : "";
      throw getError("ENOGITCOMMIT", { cwd: o.cwd, error: said || String(e) });
    });
  // One process for both (each git start costs more than the command): the commit and its time.
  const [sha = "", epoch = ""] = (await git(["log", "-1", "--format=%H %ct", o.rev ?? "HEAD", "--"])).split(
    " ",
  );
  return {
    GIT_COMMIT_SHA: sha,
    BUILD_TIMESTAMP: new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    SOURCE_DATE_EPOCH: epoch,
  };
}
