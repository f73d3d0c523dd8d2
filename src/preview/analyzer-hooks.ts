import { existsSync, readFileSync } from "node:fs";
import type { ResolveFnOutput, ResolveHook } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Module-resolution hooks that the analyzer's worker thread (`analyzer-worker.ts`) registers (`module.register`, for
 * that thread's imports only) before it imports `@semantic-release/commit-analyzer`. The analyzer imports three
 * functions from `lodash-es`; lodash-es's entry re-exports every one of its some 640 modules, and loading those is
 * most of the analyzer's import. For the analyzer's own files, `lodash-es` resolves to a module that re-exports just
 * the functions named in the importer's `import { … } from "lodash-es"`, each from lodash-es's own file for it
 * (`lodash-es/isMatchWith.js`, which imports only what it uses): the same code, some 90 modules. Any other importer,
 * or an import this cannot read (a default or namespace import, a renamed binding, a function without its own
 * file), gets the whole lodash-es as before. These hooks run in Node's hooks thread.
 */

const ANALYZER_FILES = "/node_modules/@semantic-release/commit-analyzer/";
const FROM_LODASH = /\bfrom\s*["']lodash-es["']/g;
const NAMED_IMPORT = /\bimport\s*\{([^}]*)\}\s*from\s*["']lodash-es["']/g;

/** The functions an importer takes from lodash-es, or `undefined` when it imports lodash-es in any other way. */
export function lodashImports(source: string): string[] | undefined {
  const named = [...source.matchAll(NAMED_IMPORT)];
  if (named.length === 0 || named.length !== [...source.matchAll(FROM_LODASH)].length) return undefined;
  const names = named.flatMap((m) => (m[1] ?? "").split(",").map((n) => n.trim()));
  const read = names.filter(Boolean);
  return read.every((n) => /^[A-Za-z_$][\w$]*$/.test(n)) ? read : undefined;
}

/** The `data:` module re-exporting `names` from their own files beside lodash-es's entry; `undefined` if one is missing. */
function perFunctionModule(entryUrl: string, names: string[]): ResolveFnOutput | undefined {
  const files = names.map((n) => new URL(`${n}.js`, entryUrl));
  if (files.some((f) => !existsSync(f))) return undefined;
  const source = names
    .map((n, i) => `export { default as ${n} } from ${JSON.stringify(files[i]!.href)};`)
    .join("\n");
  return { url: `data:text/javascript,${encodeURIComponent(source)}`, format: "module", shortCircuit: true };
}

export const resolve: ResolveHook = async (specifier, context, next) => {
  const resolved = await next(specifier, context);
  const parent = context.parentURL;
  if (specifier !== "lodash-es" || !parent?.startsWith("file:") || !parent.includes(ANALYZER_FILES))
    return resolved;
  try {
    const names = lodashImports(readFileSync(fileURLToPath(parent), "utf8"));
    return (names && perFunctionModule(resolved.url, names)) ?? resolved;
  } catch {
    return resolved;
  }
};
