import { hashGet } from "../github/remote-digest.js";
import { NetworkError, type HttpClient } from "../http/client.js";
import type { Step } from "../http/retry.js";

/** A URL and the sha256 it must serve. */
export interface ExpectedDownload {
  url: string;
  sha256: string;
}

type Outcome = { sha256: string } | { problem: string };

/** GETs `url` as a user would (redirects followed, body hashed as it streams in); retries like every request. */
function downloadDigest(http: HttpClient, url: string): Promise<Outcome> {
  return http.retrying(`download of ${url}`, async (): Promise<Step<Outcome>> => {
    let at = new URL(url);
    let got: Awaited<ReturnType<typeof hashGet>> | undefined;
    try {
      for (let hops = 0; hops < 5; hops++) {
        got = await hashGet(http, at, {});
        if (!got.location) break;
        at = new URL(got.location, at);
      }
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      return { failed: { error }, giveUp: () => ({ problem: `no answer (${error.message})` }) };
    }
    if (got?.sha256) return { done: { sha256: got.sha256 } };
    const problem = { problem: `HTTP ${got?.status ?? "redirect loop"}` };
    const status = got?.status ?? 0;
    if (status >= 500 || status === 429) return { failed: got ?? {}, giveUp: () => problem };
    return { done: problem };
  });
}

/** Every URL that does not serve its expected bytes, with what it served instead. */
export async function checkDownloads(
  http: HttpClient,
  expected: readonly ExpectedDownload[],
): Promise<{ url: string; problem: string }[]> {
  const problems: { url: string; problem: string }[] = [];
  for (const e of expected) {
    const got = await downloadDigest(http, e.url);
    if ("problem" in got) problems.push({ url: e.url, problem: got.problem });
    else if (got.sha256 !== e.sha256)
      problems.push({ url: e.url, problem: `sha256 ${got.sha256}, the build's is ${e.sha256}` });
  }
  return problems;
}
