import { readJson, sendError, sendJson, validationFailed } from "./github-http.js";
import type { RouteContext } from "./github-releases-routes.js";

const DOC = "https://docs.github.com/rest/repos/attestations#create-an-attestation";

/**
 * `POST /repos/{o}/{r}/attestations` as documented: 201 `{ id }` for a Sigstore bundle (`mediaType`,
 * `verificationMaterial`, `dsseEnvelope`); 403 without write access; 422 when the bundle is missing or not a DSSE
 * bundle. Returns false for other paths.
 */
export async function attestationRoutes(c: RouteContext, rest: string[]): Promise<boolean> {
  if (rest.length !== 0 || c.req.method !== "POST") return false;
  if (c.access !== "write") {
    c.req.resume();
    sendError(c.res, 403, "Resource not accessible by integration", { doc: DOC });
    return true;
  }
  const body = await readJson(c.req, c.res);
  if (!body) return true;
  const bundle = body.bundle as Record<string, unknown> | undefined;
  const valid =
    typeof bundle === "object" &&
    bundle !== null &&
    typeof bundle.mediaType === "string" &&
    typeof bundle.verificationMaterial === "object" &&
    typeof bundle.dsseEnvelope === "object";
  if (!valid) {
    validationFailed(c.res, [{ resource: "Attestation", field: "bundle", code: "invalid" }]);
    return true;
  }
  const id = c.state.id();
  c.state.attestations.push({ id, repository: `${c.owner}/${c.repo}`, bundle });
  sendJson(c.res, 201, { id });
  return true;
}
