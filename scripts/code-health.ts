/**
 * Two checks of `src/` that tsc and eslint do not make: exports that no file (src, test, scripts, bench)
 * imports, and functions over 60 lines. Run after `npm run build`: `node dist/scripts/code-health.js`.
 * Prints one line per finding; exits 0 (a finding is a place to look, not a verdict). A type that an exported
 * value's inferred type names (`Option` in `config/define.ts`) must stay exported: tsc says so (TS4023).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

const MAX_LINES = 60;

/** A file's exported names with their lines, and the names it imports from each relative module. */
function scan(file: string, sf: ts.SourceFile, imported: Map<string, Set<string>>) {
  const exported: [string, number][] = [];
  const lineOf = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
  const use = (spec: string, name: string) => {
    const target = resolve(dirname(file), spec.replace(/\.js$/, ".ts"));
    imported.set(target, (imported.get(target) ?? new Set()).add(name));
  };
  for (const st of sf.statements) {
    const isExport =
      ts.canHaveModifiers(st) && ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (isExport && ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations) exported.push([d.name.getText(sf), lineOf(st)]);
    else if (isExport && "name" in st && st.name)
      exported.push([(st.name as ts.Identifier).text, lineOf(st)]);
    if (!(ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) || !st.moduleSpecifier) continue;
    const spec = (st.moduleSpecifier as ts.StringLiteral).text;
    if (!spec.startsWith(".")) continue;
    const clause = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : st.exportClause;
    if (!clause || ts.isNamespaceImport(clause) || ts.isNamespaceExport(clause)) use(spec, "*");
    else for (const e of clause.elements) use(spec, (e.propertyName ?? e.name).text);
  }
  for (const m of sf.text.matchAll(/import\(\s*["'](\.[^"']+)["']\s*\)/g)) use(m[1] as string, "*");
  return exported;
}

/** Every function, method and arrow function longer than `MAX_LINES`, with its name where it has one. */
function longFunctions(file: string, sf: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isFunctionLike(n) && "body" in n && n.body) {
      const start = sf.getLineAndCharacterOfPosition(n.getStart()).line;
      const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - start + 1;
      const name =
        n.name?.getText(sf) ?? (ts.isVariableDeclaration(n.parent) ? n.parent.name.getText(sf) : "");
      if (lines > MAX_LINES) found.push(`${file}:${start + 1} ${name || "(anonymous)"}: ${lines} lines`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

const files = execFileSync("git", ["ls-files", "src", "test", "scripts", "bench"], { encoding: "utf8" })
  .split("\n")
  .filter((f) => f.endsWith(".ts"));
const imported = new Map<string, Set<string>>();
const exports: { file: string; names: [string, number][] }[] = [];
const long: string[] = [];
for (const file of files) {
  const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const names = scan(resolve(file), sf, imported);
  if (file.startsWith("src/")) {
    exports.push({ file, names });
    long.push(...longFunctions(file, sf));
  }
}
for (const { file, names } of exports) {
  // The package's entry points are imported by semantic-release, not by our files.
  if (/(^|\/)index\.ts$/.test(file) || file === "src/cli.ts") continue;
  const used = imported.get(resolve(file)) ?? new Set();
  if (used.has("*")) continue;
  for (const [name, line] of names)
    if (!used.has(name)) process.stdout.write(`${file}:${line} export ${name} is imported nowhere\n`);
}
for (const line of long) process.stdout.write(`${line}\n`);
