import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs `fn` with a new folder only this user can enter (mode 700), under the environment's `TMPDIR`, and removes
 * it with everything in it afterwards, whatever happens: where key material is written.
 */
export async function withPrivateDir<T>(
  env: NodeJS.ProcessEnv,
  prefix: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), prefix));
  try {
    await chmod(dir, 0o700);
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The last lines of a program's error output, for an error's details (never contains its input). */
export const lastLines = (text: string, n = 5): string => text.trim().split("\n").slice(-n).join("\n");
