/**
 * The actions a registry token grants on `repository`, read from its `access` claim when the token is a JWT
 * (distribution's token auth, Docker Hub). `undefined` when the token is opaque (GHCR) or has no such claim:
 * then only a push can tell.
 */
export function tokenGrants(token: string, repository: string): string[] | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const access = (claims as { access?: unknown } | null)?.access;
  if (!Array.isArray(access)) return undefined;
  const actions = new Set<string>();
  for (const entry of access as { type?: unknown; name?: unknown; actions?: unknown }[]) {
    if (entry?.type !== "repository" || entry.name !== repository || !Array.isArray(entry.actions)) continue;
    for (const a of entry.actions) if (typeof a === "string") actions.add(a);
  }
  return [...actions].sort();
}
