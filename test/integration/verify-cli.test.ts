import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeChecksumFile, writeSha256Sums } from "../../src/binaries/checksums.js";
import type { Artifact } from "../../src/manifest/dist-manifest.js";
import { signArtifacts } from "../../src/sign/sign-artifacts.js";
import { fileDigest } from "../../src/util/digest.js";
import { testContext } from "../helpers/context.js";
import { runVerify, statusOf } from "../helpers/verify-run.js";
import { makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";
import { startSigstore, WORKFLOW_IDENTITY, type SigstoreStandIn } from "../stand-ins/sigstore.js";

const ARCHIVES = [
  "rgreet-v1.2.0-x86_64-unknown-linux-musl.tar.gz",
  "rgreet-v1.2.0-x86_64-pc-windows-msvc.zip",
];
let keys: SignKeys;
let sigstore: SigstoreStandIn;
let dist: string;
let trustedRoot: string;

/** A downloaded release: archives, their `.sha256`, SHA256SUMS and gpg, minisign and Sigstore signatures. */
beforeAll(async () => {
  [keys, sigstore] = await Promise.all([makeSignKeys({ minisignPassword: false }), startSigstore()]);
  keys.sign.minisign = { keyEnv: "RELEASE_MINISIGN_KEY" } as typeof keys.sign.minisign;
  dist = await mkdtemp(join(tmpdir(), "srr-verify-"));
  const artifacts: Artifact[] = [];
  for (const [i, name] of ARCHIVES.entries()) {
    await writeFile(join(dist, name), Buffer.alloc(50_000 + i, i + 1));
    const d = await fileDigest(join(dist, name));
    await writeChecksumFile({ path: join(dist, name), sha256: d.sha256 });
    artifacts.push({ path: name, kind: "archive", ...d });
  }
  const sums = await writeSha256Sums(
    dist,
    artifacts.map((a) => ({ path: join(dist, a.path), sha256: a.sha256 })),
  );
  artifacts.push({ path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 });
  const env = { ...process.env, ...keys.env, ...sigstore.oidcEnv };
  const sign = { ...keys.sign, sigstore: sigstore.option };
  await signArtifacts({ sign, distDir: dist, artifacts, env, logger: testContext(dist, { env }).logger });
  trustedRoot = join(keys.dir, "trusted_root.json");
  await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
});
afterAll(async () => {
  await sigstore?.stop();
  await keys?.cleanup();
  await rm(dist, { recursive: true, force: true });
});

const verify = (...args: string[]) => runVerify(args, { cwd: dist });

const withKeys = () => [
  "--gpg-key",
  keys.gpgPublicKey,
  "--minisign-key",
  keys.minisignPublicKey,
  "--sigstore-trusted-root",
  trustedRoot,
  "--sigstore-repository",
  "acme/rgreet",
  "--sigstore-identity",
  WORKFLOW_IDENTITY,
];

describe("semantic-release-rust verify", () => {
  it("checks SHA256SUMS, every .sha256 and every signature with the keys given: one line each, exit 0", async () => {
    const r = await verify("--dir", ".", ...withKeys());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const file of [...ARCHIVES, "SHA256SUMS"]) {
      for (const check of ["gpg signature", "minisign signature", "sigstore signature"])
        expect(statusOf(r.stdout, file, check), `${file} ${check}`).toBe("OK");
    }
    for (const file of ARCHIVES) {
      expect(statusOf(r.stdout, file, "sha256 (SHA256SUMS)")).toBe("OK");
      expect(statusOf(r.stdout, file, `sha256 (${file}.sha256)`)).toBe("OK");
    }
    expect(r.stdout).toContain(`signed by ${WORKFLOW_IDENTITY} from https://github.com/acme/rgreet`);
    expect(r.stdout).toMatch(/all 13 checks passed/);
  });

  it("says which signatures it could not check without keys, and still passes on the checksums", async () => {
    const r = await verify(ARCHIVES[0]!, "--sigstore-trusted-root", trustedRoot);
    expect(r.code, r.stdout).toBe(0);
    expect(statusOf(r.stdout, ARCHIVES[0]!, "gpg signature")).toBe("SKIP");
    expect(r.stdout).toContain("--gpg-key");
    expect(statusOf(r.stdout, ARCHIVES[0]!, "sigstore signature")).toBe("OK");
    expect(r.stdout).toContain("identity not checked");
    expect(r.stdout).not.toContain(ARCHIVES[1]!);
  });

  it("refuses a tampered archive: checksum lists, gpg, minisign and Sigstore all fail, exit 3 (checksum)", async () => {
    const path = join(dist, ARCHIVES[0]!);
    const original = await readFile(path);
    await writeFile(path, Buffer.concat([original.subarray(0, -1), Buffer.from([0])]));
    try {
      const r = await verify(...withKeys());
      expect(r.code).toBe(3);
      for (const check of [
        "sha256 (SHA256SUMS)",
        `sha256 (${ARCHIVES[0]}.sha256)`,
        "gpg signature",
        "minisign signature",
        "sigstore signature",
      ])
        expect(statusOf(r.stdout, ARCHIVES[0]!, check), check).toBe("FAIL");
      expect(statusOf(r.stdout, ARCHIVES[1]!, "gpg signature")).toBe("OK");
      expect(r.stdout).toMatch(/5 of 14 checks failed/);
      expect(statusOf(r.stdout, "provenance.intoto.json", "provenance")).toBe("SKIP");
    } finally {
      await writeFile(path, original);
    }
  });

  it("fails a bundle signed from another repository (exit 5), a missing archive (exit 3), an unknown option (exit 2)", async () => {
    const other = await verify(
      ARCHIVES[1]!,
      "--sigstore-trusted-root",
      trustedRoot,
      "--sigstore-repository",
      "evil/fork",
    );
    expect(other.code).toBe(5);
    expect(other.stdout).toContain("not https://github.com/evil/fork");
    const missing = await verify("gone.tar.gz");
    expect(missing.code).toBe(3);
    expect(statusOf(missing.stdout, "gone.tar.gz", "sha256")).toBe("FAIL");
    expect((await verify("--bogus")).code).toBe(2);
  });
});
