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
  const strings = new TomlScanner(text).scan();
  const byPath = new Map(strings.map((s) => [JSON.stringify(s.path), s]));
  return { strings, find: (path) => byPath.get(JSON.stringify(path)) };
}

/** The cursor of one scan: the position in the text, the current table and the `[[array]]` counts so far. */
class TomlScanner {
  private readonly strings: StringSpan[] = [];
  private readonly arrays = new Map<string, number>();
  private pos: number;
  private table: TomlPath = [];

  constructor(private readonly text: string) {
    this.pos = text.startsWith("\uFEFF") ? 1 : 0;
  }

  /** Every line: a table header or a key/value pair, then the end of the line. */
  scan(): StringSpan[] {
    while (this.pos < this.text.length) {
      this.skipBlank();
      if (this.pos >= this.text.length) break;
      if (this.text[this.pos] === "[") this.readHeader();
      else this.readKeyValue(this.table);
      this.expectLineEnd();
    }
    return this.strings;
  }

  private fail(reason: string): never {
    return failAt(this.text, this.pos, reason);
  }

  private skipWs(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  private skipComment(): void {
    if (this.text[this.pos] === "#")
      while (this.pos < this.text.length && this.text[this.pos] !== "\n") this.pos++;
  }

  /** Skips a line break; false when there is none here. */
  private skipNewline(): boolean {
    if (this.text[this.pos] === "\n") this.pos++;
    else if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    else return false;
    return true;
  }

  /** Skips whitespace, comments and line breaks. */
  private skipBlank(): void {
    do {
      this.skipWs();
      this.skipComment();
    } while (this.skipNewline());
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected \`${token}\``);
    this.pos += token.length;
  }

  private expectLineEnd(): void {
    this.skipWs();
    this.skipComment();
    if (this.pos < this.text.length && !this.skipNewline()) this.fail("expected the end of the line");
  }

  private readSimpleKey(): string {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      const s = lexString(this.text, this.pos);
      if (s.kind !== "basic" && s.kind !== "literal") this.fail("multi-line strings cannot be keys");
      this.pos = s.next;
      return decodeString(this.text.slice(s.start, s.end), s.kind);
    }
    const start = this.pos;
    while (this.pos < this.text.length && BARE_KEY.test(this.text[this.pos] as string)) this.pos++;
    if (this.pos === start) this.fail("expected a key");
    return this.text.slice(start, this.pos);
  }

  /** A dotted key: `a."b.c".d` is `["a", "b.c", "d"]`. */
  private readKey(): string[] {
    const keys: string[] = [];
    for (;;) {
      this.skipWs();
      keys.push(this.readSimpleKey());
      this.skipWs();
      if (this.text[this.pos] !== ".") return keys;
      this.pos++;
    }
  }

  private readKeyValue(prefix: TomlPath): void {
    const keys = this.readKey();
    this.expect("=");
    this.skipWs();
    this.readValue([...prefix, ...keys]);
  }

  private readValue(path: TomlPath): void {
    const c = this.text[this.pos];
    if (c === '"' || c === "'") {
      const s = lexString(this.text, this.pos);
      this.strings.push({ path, kind: s.kind, start: s.start, end: s.end });
      this.pos = s.next;
    } else if (c === "[") {
      let i = 0;
      this.readItems("]", "an array", () => this.readValue([...path, i++]));
    } else if (c === "{") {
      this.readItems("}", "an inline table", () => this.readKeyValue(path));
    } else this.readScalar();
  }

  /** The comma-separated items of an array or inline table, from its opening bracket to its `close`. */
  private readItems(close: "]" | "}", what: string, readItem: () => void): void {
    this.pos++;
    for (;;) {
      this.skipBlank();
      if (this.text[this.pos] === close) break;
      readItem();
      this.skipBlank();
      if (this.text[this.pos] === ",") this.pos++;
      else if (this.text[this.pos] !== close) this.fail(`expected \`,\` or \`${close}\` in ${what}`);
    }
    this.pos++;
  }

  /** A number, boolean or date-time: skipped over. */
  private readScalar(): void {
    const start = this.pos;
    while (this.pos < this.text.length && SCALAR.test(this.text[this.pos] as string)) {
      this.pos++;
      // A date-time may separate its date and time with a space: `1979-05-27 07:32:00Z`.
      if (
        this.text[this.pos] === " " &&
        /\d/.test(this.text[this.pos + 1] ?? "") &&
        DATE.test(this.text.slice(start, this.pos))
      )
        this.pos++;
    }
    if (this.pos === start) this.fail("expected a value");
  }

  /** `[table]` or `[[array]]`: sets the table the following keys belong to. */
  private readHeader(): void {
    const isArray = this.text.startsWith("[[", this.pos);
    this.pos += isArray ? 2 : 1;
    const keys = this.readKey();
    this.expect(isArray ? "]]" : "]");
    this.table = this.resolveHeader(keys, isArray);
  }

  /** The header's path, with the index of the current element of every `[[array]]` on the way. */
  private resolveHeader(keys: string[], isArray: boolean): TomlPath {
    const out: (string | number)[] = [];
    keys.forEach((key, i) => {
      out.push(key);
      const id = JSON.stringify(out);
      const count = this.arrays.get(id);
      if (isArray && i === keys.length - 1) {
        this.arrays.set(id, (count ?? 0) + 1);
        out.push(count ?? 0);
      } else if (count !== undefined) out.push(count - 1);
    });
    return out;
  }
}
