import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  PROVENANCE_FILE,
  SLSA_PROVENANCE_V1,
  STATEMENT_TYPE,
  statementRepository,
  type ProvenanceStatement,
} from "../provenance/statement.js";
import { fileDigest } from "../util/digest.js";
import { fileExists } from "../util/fs.js";
import type { CheckLine } from "./check-files.js";

/** The provenance statement beside the files, when there is one; `error` when it is not a statement we read. */
export async function readProvenance(
  dir: string,
): Promise<{ statement?: ProvenanceStatement; error?: string } | undefined> {
  const text = await readFile(join(dir, PROVENANCE_FILE), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const s = JSON.parse(text) as ProvenanceStatement;
    if (s._type !== STATEMENT_TYPE || s.predicateType !== SLSA_PROVENANCE_V1 || !Array.isArray(s.subject))
      return { error: `not an in-toto statement with ${SLSA_PROVENANCE_V1}` };
    return { statement: s };
  } catch {
    return { error: "not valid JSON" };
  }
}

const fail = (file: string, detail: string): CheckLine => ({
  status: "FAIL",
  file,
  check: "provenance",
  detail,
  failure: "provenance",
});

/** What the statement says about the build: its builder, source and commit. */
function summary(s: ProvenanceStatement): string {
  const source = s.predicate?.buildDefinition?.resolvedDependencies?.[0];
  const builder = s.predicate?.runDetails?.builder?.id ?? "?";
  return `built by ${builder} from ${statementRepository(s) ?? "?"} at ${source?.digest?.gitCommit ?? "?"}`;
}

/**
 * The provenance checks of archives: the statement is one we read, and each archive's name and sha256 is among its
 * subjects. Without a statement beside them, one SKIP line.
 */
export async function checkProvenance(dir: string, archives: string[]): Promise<CheckLine[]> {
  if (archives.length === 0) return [];
  const found = await readProvenance(dir);
  if (!found)
    return [{ status: "SKIP", file: PROVENANCE_FILE, check: "provenance", detail: "not published" }];
  if (!found.statement) return [fail(PROVENANCE_FILE, found.error!)];
  const s = found.statement;
  const lines: CheckLine[] = [
    { status: "OK", file: PROVENANCE_FILE, check: "statement", detail: summary(s) },
  ];
  for (const name of archives) {
    const path = join(dir, name);
    if (!(await fileExists(path))) continue;
    const sha256 = (await fileDigest(path)).sha256;
    const subject = s.subject.find((x) => x.name === name);
    if (!subject) lines.push(fail(name, `not a subject of ${PROVENANCE_FILE}`));
    else if (subject.digest?.sha256 !== sha256)
      lines.push(fail(name, `is ${sha256}, the provenance names ${subject.digest?.sha256}`));
    else
      lines.push({ status: "OK", file: name, check: "provenance", detail: `subject of ${PROVENANCE_FILE}` });
  }
  return lines;
}
