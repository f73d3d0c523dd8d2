import { StringDecoder } from "node:string_decoder";
import { Writable } from "node:stream";

/**
 * Cargo prints an HTTP error's status and body but not its headers, so a registry's `Retry-After` on a 429 with
 * a JSON body is lost. With `CARGO_HTTP_DEBUG` and `CARGO_LOG=network=debug` cargo logs every response header
 * (and redacts `Authorization`); the plugin reads the header there and keeps those lines out of what it shows.
 */
export function withHttpDebug(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const log = env.CARGO_LOG ? `${env.CARGO_LOG},network=debug` : "network=debug";
  return { ...env, CARGO_HTTP_DEBUG: "true", CARGO_LOG: log };
}

const DEBUG_LINE = /\bDEBUG network[:\]]/;

/** Drops cargo's network debug lines (with the multi-line structs some of them print) from whole lines. */
function dropper(): (line: string) => boolean {
  let inStruct = false;
  return (line) => {
    if (inStruct) {
      if (line === "}") inStruct = false;
      return true;
    }
    if (!DEBUG_LINE.test(line)) return false;
    if (line.trimEnd().endsWith("{")) inStruct = true;
    return true;
  };
}

/** `text` without cargo's network debug lines. */
export function stripHttpDebug(text: string): string {
  const drop = dropper();
  return text
    .split("\n")
    .filter((l) => !drop(l))
    .join("\n");
}

/** A stream that forwards whole lines to `out`, without cargo's network debug lines; `end()` flushes the rest. */
export function httpDebugFilter(out: NodeJS.WritableStream): Writable {
  const drop = dropper();
  const decoder = new StringDecoder("utf8");
  let rest = "";
  const forward = (lines: string[]) => {
    const kept = lines.filter((l) => !drop(l));
    if (kept.length > 0) out.write(kept.map((l) => `${l}\n`).join(""));
  };
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = (rest + decoder.write(chunk)).split("\n");
      rest = lines.pop() ?? "";
      forward(lines);
      done();
    },
    final(done) {
      rest += decoder.end();
      if (rest && !drop(rest)) out.write(rest);
      done();
    },
  });
}

/** The `Retry-After` of the last HTTP 429 response in cargo's network debug log, if it sent one. */
export function debugRetryAfter(output: string): string | undefined {
  const lines = output.split("\n");
  let at = -1;
  lines.forEach((l, i) => {
    if (/http-debug: < HTTP\/[\d.]+ 429\b/.test(l)) at = i;
  });
  if (at < 0) return undefined;
  for (const l of lines.slice(at + 1)) {
    if (/http-debug: < HTTP\//.test(l)) break;
    const m = /http-debug: < retry-after:\s*(.*\S)/i.exec(l);
    if (m) return m[1];
  }
  return undefined;
}
