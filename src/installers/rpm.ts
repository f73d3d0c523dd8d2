import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { parallelGzip } from "../binaries/archive-gzip.js";
import { sha256 } from "../util/atomic-write.js";
import { collect, rpmVersion, type LinuxPackageInput } from "./linux-package.js";
import { rpmCpio } from "./rpm-cpio.js";
import { fileTags, rpmFiles, type RpmFile } from "./rpm-files.js";
import { padTo8, rpmHeader, RPM_TYPE as T, type RpmTag } from "./rpm-header.js";

/** `rgreet-1.2.3~beta.1-1.x86_64.rpm`: the usual name of an RPM (`Release` is always 1). */
export const rpmFileName = (name: string, version: string, arch: string): string =>
  `${name}-${rpmVersion(version)}-1.${arch}.rpm`;

/** Makes the OpenPGP signature (binary, detached) of an `.rpm`'s header bytes. */
export type RpmHeaderSigner = (header: Buffer) => Promise<Buffer>;

/** Per RPM architecture: its number in the lead (rpmrc's `arch_canon`) and its `%{_isa}` (`x86-64`). */
const ARCHES: Record<string, { lead: number; isa: string }> = {
  x86_64: { lead: 1, isa: "x86-64" },
  i686: { lead: 1, isa: "x86-32" },
  aarch64: { lead: 19, isa: "aarch-64" },
  armv7hl: { lead: 12, isa: "armv7hl-32" },
  riscv64: { lead: 22, isa: "riscv-64" },
  ppc64le: { lead: 16, isa: "ppc-64" },
  s390x: { lead: 15, isa: "s390-64" },
};

/** `RPMSENSE_*` bits of a version comparison. */
const SENSE: Record<string, number> = { "<": 2, ">": 4, "=": 8, "<=": 10, ">=": 12 };
/** `RPMSENSE_RPMLIB | LESS | EQUAL`: the features of rpm the package needs, as rpmbuild adds them. */
const RPMLIB = [
  ["rpmlib(CompressedFileNames)", "3.0.4-1"],
  ["rpmlib(FileDigests)", "4.6.0-1"],
  ["rpmlib(PayloadFilesHavePrefix)", "4.0-1"],
].map(([name = "", version = ""]) => ({ name, flags: (1 << 24) | 10, version }));

/** A dependency tag triple (`NAME`, `FLAGS`, `VERSION`) from `name [op version]` entries, sorted by name. */
function dependencyTags(
  tags: [number, number, number],
  deps: { name: string; flags: number; version: string }[],
) {
  const unique = deps.filter((d, i) => deps.findIndex((o) => o.name === d.name) === i);
  const sorted = unique.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [
    { tag: tags[0], type: T.STRING_ARRAY, value: sorted.map((d) => d.name) },
    { tag: tags[1], type: T.INT32, value: sorted.map((d) => d.flags) },
    { tag: tags[2], type: T.STRING_ARRAY, value: sorted.map((d) => d.version) },
  ] satisfies RpmTag[];
}

/** `glibc >= 2.17` as a dependency; a rich one (`(a or b)`) whole, with the rpm feature it needs. */
function requirements(d: string) {
  const m = /^(\S+)\s*(<=|>=|=|<|>)\s*(\S+)$/.exec(d.trim());
  if (m) return [{ name: m[1]!, flags: SENSE[m[2]!]!, version: m[3]! }];
  const rich = d.trim().startsWith("(");
  const rpmlib = { name: "rpmlib(RichDependencies)", flags: (1 << 24) | 10, version: "4.12.0-1" };
  return [{ name: d.trim(), flags: 0, version: "" }, ...(rich ? [rpmlib] : [])];
}

