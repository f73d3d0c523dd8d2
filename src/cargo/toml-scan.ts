import { failAt } from "./manifest-edit-error.js";
import { decodeString, lexString, type QuoteKind } from "./toml-strings.js";

/** A key path as smol-toml's parse result is addressed: table keys, and indexes into arrays (of tables). */
export type TomlPath = readonly (string | number)[];

/** Where one string value sits in the text. */
interface StringSpan {
  path: TomlPath;
  kind: QuoteKind;
  /** [start, end) of the content between the quotes. */
  start: number;
  end: number;
}

/** Every string value of a TOML document, by key path. */
interface TomlScan {
  strings: readonly StringSpan[];
  find(path: TomlPath): StringSpan | undefined;
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SCALAR = /[A-Za-z0-9_+\-.:]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Walks a TOML document once and records the exact span and quote kind of every string value, keyed by its full
 * path (table headers, `[[array]]` elements, dotted and quoted keys, inline tables and arrays resolved). Comments,
 * multi-line strings, arrays and inline tables are skipped over correctly. Expects a document smol-toml accepts.
 */
export function scanToml(text: string): TomlScan {
  const strings: StringSpan[] = [];
  const arrays = new Map<string, number>();
  let pos = text.startsWith("\uFEFF") ? 1 : 0;
  let table: TomlPath = [];

  const fail = (reason: string): never => failAt(text, pos, reason);
  const skipWs = () => {
    while (text[pos] === " " || text[pos] === "\t") pos++;
  };
  const skipComment = () => {
    if (text[pos] === "#") while (pos < text.length && text[pos] !== "\n") pos++;
  };
  const skipBlank = () => {
    for (;;) {
      skipWs();
      skipComment();
      if (text[pos] === "\n") pos++;
      else if (text.startsWith("\r\n", pos)) pos += 2;
      else return;
    }
  };
  const expect = (token: string) => {
    if (!text.startsWith(token, pos)) fail(`expected \`${token}\``);
    pos += token.length;
  };
  const expectLineEnd = () => {
    skipWs();
    skipComment();
    if (pos >= text.length) return;
    if (text[pos] === "\n") pos++;
    else if (text.startsWith("\r\n", pos)) pos += 2;
    else fail("expected the end of the line");
  };

  const readSimpleKey = (): string => {
    const c = text[pos];
    if (c === '"' || c === "'") {
      const s = lexString(text, pos);
      if (s.kind !== "basic" && s.kind !== "literal") fail("multi-line strings cannot be keys");
      pos = s.next;
      return decodeString(text.slice(s.start, s.end), s.kind);
    }
    const start = pos;
    while (pos < text.length && BARE_KEY.test(text[pos] as string)) pos++;
    if (pos === start) fail("expected a key");
    return text.slice(start, pos);
  };
  const readKey = (): string[] => {
    const keys: string[] = [];
    for (;;) {
      skipWs();
      keys.push(readSimpleKey());
      skipWs();
      if (text[pos] !== ".") return keys;
      pos++;
    }
  };

  const readValue = (path: TomlPath): void => {
    const c = text[pos];
    if (c === '"' || c === "'") {
      const s = lexString(text, pos);
      strings.push({ path, kind: s.kind, start: s.start, end: s.end });
      pos = s.next;
    } else if (c === "[") {
      pos++;
      for (let i = 0; ; i++) {
        skipBlank();
        if (text[pos] === "]") break;
        readValue([...path, i]);
        skipBlank();
        if (text[pos] === ",") pos++;
        else if (text[pos] !== "]") fail("expected `,` or `]` in an array");
      }
      pos++;
    } else if (c === "{") {
      pos++;
      for (;;) {
        skipBlank();
        if (text[pos] === "}") break;
        readKeyValue(path);
        skipBlank();
        if (text[pos] === ",") pos++;
        else if (text[pos] !== "}") fail("expected `,` or `}` in an inline table");
      }
      pos++;
    } else {
      const start = pos;
      while (pos < text.length && SCALAR.test(text[pos] as string)) {
        pos++;
        // A date-time may separate its date and time with a space: `1979-05-27 07:32:00Z`.
        if (text[pos] === " " && /\d/.test(text[pos + 1] ?? "") && DATE.test(text.slice(start, pos))) pos++;
      }
      if (pos === start) fail("expected a value");
    }
  };
  const readKeyValue = (prefix: TomlPath): void => {
    const keys = readKey();
    expect("=");
    skipWs();
    readValue([...prefix, ...keys]);
  };

  const resolveHeader = (keys: string[], isArray: boolean): TomlPath => {
    const out: (string | number)[] = [];
    keys.forEach((key, i) => {
      out.push(key);
      const id = JSON.stringify(out);
      const count = arrays.get(id);
      if (isArray && i === keys.length - 1) {
        arrays.set(id, (count ?? 0) + 1);
        out.push(count ?? 0);
      } else if (count !== undefined) out.push(count - 1);
    });
    return out;
  };

  while (pos < text.length) {
    skipBlank();
    if (pos >= text.length) break;
    if (text[pos] === "[") {
      const isArray = text.startsWith("[[", pos);
      pos += isArray ? 2 : 1;
      const keys = readKey();
      expect(isArray ? "]]" : "]");
      table = resolveHeader(keys, isArray);
    } else {
      readKeyValue(table);
    }
    expectLineEnd();
  }

  const byPath = new Map(strings.map((s) => [JSON.stringify(s.path), s]));
  return { strings, find: (path) => byPath.get(JSON.stringify(path)) };
}
