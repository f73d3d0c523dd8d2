import { failAt } from "./manifest-edit-error.js";

/** How a TOML string is quoted: `"..."`, `'...'`, `"""..."""` or `'''...'''`. */
export type QuoteKind = "basic" | "literal" | "multiline-basic" | "multiline-literal";

/** A string token: its quote kind, the [start, end) span of its content, and where the token ends. */
interface LexedString {
  kind: QuoteKind;
  /** First character of the content (after the quotes, and after the newline that opens a multi-line string). */
  start: number;
  /** End of the content: the index of the closing quotes. */
  end: number;
  /** Index just past the closing quotes. */
  next: number;
}

/** Reads the string token that starts at `pos` (which holds `"` or `'`). */
export function lexString(text: string, pos: number): LexedString {
  const q = text[pos];
  if (q !== '"' && q !== "'") failAt(text, pos, "expected a string");
  if (text.startsWith(q.repeat(3), pos)) return lexMultiline(text, pos, q);
  const start = pos + 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === q) return { kind: q === '"' ? "basic" : "literal", start, end: i, next: i + 1 };
    if (c === "\n" || c === "\r") break;
    if (c === "\\" && q === '"') i++;
  }
  return failAt(text, pos, "unterminated string");
}

function lexMultiline(text: string, pos: number, q: '"' | "'"): LexedString {
  const kind = q === '"' ? "multiline-basic" : "multiline-literal";
  let start = pos + 3;
  if (text.startsWith("\r\n", start)) start += 2;
  else if (text[start] === "\n") start += 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && q === '"') {
      i++;
      continue;
    }
    if (c !== q) continue;
    let run = 0;
    while (text[i + run] === q) run++;
    if (run >= 3) {
      // Up to two quotes may sit right before the closing delimiter and belong to the content.
      const end = i + Math.min(run - 3, 2);
      return { kind, start, end, next: end + 3 };
    }
    i += run - 1;
  }
  return failAt(text, pos, "unterminated multi-line string");
}

const ESCAPES: Record<string, string> = {
  b: "\b",
  t: "\t",
  n: "\n",
  f: "\f",
  r: "\r",
  e: "\x1b",
  '"': '"',
  "\\": "\\",
};

/** The value of a string token's content (`raw`, as between its quotes), escapes resolved. */
export function decodeString(raw: string, kind: QuoteKind): string {
  if (kind === "literal" || kind === "multiline-literal") return raw;
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw[i + 1] ?? "";
    if (e in ESCAPES) {
      out += ESCAPES[e];
      i++;
    } else if (e === "u" || e === "U" || e === "x") {
      const len = e === "u" ? 4 : e === "U" ? 8 : 2;
      out += String.fromCodePoint(parseInt(raw.slice(i + 2, i + 2 + len), 16));
      i += 1 + len;
    } else if (kind === "multiline-basic") {
      // Line-ending backslash: drop it with all whitespace and newlines that follow.
      i++;
      while (i < raw.length && " \t\r\n".includes(raw[i] as string)) i++;
      i--;
    } else {
      out += e;
      i++;
    }
  }
  return out;
}