/** The main header's tags about the package: what `rpm -qi` shows, its requires and provides. Pure. */
export function packageTags(p: LinuxPackageInput, files: readonly RpmFile[]): RpmTag[] {
  const evr = `${rpmVersion(p.version)}-1`;
  const isa = ARCHES[p.arch]?.isa;
  const provides = [p.name, ...(isa ? [`${p.name}(${isa})`] : [])].map((name) => ({
    name,
    flags: 8,
    version: evr,
  }));
  const text = (tag: number, value: string): RpmTag => ({ tag, type: T.STRING, value });
  return [
    { tag: 100, type: T.STRING_ARRAY, value: ["C"] },
    text(1000, p.name),
    text(1001, rpmVersion(p.version)),
    text(1002, "1"),
    { tag: 1004, type: T.I18NSTRING, value: p.summary.replace(/\s+/g, " ").trim() },
    { tag: 1005, type: T.I18NSTRING, value: p.description.trimEnd() },
    { tag: 1006, type: T.INT32, value: [p.mtime] },
    text(1007, "reproducible"),
    { tag: 1009, type: T.INT32, value: [files.reduce((n, f) => n + f.data.length, 0)] },
    text(1014, p.license ?? "LicenseRef-Unknown"),
    text(1015, p.maintainer),
    { tag: 1016, type: T.I18NSTRING, value: "Unspecified" },
    ...(p.homepage ? [text(1020, p.homepage)] : []),
    text(1021, "linux"),
    text(1022, p.arch),
    text(1044, `${p.name}-${evr}.src.rpm`),
    ...dependencyTags([1047, 1112, 1113], provides),
    ...dependencyTags([1049, 1048, 1050], [...p.depends.flatMap(requirements), ...RPMLIB]),
    text(1124, "cpio"),
    text(1125, "gzip"),
    text(1126, "6"),
    text(5062, "utf-8"),
  ];
}

/** The 96-byte lead: magic, format 3.0, binary, the arch number, `name-version-release`, Linux, header signature. */
function lead(p: LinuxPackageInput): Buffer {
  const b = Buffer.alloc(96);
  b.writeUInt32BE(0xedabeedb, 0);
  b.writeUInt8(3, 4);
  b.writeUInt16BE(ARCHES[p.arch]?.lead ?? 0, 8);
  b.write(`${p.name}-${rpmVersion(p.version)}-1`.slice(0, 65), 10, "utf8");
  b.writeUInt16BE(1, 76);
  b.writeUInt16BE(5, 78);
  return b;
}

/** `RPMSIGTAG_RSA` (268) for an RSA signature, else `RPMSIGTAG_DSA` (267): where rpm 4.18 puts DSA, ECDSA and EdDSA. */
export function signatureTagOf(packet: Buffer): 267 | 268 {
  const first = packet[0] ?? 0;
  const length = packet[1] ?? 0;
  const newFormat = (first & 0x40) !== 0;
  const lengthBytes = !newFormat ? ([1, 2, 4][first & 3] ?? 0) : length < 192 ? 1 : length < 224 ? 2 : 5;
  const body = packet.subarray(1 + lengthBytes);
  const algo = body[0] === 3 ? body[15] : body[2];
  return algo === 1 || algo === 2 || algo === 3 ? 268 : 267;
}

/**
 * The `.rpm` written without rpmbuild, with the tags `rpmbuild -bb` writes for the same files (see `packageTags`,
 * `fileTags`; not rpm's own version, build flags and platform, nor the file classes of libmagic): the lead, the signature header (sha1 and sha256 of the header, md5 and size of
 * header and payload, the payload's uncompressed size, and the `sign` signature of the header when given: a
 * v4 header-only signature, as `rpmsign --addsign` writes by default), the header, and the payload: a cpio of
 * the files, gzipped at level 6 by the archives' block gzip. Unsigned, the same inputs give the same bytes.
 */
export async function rpmBytes(p: LinuxPackageInput, sign?: RpmHeaderSigner): Promise<Buffer> {
  const files = await rpmFiles(p.entries);
  const cpio = rpmCpio(files, p.mtime);
  const uncompressed = createHash("sha256");
  for (const c of cpio) uncompressed.update(c);
  const payload = await collect(parallelGzip(Readable.from(cpio), { level: 6 }));
  const header = rpmHeader(
    [
      ...packageTags(p, files),
      ...fileTags(files, p.mtime),
      { tag: 5092, type: T.STRING_ARRAY, value: [sha256(payload)] },
      { tag: 5093, type: T.INT32, value: [8] },
      { tag: 5097, type: T.STRING_ARRAY, value: [uncompressed.digest("hex")] },
    ],
    63,
  );
  const signature = sign ? await sign(header) : undefined;
  const sigTags: RpmTag[] = [
    ...(signature ? [{ tag: signatureTagOf(signature), type: T.BIN, value: signature } as const] : []),
    { tag: 269, type: T.STRING, value: createHash("sha1").update(header).digest("hex") },
    { tag: 273, type: T.STRING, value: sha256(header) },
    { tag: 1000, type: T.INT32, value: [header.length + payload.length] },
    { tag: 1004, type: T.BIN, value: createHash("md5").update(header).update(payload).digest() },
    { tag: 1007, type: T.INT32, value: [cpio.reduce((n, c) => n + c.length, 0)] },
  ];
  return Buffer.concat([lead(p), padTo8(rpmHeader(sigTags, 62)), header, payload]);
}
