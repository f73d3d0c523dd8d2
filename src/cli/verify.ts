import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { SHA256SUMS } from "../binaries/checksums.js";
import { HttpClient } from "../http/client.js";
import { PROVENANCE_FILE, statementRepository } from "../provenance/statement.js";
import {
  checkSidecar,
  checkSignatures,
  checkSum,
  parseChecksums,
  type CheckLine,
  type FailureKind,
  type VerifyKeys,
} from "../sign/check-files.js";
import { downloadRelease, repositoryOfUrl, splitUrl } from "../sign/verify-download.js";
import { checkProvenance, readProvenance } from "../sign/verify-provenance.js";
import { verifyImage } from "../sign/verify-image.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust verify";

/** The exit code of each kind of failure; when several kinds fail, the first of this list that did wins. */
export const EXIT_CODES: [FailureKind, number][] = [
  ["download", 7],
  ["checksum", 3],
  ["signature", 4],
  ["identity", 5],
  ["provenance", 6],
];

const HELP = `usage: ${NAME} FILE-OR-URL... | --dir DIR [options]

Checks downloaded release archives (local files, or release asset URLs: the files beside them, SHA256SUMS,
signatures and ${PROVENANCE_FILE}, are downloaded too): each archive against SHA256SUMS and its .sha256, then
its gpg, minisign and Sigstore signatures, then the provenance (its subjects name the archive's sha256).

options:
  --repository OWNER/NAME   the repository that must have signed (Sigstore); default: from the URL, else the provenance
  --workflow FILE|PATH|URL  the workflow that must have signed (Sigstore), such as release-rust.yml
  --gpg-key FILE            the signer's gpg public key
  --minisign-key FILE|KEY   the signer's minisign public key (file, or the RW... key)
  --sigstore-identity URI   the exact certificate identity (workflow URI with ref)
  --sigstore-issuer URL     the OIDC issuer (default GitHub Actions')
  --sigstore-trusted-root FILE  a trusted_root.json (default: Sigstore's public-good instance)
  --dir DIR                 check every file SHA256SUMS lists in DIR (default: the working folder)
  --image REF               check an image's signatures and SBOM attached as OCI referrers (a private
                            registry: DOCKER_USERNAME/DOCKER_PASSWORD, or GITHUB_TOKEN for ghcr.io)

exit codes:
  0 every check passed (SKIP lines: not checked, such as a signature without its key)
  1 nothing to verify
  2 usage error
  3 checksum mismatch (or a file missing, or listed nowhere)
  4 signature invalid
  5 identity mismatch: signed, but by another repository or workflow
  6 provenance mismatch: the archive's sha256 is not a subject of the provenance
  7 download failed
When several kinds fail, the code is the first of 7, 3, 4, 5, 6 that applies.
`;

const FLAGS = {
  dir: "string",
  repository: "string",
  workflow: "string",
  "gpg-key": "string",
  "minisign-key": "string",
  "sigstore-identity": "string",
  "sigstore-repository": "string",
  "sigstore-issuer": "string",
  "sigstore-trusted-root": "string",
  help: "boolean",
  image: "string",
} as const;

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
const isUrl = (s: string) => /^https?:\/\//.test(s);

/** The keys and policy given on the command line, paths resolved against the working folder. */
function keysOf(values: Record<string, string | string[] | boolean>, cwd: string): VerifyKeys {
  const v = (k: keyof typeof FLAGS) => values[k] as string | undefined;
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(cwd, p));
  const minisign = v("minisign-key");
  const repository = v("repository") ?? v("sigstore-repository");
  return {
    ...(v("gpg-key") ? { gpgKey: path(v("gpg-key")) } : {}),
    ...(minisign ? { minisignKey: /^RW[A-Za-z0-9+/]+=*$/.test(minisign) ? minisign : path(minisign)! } : {}),
    sigstore: {
      ...(v("sigstore-identity") ? { identity: v("sigstore-identity") } : {}),
      ...(repository ? { repository } : {}),
      ...(v("workflow") ? { workflow: v("workflow") } : {}),
      ...(v("sigstore-issuer") ? { issuer: v("sigstore-issuer") } : {}),
      ...(v("sigstore-trusted-root") ? { trustedRoot: path(v("sigstore-trusted-root")) } : {}),
    },
  };
}

/** The Sigstore repository to hold signatures to when none was given: the download URL's, else the provenance's. */
async function defaultRepository(keys: VerifyKeys, dir: string, url?: string): Promise<VerifyKeys> {
  if (keys.sigstore.repository) return keys;
  const fromUrl = url && repositoryOfUrl(url);
  if (fromUrl)
    return {
      ...keys,
      sigstore: { ...keys.sigstore, repository: fromUrl, repositoryFrom: "the download URL" },
    };
  const s = (await readProvenance(dir))?.statement;
  const fromProvenance = s && statementRepository(s);
  if (!fromProvenance) return keys;
  return {
    ...keys,
    sigstore: { ...keys.sigstore, repository: fromProvenance, repositoryFrom: "the provenance" },
  };
}

