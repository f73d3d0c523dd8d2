import { getError } from "../errors/get-error.js";
import { pushFiles, pushGitEnv } from "./git-push.js";
import type { TapInfo } from "./plan.js";

/** One formula to commit to a tap. */
export interface FormulaPush {
  tap: TapInfo;
  /** Path in the tap (`Formula/rgreet.rb`). */
  path: string;
  text: string;
  message: string;
  token: string | undefined;
  env: NodeJS.ProcessEnv;
}

/** git's environment for the tap (see `pushGitEnv`): the token as a header for the tap's origin only. */
export const tapGitEnv = (p: Pick<FormulaPush, "tap" | "token" | "env">): NodeJS.ProcessEnv =>
  pushGitEnv({ repo: p.tap, token: p.token, env: p.env });

/** Commits the formula to the tap's default branch and pushes it (`ETAPPUSH` on failure); unchanged: no commit. */
export const pushFormula = (p: FormulaPush): Promise<"pushed" | "unchanged"> =>
  pushFiles({
    repo: p.tap,
    files: [{ path: p.path, text: p.text }],
    message: p.message,
    token: p.token,
    env: p.env,
    failure: (step, reason) => getError("ETAPPUSH", { tap: p.tap.display, step, reason }),
  });
