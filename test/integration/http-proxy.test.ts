import { createServer, request, type Server } from "node:http";
import { connect } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { publish, verifyConditions } from "../../src/github/index.js";
import { exec } from "../../src/util/exec.js";
import { testContext } from "../helpers/context.js";
import { repoRoot } from "../helpers/paths.js";
import { startGitHubStandIn, type GitHubStandIn } from "../stand-ins/github-server.js";
import { sampleDist, writeDist } from "../stand-ins/github-dist.js";

interface TinyProxy {
  url: string;
  /** `CONNECT host:port` tunnels and absolute-URI requests it forwarded, in order. */
  seen: string[];
  stop(): Promise<void>;
}

/** A tiny HTTP proxy on 127.0.0.1: tunnels CONNECT, forwards absolute-URI requests, and counts both. */
async function startProxy(): Promise<TinyProxy> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on("error", () => res.writeHead(502).end());
    req.pipe(out);
  });
  server.on("connect", (req, client, head) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let gh: GitHubStandIn;
let proxy: TinyProxy;
let cwd: string;
beforeEach(async () => {
  gh = await startGitHubStandIn();
  proxy = await startProxy();
  cwd = await mkdtemp(join(tmpdir(), "srr-proxy-"));
});
afterEach(async () => {
  await gh.stop();
  await proxy.stop();
  await rm(cwd, { recursive: true, force: true });
});

/** A plugin context whose env (not process.env) holds the proxy settings. */
const context = (proxyEnv: Record<string, string>) =>
  testContext(cwd, {
    env: { PATH: process.env.PATH ?? "", ...gh.env(), ...proxyEnv },
    options: { repositoryUrl: "https://github.com/example/rgreet.git" },
    branch: { name: "main", main: true, type: "release" },
    nextRelease: { version: "0.2.0", gitTag: "v0.2.0", name: "v0.2.0", channel: null, notes: "notes" },
  });

describe("HTTP_PROXY, HTTPS_PROXY and NO_PROXY from the context's env", () => {
  it("sends GitHub calls through the proxy of HTTP_PROXY", async () => {
    const apiHost = new URL(gh.apiUrl).host;
    await verifyConditions({}, context({ HTTP_PROXY: proxy.url }));
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((s) => s.includes(apiHost))).toBe(true);
    expect(gh.state.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("reads the lower-case http_proxy too, and streams a whole release with its uploads through it", async () => {
    await writeDist(join(cwd, "dist"), sampleDist());
    await publish({}, context({ http_proxy: proxy.url }));
    const uploads = gh.state.requests.filter((r) => r.upload).length;
    expect(uploads).toBeGreaterThan(0);
    expect(gh.state.releaseByTag("example", "rgreet", "v0.2.0", true)?.draft).toBe(false);
    expect(proxy.seen.length).toBeGreaterThan(0);
  });

  it("bypasses the proxy for a NO_PROXY host", async () => {
    const host = new URL(gh.apiUrl).hostname;
    await verifyConditions({}, context({ HTTP_PROXY: proxy.url, NO_PROXY: `example.com,${host}` }));
    expect(gh.state.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(proxy.seen).toEqual([]);
  });

  it("uses no proxy when only process.env would name one", async () => {
    const before = process.env.HTTP_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    try {
      await verifyConditions({}, context({}));
    } finally {
      if (before === undefined) delete process.env.HTTP_PROXY;
      else process.env.HTTP_PROXY = before;
    }
    expect(gh.state.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(proxy.seen).toEqual([]);
  });

  it("prints no experimental-proxy warning in a release's log", async () => {
    const script = `import("${join(repoRoot, "dist/src/http/proxy.js")}").then((m) => m.dispatcherFor({ HTTPS_PROXY: "${proxy.url}" }))`;
    const r = await exec(process.execPath, ["-e", script], { reject: false });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/experimental|UNDICI-EHPA/);
  });
});
