import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new folder only this user can enter (mode 700), under the environment's `TMPDIR`, and its removal. */
export async function openPrivateDir(
  env: NodeJS.ProcessEnv,
  prefix: string,
): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), prefix));
  const remove = () => rm(dir, { recursive: true, force: true });
  await chmod(dir, 0o700).catch(async (e: unknown) => {
    await remove();
    throw e;
  });
  return { dir, remove };
}

/**
 * Runs `fn` with a new private folder (`openPrivateDir`) and removes it with everything in it afterwards,
 * whatever happens: where key material is written.
 */
export async function withPrivateDir<T>(
  env: NodeJS.ProcessEnv,
  prefix: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const { dir, remove } = await openPrivateDir(env, prefix);
  try {
    return await fn(dir);
  } finally {
    await remove();
  }
}

/** The last lines of a program's error output, for an error's details (never contains its input). */
export const lastLines = (text: string, n = 5): string => text.trim().split("\n").slice(-n).join("\n");
