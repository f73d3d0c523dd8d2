import { isDeepStrictEqual } from "node:util";
import { parse, TomlError, type TomlTable } from "smol-toml";
import { ManifestEditError } from "./manifest-edit-error.js";
import { scanToml, type TomlPath } from "./toml-scan.js";
import { decodeString } from "./toml-strings.js";

/** One string value to replace: where it is, what it holds now, what it will hold. */
export interface TomlEdit {
  path: TomlPath;
  from: string;
  to: string;
}

/** Parses TOML with smol-toml; a document it rejects is a `ManifestEditError` with its one-line reason. */
export function parseToml(text: string): TomlTable {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = (error.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
    throw new ManifestEditError(`line ${error.line}: ${reason}`);
  }
}

/**
 * Replaces the content of each string value named in `edits`, touching no other byte: quotes, comments,
 * whitespace and line endings stay. `doc` is `text` parsed; the result is parsed again and must equal `doc`
 * with exactly these values changed. Returns the new text and the edits in document order.
 */
export function spliceStrings(text: string, doc: TomlTable, edits: readonly TomlEdit[]) {
  if (edits.length === 0) return { text, edits: [] as TomlEdit[] };
  const scan = scanToml(text);
  const located = edits.map((edit) => {
    const span = scan.find(edit.path);
    if (!span) throw new ManifestEditError(`cannot find the string value of ${edit.path.join(".")}`);
    const current = decodeString(text.slice(span.start, span.end), span.kind);
    if (current !== edit.from) {
      throw new ManifestEditError(`${edit.path.join(".")} reads "${current}", expected "${edit.from}"`);
    }
    if (/["'\\\n\r]/.test(edit.to))
      throw new ManifestEditError(`cannot write "${edit.to}" into a TOML string`);
    return { edit, span };
  });
  located.sort((a, b) => a.span.start - b.span.start);
  let out = "";
  let last = 0;
  for (const { edit, span } of located) {
    out += text.slice(last, span.start) + edit.to;
    last = span.end;
  }
  out += text.slice(last);

  for (const { edit } of located) setPath(doc, edit.path, edit.to);
  if (!isDeepStrictEqual(parseToml(out), doc)) {
    throw new ManifestEditError("the edited document does not read back as intended; nothing was changed");
  }
  return { text: out, edits: located.map((l) => l.edit) };
}

function setPath(doc: TomlTable, path: TomlPath, value: string): void {
  let node: unknown = doc;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[key];
  (node as Record<string | number, unknown>)[path[path.length - 1] as string | number] = value;
}