/** One file's checksum lines: `SHA256SUMS`'s entry and its `.sha256`; a file neither lists fails. */
async function checksumLines(dir: string, name: string, sums: Map<string, string> | undefined) {
  const listed = sums?.get(name);
  const path = join(dir, name);
  const lines: CheckLine[] = listed ? [await checkSum(dir, name, listed, SHA256SUMS)] : [];
  if (!(await isFile(path))) {
    if (!listed)
      lines.push({ status: "FAIL", file: name, check: "sha256", detail: "not found", failure: "checksum" });
    return lines;
  }
  lines.push(...(await checkSidecar(path)));
  if (lines.length === 0)
    lines.push({
      status: "FAIL",
      file: name,
      check: "sha256",
      detail: `no ${SHA256SUMS} or .sha256 lists it`,
      failure: "checksum",
    });
  return lines;
}

/**
 * The checks of one folder: `SHA256SUMS` (its signatures, then every entry, or only `only`'s), then each file's
 * `.sha256` and signatures, then the provenance (its signatures and the archives among its subjects).
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
  const names = (only ?? [...(sums?.keys() ?? [])]).filter((n) => n !== PROVENANCE_FILE);
  for (const name of names) {
    lines.push(...(await checksumLines(dir, name, sums)));
    if (await isFile(join(dir, name))) lines.push(...(await checkSignatures(join(dir, name), keys, env)));
  }
  const provenance = join(dir, PROVENANCE_FILE);
  if (names.length > 0 && (await isFile(provenance)))
    lines.push(...(await checkSignatures(provenance, keys, env)));
  lines.push(...(await checkProvenance(dir, names)));
  return lines;
}

/** Downloads the URLs of one release folder into a temporary folder, checks it, and removes it. */
async function checkUrls(base: string, names: string[], keys: VerifyKeys, io: CliIo) {
  const dir = await mkdtemp(join(io.env.TMPDIR || tmpdir(), "srr-verify-"));
  try {
    const http = new HttpClient({ env: io.env, userAgent: "semantic-release-rust verify" });
    io.stderr.write(`Downloading ${names.join(", ")} and the files beside them from ${base}\n`);
    const failures = await downloadRelease(base, names, dir, http);
    const lines: CheckLine[] = failures.map((f) => ({
      status: "FAIL",
      file: f.name,
      check: "download",
      detail: `${f.url}: ${f.reason}`,
      failure: "download",
    }));
    const got = names.filter((n) => !failures.some((f) => f.name === n));
    if (got.length === 0) return lines;
    const policy = await defaultRepository(keys, dir, `${base}${names[0]}`);
    return [...lines, ...(await checkFolder(dir, got, policy, io.env))];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Local files and URLs grouped by folder (a local `SHA256SUMS` alone: every file it lists). Without files, the
 * folder `dir` (default the working folder; `null`: none, only `--image`).
 */
function groupsOf(positionals: string[], dir: string | undefined | null, cwd: string) {
  const local = new Map<string, string[] | undefined>();
  const remote = new Map<string, string[]>();
  if (positionals.length === 0 && dir !== null) local.set(resolve(cwd, dir ?? "."), undefined);
  for (const p of positionals) {
    if (isUrl(p)) {
      const { base, name } = splitUrl(p);
      remote.set(base, [...(remote.get(base) ?? []), name]);
      continue;
    }
    const path = resolve(cwd, p);
    const names = local.get(dirname(path)) ?? [];
    local.set(dirname(path), basename(path) === SHA256SUMS ? names : [...names, basename(path)]);
  }
  return { local, remote };
}

/** The exit code of a run's lines: 0, 1 (nothing checked), or the code of the first failure kind that occurred. */
export function exitCode(lines: CheckLine[]): number {
  if (lines.length === 0) return 1;
  const kinds = new Set(lines.filter((l) => l.status === "FAIL").map((l) => l.failure ?? "checksum"));
  return EXIT_CODES.find(([kind]) => kinds.has(kind))?.[1] ?? 0;
}

function print(lines: CheckLine[], io: CliIo) {
  for (const l of lines)
    io.stdout.write(`${l.status.padEnd(4)} ${l.file}: ${l.check}${l.detail ? ` — ${l.detail}` : ""}\n`);
  const failed = lines.filter((l) => l.status === "FAIL").length;
  if (lines.length === 0) io.stderr.write(`${NAME}: nothing to verify (no ${SHA256SUMS}, no files given)\n`);
  else
    io.stdout.write(
      failed > 0
        ? `${failed} of ${lines.length} checks failed\n`
        : `all ${lines.filter((l) => l.status === "OK").length} checks passed\n`,
    );
}

/** `verify`: for the person who downloads a release; one line per check, a distinct exit code per failure kind. */
export const verifyCommand: Command = {
  async run(args, io: CliIo) {
    const { values, positionals, error } = parseArgs(args, FLAGS);
    if (values.help) return (io.stdout.write(HELP), 0);
    if (error || (positionals.length > 0 && values.dir !== undefined)) {
      io.stderr.write(`${NAME}: ${error ?? "give files or --dir, not both"}\n\n${HELP}`);
      return 2;
    }
    const keys = keysOf(values, io.cwd);
    const image = values.image as string | undefined;
    const dir = values.dir as string | undefined;
    const { local, remote } = groupsOf(positionals, image && dir === undefined ? null : dir, io.cwd);
    const lines: CheckLine[] = [];
    for (const [base, names] of remote) lines.push(...(await checkUrls(base, names, keys, io)));
    for (const [folder, only] of local)
      lines.push(...(await checkFolder(folder, only, await defaultRepository(keys, folder), io.env)));
    if (image) lines.push(...(await verifyImage(image, keys, io.env)));
    print(lines, io);
    return exitCode(lines);
  },
};
