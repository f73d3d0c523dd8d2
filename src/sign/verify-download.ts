import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SHA256SUMS } from "../binaries/checksums.js";
import { NetworkError, type HttpClient } from "../http/client.js";
import { PROVENANCE_FILE } from "../provenance/statement.js";
import { SIGNATURE_EXTENSIONS } from "./method.js";

/** A file asked for by URL that could not be downloaded, and why. */
export interface DownloadFailure {
  name: string;
  url: string;
  reason: string;
}

/** The body of `url`, following up to five redirects (release assets redirect to storage); undefined on a 404. */
async function get(http: HttpClient, url: URL): Promise<{ body?: Buffer; reason?: string }> {
  for (let hops = 0; hops < 6; hops++) {
    let answer;
    try {
      answer = await http.request({ url, what: `GET ${url.toString()}` });
    } catch (error) {
      if (error instanceof NetworkError) return { reason: error.message };
      throw error;
    }
    const location = answer.header("location");
    if (answer.status >= 300 && answer.status < 400 && location) url = new URL(location, url);
    else if (answer.ok) return { body: answer.body };
    else return { reason: `HTTP ${answer.status}` };
  }
  return { reason: "too many redirects" };
}

/** The files published beside an archive that `verify` reads: checksums, signatures, provenance. */
function siblingsOf(names: string[]): string[] {
  const sigs = (f: string) => Object.values(SIGNATURE_EXTENSIONS).map((ext) => `${f}${ext}`);
  const subjects = [SHA256SUMS, PROVENANCE_FILE, ...names];
  const all = [...subjects.flatMap(sigs), SHA256SUMS, PROVENANCE_FILE, ...names.map((n) => `${n}.sha256`)];
  return [...new Set(all)].filter((n) => !names.includes(n));
}

/**
 * Downloads the files at `base` (a release's download folder URL) named `names` into `dir`, and whichever of their
 * siblings exist (`SHA256SUMS`, `.sha256`, signatures, the provenance). Returns the named files that failed.
 */
export async function downloadRelease(
  base: string,
  names: string[],
  dir: string,
  http: HttpClient,
): Promise<DownloadFailure[]> {
  const failures: DownloadFailure[] = [];
  const fetchOne = async (name: string, required: boolean) => {
    const url = new URL(encodeURIComponent(name), base.endsWith("/") ? base : `${base}/`);
    const got = await get(http, url);
    if (got.body) await writeFile(join(dir, name), got.body);
    else if (required) failures.push({ name, url: url.toString(), reason: got.reason ?? "no answer" });
  };
  await Promise.all(names.map((n) => fetchOne(n, true)));
  await Promise.all(siblingsOf(names).map((n) => fetchOne(n, false)));
  return failures;
}

/** `https://host/o/r/releases/download/v1/f.tar.gz` split into its folder URL and the file name. */
export function splitUrl(url: string): { base: string; name: string } {
  const u = new URL(url);
  const cut = u.pathname.lastIndexOf("/");
  return {
    base: `${u.origin}${u.pathname.slice(0, cut + 1)}`,
    name: decodeURIComponent(u.pathname.slice(cut + 1)),
  };
}

/** `owner/name` of a GitHub release download URL (`…/{owner}/{name}/releases/download/…`). */
export function repositoryOfUrl(url: string): string | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/releases\/download\//.exec(new URL(url).pathname);
  return m ? `${m[1]}/${m[2]}` : undefined;
}
