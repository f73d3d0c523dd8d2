import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeChecksumFile } from "../../src/binaries/checksums.js";
import { writeDist } from "../../src/binaries/write-dist.js";
import { publish } from "../../src/github/index.js";
import type { Artifact, DistManifest } from "../../src/manifest/dist-manifest.js";
import type { ProvenanceStatement } from "../../src/provenance/statement.js";
import { exec } from "../../src/util/exec.js";
import { fileDigest } from "../../src/util/digest.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { runVerify, statusOf } from "../helpers/verify-run.js";
import { argvShims, GPG_PASSPHRASE, makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import {
  OIDC_ISSUER,
  startSigstore,
  WORKFLOW_IDENTITY,
  type SigstoreStandIn,
} from "../stand-ins/sigstore.js";

const TAG = "v1.2.0";
const ARCHIVES = [
  ["rgreet-v1.2.0-x86_64-unknown-linux-musl.tar.gz", "x86_64-unknown-linux-musl"],
  ["rgreet-v1.2.0-x86_64-pc-windows-msvc.zip", "x86_64-pc-windows-msvc"],
] as const;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
/** The variables of a GitHub Actions release job (`id-token: write`), as the runner sets them. */
const ACTIONS_ENV = {
  GITHUB_ACTIONS: "true",
  GITHUB_SERVER_URL: "https://github.com",
  GITHUB_REPOSITORY: "acme/rgreet",
  GITHUB_WORKFLOW_REF: "acme/rgreet/.github/workflows/release.yml@refs/heads/main",
  GITHUB_RUN_ID: "4242",
  GITHUB_RUN_ATTEMPT: "2",
  GITHUB_EVENT_NAME: "push",
  GITHUB_SHA: COMMIT,
};

let keys: SignKeys;
let sigstore: SigstoreStandIn;
let gh: GitHubStandIn;
let root: string;
let cwd: string;
let dist: string;
let manifest: DistManifest;
let logLines: string[];
let argvLog: string;
let trustedRoot: string;

/** A dist/ of two archives written, signed (gpg and Sigstore) and given provenance by `writeDist`, as in prepare. */
async function signedDist(dir: string, fill: number, logFile?: string) {
  await mkdir(dir, { recursive: true });
  const artifacts: Artifact[] = [];
  for (const [i, [name, target]] of ARCHIVES.entries()) {
    await writeFile(join(dir, name), Buffer.alloc(40_000 + i, fill + i));
    const d = await fileDigest(join(dir, name));
    await writeChecksumFile({ path: join(dir, name), sha256: d.sha256 });
    artifacts.push({ path: name, kind: "archive", target, ...d });
    const sidecar = `${name}.sha256`;
    artifacts.push({ path: sidecar, kind: "checksum", target, ...(await fileDigest(join(dir, sidecar))) });
  }
  const shims = logFile ? `${await argvShims(root, logFile)}:` : "";
  const env = {
    ...process.env,
    ...keys.env,
    ...sigstore.oidcEnv,
    ...ACTIONS_ENV,
    PATH: `${shims}${process.env.PATH}`,
  };
  const ctx = testContext(dir, { env });
  const m = await writeDist(dir, {
    version: "1.2.0",
    gitHead: COMMIT,
    artifacts,
    logger: ctx.logger,
    signing: { sign: { gpg: keys.sign.gpg, sigstore: sigstore.option }, env },
    provenance: { enabled: true, gitTag: TAG, repositoryUrl: "git+https://github.com/acme/rgreet.git" },
  });
  return { manifest: m, lines: ctx.lines };
}

beforeAll(async () => {
  [keys, sigstore, gh] = await Promise.all([
    makeSignKeys({ minisignPassword: false }),
    startSigstore(),
    startGitHubStandIn(),
  ]);
  root = await mkdtemp(join(tmpdir(), "srr-provenance-"));
  cwd = join(root, "project");
  dist = join(cwd, "dist");
  argvLog = join(root, "argv.log");
  ({ manifest, lines: logLines } = await signedDist(dist, 1, argvLog));
  trustedRoot = join(root, "trusted_root.json");
  await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
}, 240_000);
afterAll(async () => {
  await Promise.all([sigstore?.stop(), gh?.stop(), keys?.cleanup()]);
  if (root) await rm(root, { recursive: true, force: true });
});

const statement = async (dir = dist) =>
  JSON.parse(await readFile(join(dir, "provenance.intoto.json"), "utf8")) as ProvenanceStatement;

describe("provenance.intoto.json: an in-toto statement with an SLSA v1 provenance predicate", () => {
  it("has the archives' sha256 as subjects (as sha256sum computes them)", async () => {
    const s = await statement();
    expect(s._type).toBe("https://in-toto.io/Statement/v1");
    expect(s.predicateType).toBe("https://slsa.dev/provenance/v1");
    const sums = await exec(
      "sha256sum",
      ARCHIVES.map(([n]) => n),
      { cwd: dist },
    );
    const expected = sums.stdout
      .trim()
      .split("\n")
      .map((l) => ({ name: l.split(/\s+\*?/)[1], digest: { sha256: l.split(" ")[0] } }));
    expect(s.subject).toEqual(expected);
  });

  it("records the build: our build type, the workflow, release, targets, source commit, builder and run", async () => {
    const { buildDefinition: b, runDetails: r } = (await statement()).predicate;
    expect(b.buildType).toBe("https://github.com/semantic-release-rust/semantic-release-rust/provenance/v1");
    expect(b.externalParameters).toEqual({
      workflow: {
        ref: "refs/heads/main",
        repository: "https://github.com/acme/rgreet",
        path: ".github/workflows/release.yml",
      },
      release: { version: "1.2.0", tag: TAG },
      targets: ARCHIVES.map(([, t]) => t),
    });
    expect(b.internalParameters).toEqual({ event_name: "push", sha: COMMIT });
    expect(b.resolvedDependencies).toEqual([
      { uri: `git+https://github.com/acme/rgreet@refs/tags/${TAG}`, digest: { gitCommit: COMMIT } },
    ]);
    expect(r.builder.id).toBe(WORKFLOW_IDENTITY);
    expect(r.metadata).toEqual({
      invocationId: "https://github.com/acme/rgreet/actions/runs/4242/attempts/2",
    });
  });

  it("is listed in the manifest (kind provenance) with its gpg and Sigstore signatures", () => {
    const byPath = new Map(manifest.artifacts.map((a) => [a.path, a]));
    expect(byPath.get("provenance.intoto.json")?.kind).toBe("provenance");
    for (const ext of [".asc", ".sigstore.json"])
      expect(byPath.get(`provenance.intoto.json${ext}`)).toMatchObject({
        kind: "signature",
        signs: "provenance.intoto.json",
      });
  });

  it("is signed by Sigstore as a DSSE envelope of the statement that @sigstore/verify accepts", async () => {
    const json = JSON.parse(await readFile(join(dist, "provenance.intoto.json.sigstore.json"), "utf8"));
    expect(json.dsseEnvelope.payloadType).toBe("application/vnd.in-toto+json");
    const payload = Buffer.from(json.dsseEnvelope.payload, "base64");
    expect(payload.equals(await readFile(join(dist, "provenance.intoto.json")))).toBe(true);
    const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot));
    const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, tsaThreshold: 1 });
    const signer = verifier.verify(toSignedEntity(bundleFromJSON(json)), {
      subjectAlternativeName: WORKFLOW_IDENTITY,
      extensions: { issuer: OIDC_ISSUER },
    });
    expect(signer.identity?.subjectAlternativeName).toBe(WORKFLOW_IDENTITY);
  });

  it("has a gpg signature the real gpg --verify accepts; sha256sum -c SHA256SUMS still passes", async () => {
    const home = await mkdtemp(join(root, "user-gnupg-"));
    const env = { ...process.env, GNUPGHOME: home };
    await exec("gpg", ["--batch", "--import", keys.gpgPublicKey], { env });
    const file = join(dist, "provenance.intoto.json");
    const r = await exec("gpg", ["--batch", "--verify", `${file}.asc`, file], { env, reject: false });
    await exec("gpgconf", ["--homedir", home, "--kill", "gpg-agent"], { env, reject: false });
    expect(r.code, r.stderr).toBe(0);
    const sums = await exec("sha256sum", ["-c", "SHA256SUMS"], { cwd: dist, reject: false });
    expect(sums.code, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout).toContain(`${ARCHIVES[0][0]}: OK`);
  });

  it("a re-run (same archives) writes the same statement and keeps its DSSE bundle: no new Rekor entry", async () => {
    const bundle = await readFile(join(dist, "provenance.intoto.json.sigstore.json"));
    const rekor = sigstore.requests.filter((r) => r.line.startsWith("POST /rekor")).length;
    const again = await signedDist(dist, 1);
    expect(again.manifest.artifacts).toEqual(manifest.artifacts);
    expect((await readFile(join(dist, "provenance.intoto.json.sigstore.json"))).equals(bundle)).toBe(true);
    expect(sigstore.requests.filter((r) => r.line.startsWith("POST /rekor")).length).toBe(rekor);
    expect(again.lines.filter((l) => l.startsWith("Kept the sigstore signature provenance"))).toHaveLength(1);
  });

  it("keeps the OIDC tokens, signing key and passphrase out of every file in dist, the log and argv", async () => {
    expect(sigstore.issuedTokens.length).toBeGreaterThan(0);
    const secrets = [
      "request-token-secret",
      ...sigstore.issuedTokens,
      ...sigstore.issuedTokens.map((t) => t.split(".")[1]!),
      GPG_PASSPHRASE,
      "PRIVATE KEY",
      keys.env.RELEASE_GPG_KEY!.split("\n").find((l) => l.length > 60)!,
    ];
    const texts: [string, string][] = [["log", logLines.join("\n")]];
    texts.push(["argv", await readFile(argvLog, "utf8")]);
    for (const f of await readdir(dist)) texts.push([f, await readFile(join(dist, f), "latin1")]);
    for (const [where, text] of texts)
      for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
  });
});

