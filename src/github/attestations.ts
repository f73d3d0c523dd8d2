import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import type { DistManifest } from "../manifest/dist-manifest.js";
import type { Logger } from "../types.js";
import type { GithubSettings } from "./config.js";
import { NetworkError, type GitHubClient } from "./http-client.js";
import { repoPath } from "./releases.js";

/** The manifest's Sigstore bundle of the provenance statement, when there is one. */
export const provenanceBundle = (manifest: DistManifest | undefined) => {
  const provenance = manifest?.artifacts.find((a) => a.kind === "provenance");
  return manifest?.artifacts.find(
    (a) => a.kind === "signature" && a.method === "sigstore" && a.signs === provenance?.path,
  );
};

/**
 * `POST /repos/{owner}/{repo}/attestations` with the provenance's Sigstore bundle (`attestations: true`): GitHub
 * stores it for `gh attestation verify`. A refusal is `EATTESTATION`; without a bundle nothing is sent.
 */
export async function registerAttestation(
  client: GitHubClient,
  s: GithubSettings,
  o: { manifest: DistManifest | undefined; distDir: string; logger: Logger },
): Promise<number | undefined> {
  const bundleArtifact = provenanceBundle(o.manifest);
  if (!bundleArtifact) {
    o.logger.log("No attestation registered: dist/ has no Sigstore bundle of the provenance (sign.sigstore)");
    return undefined;
  }
  const bundle: unknown = JSON.parse(await readFile(join(o.distDir, bundleArtifact.path), "utf8"));
  const path = `${repoPath(s)}/attestations`;
  const repository = `${s.owner}/${s.repo}`;
  let res;
  try {
    res = await client.request<{ id?: number; message?: string }>("POST", path, { bundle });
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    throw getError("EATTESTATION", { repository, status: "no answer", message: error.message });
  }
  if (res.status !== 201)
    throw getError("EATTESTATION", {
      repository,
      status: res.status,
      message: res.data?.message ?? "no message",
    });
  o.logger.log("Registered the provenance attestation %s with GitHub (%s)", res.data.id, bundleArtifact.path);
  return res.data.id;
}
