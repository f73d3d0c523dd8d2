/**
 * A Cargo manifest or lockfile that cannot be edited safely. The message is a one-line reason,
 * such as `line 12: unterminated string`; nothing has been changed when it is thrown.
 */
export class ManifestEditError extends Error {
  override name = "ManifestEditError";
}

/** Throws a `ManifestEditError` for the 1-based line that holds `pos` in `text`. */
export function failAt(text: string, pos: number, reason: string): never {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  throw new ManifestEditError(`line ${line}: ${reason}`);
}
