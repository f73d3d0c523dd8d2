import type { Context } from "../types.js";

/** The folder semantic-release runs in (always in the context it passes; never the process's own folder). */
export function cwdOf(context: Context): string {
  if (!context.cwd) throw new TypeError("semantic-release-rust: the plugin context has no `cwd`");
  return context.cwd;
}