const verify = (...args: string[]) => runVerify(args, { cwd: root, env: { ...process.env, TMPDIR: root } });

describe("a release on the GitHub stand-in, verified by URL with one command", () => {
  const url = (name: string) => `${gh.url}/acme/rgreet/releases/download/${TAG}/${name}`;
  const trust = () => ["--sigstore-trusted-root", trustedRoot, "--gpg-key", keys.gpgPublicKey];

  beforeAll(async () => {
    const ctx = testContext(cwd, {
      env: { ...gh.env(), ...ACTIONS_ENV },
      options: { repositoryUrl: "https://github.com/acme/rgreet.git" },
      branch: { name: "main", main: true, type: "release" },
      nextRelease: { version: "1.2.0", gitTag: TAG, name: TAG, channel: null, notes: "## 1.2.0" },
    });
    await publish({ attestations: true }, ctx);
  }, 120_000);

  it("uploaded the provenance and its signatures, and registered the attestation (POST /attestations)", async () => {
    const release = gh.state.releaseByTag("acme", "rgreet", TAG, true)!;
    const names = gh.state.assetsOf(release.id).map((a) => a.name);
    for (const n of [
      "provenance.intoto.json",
      "provenance.intoto.json.sigstore.json",
      "provenance.intoto.json.asc",
    ])
      expect(names).toContain(n);
    expect(gh.state.attestations).toHaveLength(1);
    const sent = gh.state.attestations[0]!;
    expect(sent.repository).toBe("acme/rgreet");
    const local = JSON.parse(await readFile(join(dist, "provenance.intoto.json.sigstore.json"), "utf8"));
    expect(sent.bundle).toEqual(local);
  });

  it("downloads an archive with SHA256SUMS, signatures and provenance beside it: all OK, exit 0", async () => {
    const r = await verify(url(ARCHIVES[0][0]), ...trust());
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const name = ARCHIVES[0][0];
    for (const check of [
      "sha256 (SHA256SUMS)",
      `sha256 (${name}.sha256)`,
      "gpg signature",
      "sigstore signature",
      "provenance",
    ])
      expect(statusOf(r.stdout, name, check), check).toBe("OK");
    for (const check of ["gpg signature", "sigstore signature"]) {
      expect(statusOf(r.stdout, "SHA256SUMS", check), check).toBe("OK");
      expect(statusOf(r.stdout, "provenance.intoto.json", check), check).toBe("OK");
    }
    expect(r.stdout).toContain(`from https://github.com/acme/rgreet`);
    expect(r.stdout).toContain(`built by ${WORKFLOW_IDENTITY}`);
    expect(r.stdout).not.toContain(ARCHIVES[1][0]);
  });

  it("a signature from another repository than asked for: exit 5 (identity)", async () => {
    const r = await verify(url(ARCHIVES[1][0]), ...trust(), "--repository", "evil/fork");
    expect(r.code, r.stdout).toBe(5);
    expect(r.stdout).toContain("not https://github.com/evil/fork");
    const workflow = await verify(url(ARCHIVES[1][0]), ...trust(), "--workflow", "release-rust.yml");
    expect(workflow.code, workflow.stdout).toBe(5);
    const ours = await verify(url(ARCHIVES[1][0]), ...trust(), "--workflow", "release.yml");
    expect(ours.code, ours.stdout).toBe(0);
  });

  it("an archive changed on the server: exit 3 (checksum)", async () => {
    const release = gh.state.releaseByTag("acme", "rgreet", TAG, true)!;
    const asset = gh.state.assetsOf(release.id).find((a) => a.name === ARCHIVES[0][0])!;
    const original = await readFile(asset.file!);
    await writeFile(asset.file!, Buffer.concat([original.subarray(0, -1), Buffer.from([0])]));
    try {
      const r = await verify(url(ARCHIVES[0][0]), ...trust());
      expect(r.code, r.stdout).toBe(3);
      expect(statusOf(r.stdout, ARCHIVES[0][0], "sha256 (SHA256SUMS)")).toBe("FAIL");
      expect(statusOf(r.stdout, ARCHIVES[0][0], "provenance")).toBe("FAIL");
    } finally {
      await writeFile(asset.file!, original);
    }
  });

  it("a signed provenance of another build (its subjects have other digests): exit 6 (provenance)", async () => {
    const other = join(root, "other-build");
    await signedDist(other, 9);
    const local = join(root, "mixed");
    await mkdir(local);
    for (const f of await readdir(dist))
      await writeFile(join(local, f), await readFile(join(f.startsWith("provenance") ? other : dist, f)));
    const r = await verify(join(local, ARCHIVES[0][0]), ...trust());
    expect(r.code, r.stdout).toBe(6);
    expect(statusOf(r.stdout, "provenance.intoto.json", "sigstore signature")).toBe("OK");
    expect(statusOf(r.stdout, ARCHIVES[0][0], "provenance")).toBe("FAIL");
    expect(statusOf(r.stdout, ARCHIVES[0][0], "sha256 (SHA256SUMS)")).toBe("OK");
  });

  it("a URL that answers 404: exit 7 (download); a bad option: exit 2; --help lists the exit codes", async () => {
    const r = await verify(url("rgreet-v1.2.0-aarch64-apple-darwin.tar.gz"), ...trust());
    expect(r.code, r.stdout).toBe(7);
    expect(r.stdout).toMatch(/FAIL rgreet-v1.2.0-aarch64-apple-darwin.tar.gz: download — .*HTTP 404/);
    expect((await verify("--bogus")).code).toBe(2);
    const help = await verify("--help");
    expect(help.code).toBe(0);
    for (const code of ["3 checksum", "4 signature", "5 identity", "6 provenance", "7 download"])
      expect(help.stdout).toContain(code);
  });

  it("GitHub refusing the attestation (a token without write access) is EATTESTATION", async () => {
    const reader = "ghp_readonly";
    const standIn = await startGitHubStandIn({ tokens: { [reader]: "read" } });
    try {
      const { registerAttestation } = await import("../../src/github/attestations.js");
      const { makeClient, loadGithubConfig } = await import("../../src/github/config.js");
      const ctx = testContext(cwd, {
        env: { GITHUB_API_URL: standIn.apiUrl, GH_TOKEN: reader },
        options: { repositoryUrl: "https://github.com/acme/rgreet.git" },
      });
      const s = loadGithubConfig({}, ctx).settings;
      const error = await rejection(
        registerAttestation(makeClient(s, ctx), s, { manifest, distDir: dist, logger: ctx.logger }),
      );
      expect(errorCodes(error)).toEqual(["EATTESTATION"]);
      expect(String((error as Error).message)).toContain("403");
    } finally {
      await standIn.stop();
    }
  });
});
