import type { Context } from "../../src/types.js";
import { captureStream } from "./run-release.js";

/** A plugin context like semantic-release's, with a logger that keeps its lines. */
export function testContext(cwd: string, extra: Partial<Context> = {}): Context & { lines: string[] } {
  const lines: string[] = [];
  const format = (m: string, args: unknown[]) => {
    let i = 0;
    return m.replace(/%[sdj]/g, () => String(args[i++]));
  };
  const logger = {
    log: (m: string, ...a: unknown[]) => lines.push(format(m, a)),
    error: (m: string, ...a: unknown[]) => lines.push(format(m, a)),
    warn: (m: string, ...a: unknown[]) => lines.push(format(m, a)),
    success: (m: string, ...a: unknown[]) => lines.push(format(m, a)),
  };
  const out = captureStream();
  return {
    cwd,
    env: { ...process.env },
    logger,
    stdout: out,
    stderr: out,
    options: { plugins: [] },
    ...extra,
    lines,
  };
}

/** The codes of an error or of every error inside an AggregateError. */
export function errorCodes(error: unknown): string[] {
  const list = error instanceof AggregateError ? error.errors : [error];
  return list.map((e: { code?: string }) => e.code ?? "NOCODE");
}

/** Awaits a promise that must reject; returns the error. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
