import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish } from "../../src/docker/index.js";
import { writeManifest, type Artifact } from "../../src/manifest/dist-manifest.js";
import { finishInput } from "../../src/resume/finish-input.js";
import type { ResumeInput } from "../../src/resume/inputs.js";
import { runSteps } from "../../src/resume/run-steps.js";
import { captureStream } from "../helpers/run-release.js";
import { assembleIndex } from "../../src/oci/image.js";
import { OciLayout } from "../../src/oci/layout.js";
import { exec } from "../../src/util/exec.js";
import { testContext } from "../helpers/context.js";
import { tinyImage } from "../helpers/oci-images.js";
import { repoRoot } from "../helpers/paths.js";
import { makeSignKeys, type SignKeys } from "../helpers/sign-keys.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";
import {
  OIDC_ISSUER,
  startSigstore,
  WORKFLOW_IDENTITY,
  type SigstoreStandIn,
} from "../stand-ins/sigstore.js";

const run = promisify(execFile);
const cli = join(repoRoot, "dist/src/cli.js");
const VERSION = "1.2.0";
const TARGETS = { amd64: "x86_64-unknown-linux-musl", arm64: "aarch64-unknown-linux-musl" } as const;
const BUNDLE = "application/vnd.dev.sigstore.bundle.v0.3+json";
const CDX = "application/vnd.cyclonedx+json";

interface Index {
  manifests: { digest: string; artifactType?: string; annotations?: Record<string, string> }[];
}
interface Manifest {
  artifactType: string;
  config: { mediaType: string };
  layers: { digest: string; mediaType: string }[];
  subject: { digest: string; mediaType: string };
}

let registry: RunningRegistry;
let sigstore: SigstoreStandIn;
let keys: SignKeys;
let cwd: string;
let trustedRoot: string;

const skopeoRaw = async <T>(ref: string): Promise<T | undefined> => {
  const r = await exec("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${ref}`], {
    reject: false,
  });
  return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
};
const blob = async (repo: string, digest: string) =>
  Buffer.from(await (await fetch(`http://${registry.host}/v2/${repo}/blobs/${digest}`)).arrayBuffer());
const hex = (digest: string) => digest.slice("sha256:".length);

/** `semantic-release-rust verify` as the person who pulls the image runs it. */
async function verify(...args: string[]) {
  try {
    const r = await run("node", [cli, "verify", ...args], { env: { ...process.env }, cwd });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: `${err.stdout}${err.stderr}` };
  }
}
const sigstoreFlags = () => [
  "--sigstore-trusted-root",
  trustedRoot,
  "--sigstore-identity",
  WORKFLOW_IDENTITY,
];

/** A dist folder as prepare leaves it: an OCI layout with the `1.2.0` index over two platforms, binaries and SBOMs listed. */
async function stageDist(dist: string, seed: string) {
  const layout = new OciLayout(join(dist, "oci"));
  await layout.reset();
  const manifests = [];
  for (const arch of ["amd64", "arm64"] as const) {
    const { image } = tinyImage(arch, "rgreet", `#!/bin/true ${seed}\n`);
    for (const b of [image.layer, image.config, image.manifest]) await layout.putBlob(b);
    manifests.push(image.manifest.descriptor);
  }
  const index = assembleIndex(manifests, {});
  await layout.putBlob(index);
  await layout.writeIndex([{ name: VERSION, descriptor: index.descriptor }]);
  const artifacts: Artifact[] = [];
  for (const [arch, target] of Object.entries(TARGETS)) {
    const sbom = `rgreet-v${VERSION}-${target}.tar.gz.cdx.json`;
    const data = JSON.stringify({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      metadata: { component: { name: arch } },
    });
    await writeFile(join(dist, sbom), data);
    artifacts.push({
      path: `bin/${target}/rgreet`,
      kind: "binary",
      target,
      binary: "rgreet",
      size: 1,
      sha256: "0",
    });
    // Kind `sbom` as semantic-release-rust/binaries lists it.
    artifacts.push({ path: sbom, kind: "sbom" as Artifact["kind"], target, size: data.length, sha256: "0" });
  }
  await writeManifest(dist, { schemaVersion: 1, version: VERSION, artifacts });
  return index.descriptor.digest;
}

const context = (env: Record<string, string | undefined>) =>
  testContext(cwd, {
    env: { ...process.env, ...env },
    nextRelease: { version: VERSION, gitTag: `v${VERSION}`, gitHead: "HEAD", channel: null } as never,
    options: { repositoryUrl: "https://github.com/acme/rgreet.git", plugins: [] },
  });

