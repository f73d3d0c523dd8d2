import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { SHA256SUMS } from "../binaries/checksums.js";
import {
  checkSidecar,
  checkSignatures,
  checkSum,
  parseChecksums,
  type CheckLine,
  type VerifyKeys,
} from "../sign/check-files.js";
import { verifyImage } from "../sign/verify-image.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust verify";
const USAGE = `usage: ${NAME} [FILE...] [--dir DIR] [--gpg-key FILE] [--minisign-key FILE|KEY] [--sigstore-identity URI] [--sigstore-repository OWNER/NAME] [--sigstore-issuer URL] [--sigstore-trusted-root FILE] [--image REF]`;

const FLAGS = {
  dir: "string",
  "gpg-key": "string",
  "minisign-key": "string",
  "sigstore-identity": "string",
  "sigstore-repository": "string",
  "sigstore-issuer": "string",
  "sigstore-trusted-root": "string",
  image: "string",
} as const;

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

/** The keys and policy given on the command line, paths resolved against the working folder. */
function keysOf(values: Record<string, string | string[] | boolean>, cwd: string): VerifyKeys {
  const v = (k: keyof typeof FLAGS) => values[k] as string | undefined;
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const minisign = v("minisign-key");
  return {
    ...(v("gpg-key") ? { gpgKey: path(v("gpg-key")) } : {}),
    ...(minisign ? { minisignKey: /^RW[A-Za-z0-9+/]+=*$/.test(minisign) ? minisign : path(minisign)! } : {}),
    sigstore: {
      ...(v("sigstore-identity") ? { identity: v("sigstore-identity") } : {}),
      ...(v("sigstore-repository") ? { repository: v("sigstore-repository") } : {}),
      ...(v("sigstore-issuer") ? { issuer: v("sigstore-issuer") } : {}),
      ...(v("sigstore-trusted-root") ? { trustedRoot: path(v("sigstore-trusted-root")) } : {}),
    },
  };
}

/**
 * The checks of one folder: `SHA256SUMS` (its signatures, then every entry, or only `only`'s), then each archive's
 * `.sha256` and signatures. A file given that no checksum lists fails.
 */
async function checkFolder(
  dir: string,
  only: string[] | undefined,
  keys: VerifyKeys,
  env: NodeJS.ProcessEnv,
) {
  const lines: CheckLine[] = [];
  const sumsPath = join(dir, SHA256SUMS);
  const sums = (await isFile(sumsPath)) ? parseChecksums(await readFile(sumsPath, "utf8")) : undefined;
  if (sums) lines.push(...(await checkSignatures(sumsPath, keys, env)));
  const names = only ?? [...(sums?.keys() ?? [])];
  for (const name of names) {
    const listed = sums?.get(name);
    const before = lines.length;
    if (listed) lines.push(await checkSum(dir, name, listed, SHA256SUMS));
    const path = join(dir, name);
    if (!listed && !(await isFile(path)))
      lines.push({ status: "FAIL", file: name, check: "sha256", detail: "not found" });
    if (await isFile(path)) {
      lines.push(...(await checkSidecar(path)));
      if (lines.length === before)
        lines.push({
          status: "FAIL",
          file: name,
          check: "sha256",
          detail: `no ${SHA256SUMS} or .sha256 lists it`,
        });
      lines.push(...(await checkSignatures(path, keys, env)));
    }
  }
  return lines;
}

/** `verify`: for the person who downloads a release; one line per check, exit 1 when any fails. */
export const verifyCommand: Command = {
  async run(args, io: CliIo) {
    const { values, positionals, error } = parseArgs(args, FLAGS);
    if (error || (positionals.length > 0 && values.dir !== undefined)) {
      io.stderr.write(`${NAME}: ${error ?? "give files or --dir, not both"}\n${USAGE}\n`);
      return 2;
    }
    const keys = keysOf(values, io.cwd);
    const groups = new Map<string, string[] | undefined>();
    const image = values.image as string | undefined;
    if (positionals.length === 0 && (!image || values.dir !== undefined))
      groups.set(resolve(io.cwd, (values.dir as string | undefined) ?? "."), undefined);
    for (const p of positionals.map((f) => resolve(io.cwd, f))) {
      const names = groups.get(dirname(p)) ?? [];
      groups.set(dirname(p), basename(p) === SHA256SUMS ? names : [...names, basename(p)]);
    }
    const lines: CheckLine[] = [];
    for (const [dir, only] of groups) lines.push(...(await checkFolder(dir, only, keys, io.env)));
    if (image) lines.push(...(await verifyImage(image, keys, io.env)));
    for (const l of lines)
      io.stdout.write(`${l.status.padEnd(4)} ${l.file}: ${l.check}${l.detail ? ` — ${l.detail}` : ""}\n`);
    const failed = lines.filter((l) => l.status === "FAIL").length;
    if (lines.length === 0)
      io.stderr.write(`${NAME}: nothing to verify (no ${SHA256SUMS}, no files given)\n`);
    else
      io.stdout.write(
        failed > 0
          ? `${failed} of ${lines.length} checks failed\n`
          : `all ${lines.filter((l) => l.status === "OK").length} checks passed\n`,
      );
    return failed > 0 || lines.length === 0 ? 1 : 0;
  },
};
