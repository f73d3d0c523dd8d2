import { createHash } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startGitHubStandIn } from "../stand-ins/github-server.js";
import { GitHubClient } from "../../src/github/http-client.js";
import { downloadDigest } from "../../src/github/remote-digest.js";
import type { GithubSettings } from "../../src/github/config.js";
import type { RemoteAsset } from "../../src/github/releases.js";
import { errorCodes, rejection } from "../helpers/context.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((ok) => s.close(ok));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const bytes = Buffer.from("release asset bytes ".repeat(1000));
const token = "ghp_secret_token_for_the_api_only";
const asset = { id: 7, name: "a.tar.gz", state: "uploaded", size: bytes.length } as RemoteAsset;
const s = { owner: "o", repo: "r" } as GithubSettings;

describe("downloadDigest (GitHub without a digest field)", () => {
  it("follows the API's redirect to the storage host, hashing the bytes, and sends the token to the API only", async () => {
    const seen: { api: IncomingHttpHeaders[]; storage: IncomingHttpHeaders[] } = { api: [], storage: [] };
    const storage = await serve((req, res) => {
      seen.storage.push(req.headers);
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(bytes);
    });
    const api = await serve((req, res) => {
      seen.api.push(req.headers);
      if (req.url !== "/api/v3/repos/o/r/releases/assets/7") return void res.writeHead(404).end();
      res.writeHead(302, { location: `${storage}/signed/a.tar.gz?X-Amz-Signature=1` }).end();
    });
    const client = new GitHubClient({ apiUrl: `${api}/api/v3`, token, retries: 2, baseDelayMs: 5 });
    const digest = await downloadDigest(client, s, asset);
    expect(digest).toBe(`sha256:${createHash("sha256").update(bytes).digest("hex")}`);
    expect(seen.api.map((h) => [h.authorization, h.accept])).toEqual([
      [`token ${token}`, "application/octet-stream"],
    ]);
    expect(seen.storage).toHaveLength(1);
    expect(seen.storage[0]?.authorization).toBeUndefined();
  });

  it("retries a 5xx and a dropped connection, then gives up with EGITHUBAPI", async () => {
    let calls = 0;
    const api = await serve((req, res) => {
      calls++;
      if (calls === 1) return void res.writeHead(502).end("bad gateway");
      if (calls === 2) return void req.socket.destroy();
      if (calls === 3) return void res.writeHead(200).end(bytes);
      res.writeHead(503).end("unavailable");
    });
    const client = new GitHubClient({ apiUrl: api, token, retries: 2, baseDelayMs: 5 });
    expect(await downloadDigest(client, s, asset)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(calls).toBe(3);
    const error = await rejection(downloadDigest(client, s, asset));
    expect(errorCodes(error)).toEqual(["EGITHUBAPI"]);
    expect((error as Error).message).toContain("503");
    expect((error as Error).message).not.toContain(token);
    expect(calls).toBe(6);
  });
});

describe("streamed uploads", () => {
  it("send exactly the measured length, even of a file that grew, and empty files too", async () => {
    const gh = await startGitHubStandIn();
    const dir = await mkdtemp(join(tmpdir(), "srr-gh-upload-"));
    try {
      const path = join(dir, "grows.bin");
      await writeFile(path, "0123456789");
      const size = 10;
      await writeFile(path, "0123456789 and more bytes written later");
      const empty = join(dir, "empty.txt");
      await writeFile(empty, "");
      const client = new GitHubClient({ apiUrl: gh.apiUrl, token: gh.token, retries: 0 });
      const created = await client.request<{ upload_url: string }>("POST", "/repos/o/r/releases", {
        tag_name: "v1.0.0",
        draft: true,
      });
      const upload = (name: string) => `${created.data.upload_url.replace(/\{.*$/, "")}?name=${name}`;
      const grown = await client.send<{ size: number; digest: string }>(
        "POST",
        upload("grows.bin"),
        undefined,
        {
          path,
          size,
          contentType: "application/octet-stream",
        },
      );
      const none = await client.send<{ size: number; digest: string }>(
        "POST",
        upload("empty.txt"),
        undefined,
        {
          path: empty,
          size: 0,
          contentType: "text/plain",
        },
      );
      const sha = (text: string) => `sha256:${createHash("sha256").update(text).digest("hex")}`;
      expect([grown.status, grown.data.size, grown.data.digest]).toEqual([201, 10, sha("0123456789")]);
      expect([none.status, none.data.size, none.data.digest]).toEqual([201, 0, sha("")]);
      // The kept-alive connection still answers the next request correctly.
      expect((await client.request("GET", "/repos/o/r")).status).toBe(200);
    } finally {
      await gh.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
