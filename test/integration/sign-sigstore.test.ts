import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { Verifier, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSha256Sums } from "../../src/binaries/checksums.js";
import { readManifest, writeManifest, type Artifact } from "../../src/manifest/dist-manifest.js";
import { signArtifacts, signDist } from "../../src/sign/sign-artifacts.js";
import { fileDigest } from "../../src/util/digest.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import {
  OIDC_ISSUER,
  REPOSITORY,
  startSigstore,
  WORKFLOW_IDENTITY,
  type SigstoreStandIn,
} from "../stand-ins/sigstore.js";

const ARCHIVE = "rgreet-v1.2.0-aarch64-unknown-linux-musl.tar.gz";
let sigstore: SigstoreStandIn;
let distDir: string;
let artifacts: Artifact[];
let signatures: Artifact[];

beforeAll(async () => {
  sigstore = await startSigstore();
  distDir = await mkdtemp(join(tmpdir(), "srr-sigstore-"));
  await writeFile(join(distDir, ARCHIVE), Buffer.alloc(200_000, 7));
  const d = await fileDigest(join(distDir, ARCHIVE));
  const sums = await writeSha256Sums(distDir, [{ path: join(distDir, ARCHIVE), sha256: d.sha256 }]);
  artifacts = [
    { path: ARCHIVE, kind: "archive", target: "aarch64-unknown-linux-musl", ...d },
    { path: "SHA256SUMS", kind: "checksums", size: sums.size, sha256: sums.sha256 },
  ];
  const env = { ...process.env, ...sigstore.oidcEnv };
  const ctx = testContext(distDir, { env });
  signatures = await signArtifacts({
    sign: { sigstore: sigstore.option },
    distDir,
    artifacts,
    env,
    logger: ctx.logger,
  });
});
afterAll(async () => {
  await sigstore?.stop();
  await rm(distDir, { recursive: true, force: true });
});

/** `@sigstore/verify` against the stand-ins' trust material, with GitHub Actions' issuer and the workflow identity. */
async function verifyBundle(bundleFile: string, file: string) {
  const bundle = bundleFromJSON(JSON.parse(await readFile(bundleFile, "utf8")));
  const trust = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot));
  const verifier = new Verifier(trust, { tlogThreshold: 1, ctlogThreshold: 1, tsaThreshold: 1 });
  const entity = toSignedEntity(bundle, await readFile(file));
  return verifier.verify(entity, {
    subjectAlternativeName: WORKFLOW_IDENTITY,
    extensions: { issuer: OIDC_ISSUER },
  });
}

describe("Sigstore keyless signatures against Fulcio, Rekor and TSA stand-ins on 127.0.0.1", () => {
  it("writes {file}.sigstore.json bundles listed as signatures", () => {
    expect(signatures.map((s) => [s.path, s.kind, s.method, s.signs])).toEqual([
      [`${ARCHIVE}.sigstore.json`, "signature", "sigstore", ARCHIVE],
      ["SHA256SUMS.sigstore.json", "signature", "sigstore", "SHA256SUMS"],
    ]);
  });

  it("got the OIDC token from the job's token service with the request token in a header, then Fulcio, Rekor, TSA", () => {
    const lines = sigstore.requests.map((r) => r.line);
    expect(lines.filter((l) => l === "GET /oidc/token")).toHaveLength(1);
    expect(sigstore.requests[0]!.authorization).toBe("Bearer request-token-secret");
    for (const path of ["/fulcio/api/v2/signingCert", "/rekor/api/v1/log/entries", "/tsa/api/v1/timestamp"])
      expect(lines.filter((l) => l === `POST ${path}`)).toHaveLength(2);
  });

  it("bundles verify with @sigstore/verify against the stand-ins' trust material, naming the workflow and repository", async () => {
    for (const f of [ARCHIVE, "SHA256SUMS"]) {
      const signer = await verifyBundle(join(distDir, `${f}.sigstore.json`), join(distDir, f));
      expect(signer.identity?.subjectAlternativeName).toBe(WORKFLOW_IDENTITY);
      const repo = signer.identity?.oids?.find((o) => o.oid?.id.join(".") === "1.3.6.1.4.1.57264.1.12");
      expect(Buffer.from(repo!.value).toString("utf8")).toContain(`https://github.com/${REPOSITORY}`);
    }
  });

  it("refuses a tampered archive", async () => {
    const tampered = join(distDir, "tampered.tar.gz");
    await writeFile(tampered, Buffer.alloc(200_000, 8));
    await expect(verifyBundle(join(distDir, `${ARCHIVE}.sigstore.json`), tampered)).rejects.toThrow();
  });

  it("keeps the bundles on a re-run (same bytes) without asking for a token or a certificate again", async () => {
    const before = await readFile(join(distDir, `${ARCHIVE}.sigstore.json`));
    const requests = sigstore.requests.length;
    const env = { ...process.env };
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const ctx = testContext(distDir, { env });
    const again = await signArtifacts({
      sign: { sigstore: sigstore.option },
      distDir,
      artifacts,
      env,
      logger: ctx.logger,
    });
    expect(again).toEqual(signatures);
    expect((await readFile(join(distDir, `${ARCHIVE}.sigstore.json`))).equals(before)).toBe(true);
    expect(sigstore.requests.length).toBe(requests);
  });

  it("keeps a bundle already uploaded as a release asset (resume, finish) and lists it in the manifest", async () => {
    const fresh = await mkdtemp(join(tmpdir(), "srr-sigstore-resume-"));
    try {
      for (const a of artifacts) await writeFile(join(fresh, a.path), await readFile(join(distDir, a.path)));
      await writeManifest(fresh, { schemaVersion: 1, version: "1.2.0", artifacts });
      const requests = sigstore.requests.length;
      const asked: string[] = [];
      const uploaded = async (name: string) => {
        asked.push(name);
        return readFile(join(distDir, name));
      };
      const env = { ...process.env, ...sigstore.oidcEnv };
      const ctx = testContext(fresh, { env });
      const sign = { sigstore: sigstore.option };
      const kept = await signDist({ sign, distDir: fresh, env, logger: ctx.logger, uploaded });
      // The files are signed side by side: which asset is asked for first is up to the file system.
      expect(asked.sort()).toEqual([`${ARCHIVE}.sigstore.json`, "SHA256SUMS.sigstore.json"].sort());
      expect(kept).toEqual(signatures);
      expect(sigstore.requests.length).toBe(requests);
      const manifest = (await readManifest(fresh))!;
      expect(manifest.artifacts.filter((a) => a.kind === "signature").map((a) => a.path)).toEqual([
        `${ARCHIVE}.sigstore.json`,
        "SHA256SUMS.sigstore.json",
      ]);
      const local = await readFile(join(fresh, `${ARCHIVE}.sigstore.json`));
      expect(local.equals(await readFile(join(distDir, `${ARCHIVE}.sigstore.json`)))).toBe(true);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it("without the OIDC variables a file that needs a bundle fails with ENOOIDCTOKEN", async () => {
    await writeFile(join(distDir, "SHA256SUMS.sigstore.json"), "{}");
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.ACTIONS_ID_TOKEN_REQUEST_URL;
    delete env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    const ctx = testContext(distDir, { env });
    const error = await rejection(
      signArtifacts({ sign: { sigstore: sigstore.option }, distDir, artifacts, env, logger: ctx.logger }),
    );
    expect(errorCodes(error)).toEqual(["ENOOIDCTOKEN"]);
  });
});