beforeAll(async () => {
  [registry, sigstore, keys] = await Promise.all([
    startRegistry(),
    startSigstore(),
    makeSignKeys({ minisignPassword: false }),
  ]);
  keys.sign.minisign = { keyEnv: "RELEASE_MINISIGN_KEY" } as typeof keys.sign.minisign;
  cwd = await mkdtemp(join(tmpdir(), "srr-referrers-"));
  trustedRoot = join(cwd, "trusted_root.json");
  await writeFile(trustedRoot, JSON.stringify(sigstore.trustedRoot));
});
afterAll(async () => {
  await Promise.all([registry?.stop(), sigstore?.stop(), keys?.cleanup()]);
  await rm(cwd, { recursive: true, force: true });
});

describe("image signatures and SBOMs as OCI referrers on docker-registry 2.8 (no referrers API: the sha256-<hex> tag)", () => {
  let digest: string;
  let image: string;
  let referrers: Index;
  const config = () => ({ images: [image], sign: { sigstore: sigstore.option } });

  beforeAll(async () => {
    await mkdir(join(cwd, "dist"), { recursive: true });
    digest = await stageDist(join(cwd, "dist"), "keyless");
    image = `${registry.host}/rgreet`;
    await publish(config(), context(sigstore.oidcEnv));
    referrers = (await skopeoRaw<Index>(`${image}:sha256-${hex(digest)}`))!;
  });

  it("lists a Sigstore bundle and one SBOM per platform under the sha256-<hex> tag", () => {
    const rows = referrers.manifests.map((m) => [
      m.artifactType,
      m.annotations?.["dev.sigstore.bundle.predicateType"] ??
        m.annotations?.["dev.semantic-release-rust.platform"],
    ]);
    expect(rows).toEqual([
      [BUNDLE, "https://sigstore.dev/cosign/sign/v1"],
      [CDX, "linux/arm64"],
      [CDX, "linux/amd64"],
    ]);
  });

  it("the signature is a cosign 3 bundle over the index digest that @sigstore/verify accepts", async () => {
    const ref = referrers.manifests[0]!;
    const manifest = (await skopeoRaw<Manifest>(`${image}@${ref.digest}`))!;
    expect(manifest.subject.digest).toBe(digest);
    expect(manifest.config.mediaType).toBe("application/vnd.oci.empty.v1+json");
    const bundleJson = JSON.parse((await blob("rgreet", manifest.layers[0]!.digest)).toString("utf8"));
    const bundle = bundleFromJSON(bundleJson);
    const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot));
    const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1 });
    const signer = verifier.verify(toSignedEntity(bundle), {
      subjectAlternativeName: WORKFLOW_IDENTITY,
      extensions: { issuer: OIDC_ISSUER },
    });
    expect(signer.identity?.subjectAlternativeName).toBe(WORKFLOW_IDENTITY);
    const statement = JSON.parse(Buffer.from(bundleJson.dsseEnvelope.payload, "base64").toString("utf8"));
    expect(statement.predicateType).toBe("https://sigstore.dev/cosign/sign/v1");
    expect(statement.subject[0].digest.sha256).toBe(hex(digest));
  });

  it("each SBOM referrer's layer is that platform's target's SBOM", async () => {
    for (const [arch, target] of Object.entries(TARGETS)) {
      const ref = referrers.manifests.find(
        (m) => m.annotations?.["dev.semantic-release-rust.platform"] === `linux/${arch}`,
      );
      expect(ref?.annotations?.["dev.semantic-release-rust.target"]).toBe(target);
      const manifest = (await skopeoRaw<Manifest>(`${image}@${ref!.digest}`))!;
      expect(manifest.artifactType).toBe(CDX);
      expect(manifest.layers.map((l) => l.mediaType)).toEqual([CDX]);
      const expected = await readFile(join(cwd, "dist", `rgreet-v${VERSION}-${target}.tar.gz.cdx.json`));
      expect(await blob("rgreet", manifest.layers[0]!.digest)).toEqual(expected);
    }
  });

  it("`verify --image` finds the referrers through the tag and verifies the signature", async () => {
    const r = await verify("--image", `${image}:${VERSION}`, ...sigstoreFlags());
    expect(r.out).toContain(
      `OK   ${image}:${VERSION}: digest — ${digest}, 3 referrers (tag sha256-${hex(digest)})`,
    );
    expect(r.out).toMatch(/OK {3}\S+: sigstore signature — signed by https:\/\/github.com\/acme\/rgreet/);
    expect(r.out).toContain("sbom linux/amd64");
    expect(r.out).toContain("sbom linux/arm64");
    expect(r.code).toBe(0);
  });

  it("a re-run (resume, finish) adds nothing: same referrers, no second signature", async () => {
    const signings = sigstore.requests.filter((q) => q.line === "POST /fulcio/api/v2/signingCert").length;
    const ctx = context(sigstore.oidcEnv);
    await publish(config(), ctx);
    expect(await skopeoRaw<Index>(`${image}:sha256-${hex(digest)}`)).toEqual(referrers);
    expect(sigstore.requests.filter((q) => q.line === "POST /fulcio/api/v2/signingCert")).toHaveLength(
      signings,
    );
    expect(ctx.lines).toContain(`Sigstore signature of ${image}@${digest}: kept the one attached before`);
    expect(ctx.lines).toContain(`SBOM (linux/amd64) of ${image}@${digest}: already attached`);
  });

  it("a signature moved under another digest fails, and so does a digest the registry does not have", async () => {
    const other = await stageDist(join(cwd, "dist"), "other");
    await publish({ images: [image] }, context({}));
    // Someone lists this release's signature as a referrer of another image.
    const forged = {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [referrers.manifests[0]],
    };
    const put = await fetch(`http://${registry.host}/v2/rgreet/manifests/sha256-${hex(other)}`, {
      method: "PUT",
      headers: { "content-type": "application/vnd.oci.image.index.v1+json" },
      body: JSON.stringify(forged),
    });
    expect(put.status).toBe(201);
    const moved = await verify("--image", `${image}@${other}`, ...sigstoreFlags());
    expect(moved.code).not.toBe(0);
    expect(moved.out).toContain(`FAIL ${image}@${other}: sigstore signature — signs ${digest}, not ${other}`);
    const missing = `sha256:${"0".repeat(64)}`;
    const absent = await verify("--image", `${image}@${missing}`, ...sigstoreFlags());
    expect(absent.code).not.toBe(0);
    expect(absent.out).toContain("FAIL");
  });
});

