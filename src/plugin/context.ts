import type { Context } from "../types.js";

/** The folder semantic-release runs in. */
export const cwdOf = (context: Context): string => context.cwd ?? process.cwd();

/** Where a plugin sits in `options.plugins`, by package name; -1 when absent. */
export function pluginIndex(context: Context, name: string): number {
  const plugins = context.options?.plugins ?? [];
  return plugins.findIndex((p) => (Array.isArray(p) ? p[0] : p) === name);
}