describe("gpg and minisign signatures of an image (cosign's simple-signing payload)", () => {
  it("attaches one referrer per method, checked by `verify --image` with the public keys", async () => {
    const dist = join(cwd, "dist-keys");
    await mkdir(dist, { recursive: true });
    const digest = await stageDist(dist, "keys");
    const image = `${registry.host}/rgreet-keys`;
    const ctx = context(keys.env);
    await publish({ images: [image], distDir: "dist-keys", sign: keys.sign }, ctx);
    const listed = (await skopeoRaw<Index>(`${image}:sha256-${hex(digest)}`))!;
    expect(listed.manifests.map((m) => m.artifactType)).toEqual([
      "application/pgp-signature",
      "application/vnd.minisign.signature",
      CDX,
      CDX,
    ]);
    const r = await verify(
      "--image",
      `${image}:${VERSION}`,
      "--gpg-key",
      keys.gpgPublicKey,
      "--minisign-key",
      keys.minisignPublicKey,
    );
    expect(r.out).toMatch(/OK {3}\S+: gpg signature — good signature from Release Bot/);
    expect(r.out).toMatch(/OK {3}\S+: minisign signature — good signature/);
    expect(r.code).toBe(0);
  });
});

describe("the split release: `finish` pushes the images and attaches the referrers on the same path", () => {
  it("runs docker's publish as a single release would, signed with the binaries plugin's `sign` option", async () => {
    const dist = join(cwd, "dist-split");
    await mkdir(dist, { recursive: true });
    const digest = await stageDist(dist, "split");
    const image = `${registry.host}/rgreet-split`;
    const binaries = { sign: { sigstore: sigstore.option } };
    const docker = { images: [image], distDir: "dist-split", rustRelease: "split" };
    const listed = [
      ["semantic-release-rust/binaries", binaries],
      ["semantic-release-rust/docker", docker],
    ] as const;
    const plugins = listed.map(([name, options]) => ({
      name,
      options,
      entry: [name, options] as [string, Record<string, unknown>],
      pluginConfig: options,
    }));
    const input = {
      cwd,
      env: { ...process.env, ...sigstore.oidcEnv },
      config: { file: ".releaserc.json", globals: {}, plugins },
      plugins,
      repositoryUrl: "https://github.com/acme/rgreet.git",
      branch: { name: "main" },
      release: { version: VERSION, gitTag: `v${VERSION}`, gitHead: "HEAD", channel: null },
    } as unknown as ResumeInput;
    const out = captureStream();
    const steps = [{ plugin: "semantic-release-rust/docker", step: "publish" as const, run: true }];
    const outcome = await runSteps(steps, finishInput(input, []), "notes", { stdout: out, stderr: out });
    // A failed step says why in its output: the assertion carries it (CI once saw this fail, and not again).
    expect(outcome.ok, `${JSON.stringify(outcome)}\n${out.text()}`).toBe(true);
    const referrers = (await skopeoRaw<Index>(`${image}:sha256-${hex(digest)}`))!;
    expect(referrers.manifests.map((m) => m.artifactType)).toEqual([BUNDLE, CDX, CDX]);
    const r = await verify("--image", `${image}:${VERSION}`, ...sigstoreFlags());
    expect(r.code).toBe(0);
  });
});
