import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec } from "../../src/util/exec.js";
import { startTokenServer, type TokenServer } from "./oci-token-server.js";

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

export interface RunningRegistry {
  /** `127.0.0.1:PORT` of a logging proxy in front of the registry: what clients should use. */
  host: string;
  /** Every request that went through `host`. */
  requests: LoggedRequest[];
  /** Blob upload requests (POST/PUT/PATCH under `/blobs/uploads/`) since the log was last cleared. */
  blobUploads(): number;
  /** The token server's log when `scheme` is "bearer". */
  tokenRequests?: TokenServer["requests"];
  /** Stops the token server only (the registry keeps answering with its Bearer challenge). */
  stopTokenServer?: () => Promise<void>;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

/**
 * Starts Debian's `docker-registry` (CNCF distribution) on 127.0.0.1 with filesystem storage in a temp dir,
 * optionally with htpasswd Basic auth or the Bearer token flow (`scheme: "bearer"`, a local token server),
 * behind a small proxy that logs every request.
 */
export async function startRegistry(
  o: {
    auth?: {
      user: string;
      password: string;
      scheme?: "basic" | "bearer";
      /** Bearer only: an account the token server lets pull but not push. */
      readOnly?: { user: string; password: string; pushable?: string[] };
    };
  } = {},
): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), "srr-registry-"));
  let auth = "";
  let tokens: TokenServer | undefined;
  if (o.auth?.scheme === "bearer") {
    tokens = await startTokenServer(dir, o.auth);
    auth = `auth:\n  token:\n    realm: ${tokens.realm}\n    service: ${tokens.service}\n    issuer: ${tokens.issuer}\n    rootcertbundle: ${tokens.certPath}\n`;
  } else if (o.auth) {
    const { stdout } = await exec("htpasswd", ["-nBi", o.auth.user], { input: o.auth.password });
    await writeFile(join(dir, "htpasswd"), stdout);
    auth = `auth:\n  htpasswd:\n    realm: srr-test\n    path: ${join(dir, "htpasswd")}\n`;
  }
  const config = (port: number) => `version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: ${join(dir, "data")}
  delete:
    enabled: true
http:
  addr: 127.0.0.1:${port}
${auth}`;
  const requests: LoggedRequest[] = [];
  let proxy: Server;
  let served: Served;
  try {
    served = await serve(dir, config);
  } catch (error) {
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const { child, port } = served;
  try {
    proxy = await startProxy(port, requests);
  } catch (error) {
    child.kill("SIGTERM");
    await tokens?.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const host = `127.0.0.1:${(proxy.address() as { port: number }).port}`;
  return {
    host,
    requests,
    ...(tokens ? { tokenRequests: tokens.requests, stopTokenServer: tokens.stop } : {}),
    blobUploads: () =>
      requests.filter(
        (r) => ["POST", "PUT", "PATCH"].includes(r.method) && r.path.includes("/blobs/uploads/"),
      ).length,
    async stop() {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
      child.kill("SIGTERM");
      await tokens?.stop();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

interface Served {
  child: ChildProcess;
  port: number;
}

/**
 * Runs `docker-registry serve` with `config(port)` on a free port. Another test file may take the port between
 * `freePort` and the registry's bind: a registry that exits with "address already in use" is started again on a
 * new port, and readiness is only believed from a server answering with this registry's own nonce header.
 */
async function serve(dir: string, config: (port: number) => string): Promise<Served> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const nonce = randomBytes(8).toString("hex");
    await writeFile(join(dir, "config.yml"), registryConfig(config(port), nonce));
    let stderr = "";
    const child = spawn("docker-registry", ["serve", join(dir, "config.yml")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    if (await waitReady(port, nonce, child, () => stderr, attempt < 3)) return { child, port };
  }
}

/** The config with a response header carrying `nonce` (`http.headers`), so readiness is checked on this registry. */
const registryConfig = (config: string, nonce: string): string =>
  config.replace(/^(http:\n {2}addr: .*\n)/m, `$1  headers:\n    X-Srr-Registry: [${nonce}]\n`);

/**
 * Whether the registry answers `/v2/` with its own nonce; false when it exited and `retry` allows another port
 * (the port was taken), an error otherwise.
 */
async function waitReady(
  port: number,
  nonce: string,
  child: ChildProcess,
  stderr: () => string,
  retry: boolean,
): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) {
      if (retry && /address already in use/i.test(stderr())) return false;
      throw new Error(`docker-registry exited: ${stderr()}`);
    }
    const ok = await fetch(`http://127.0.0.1:${port}/v2/`).then(
      (r) => (r.status === 200 || r.status === 401) && r.headers.get("x-srr-registry") === nonce,
      () => false,
    );
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`docker-registry did not start: ${stderr()}`);
}

/** Forwards everything to the registry unchanged (Host included, so its Location headers point here). */
function startProxy(port: number, log: LoggedRequest[]): Promise<Server> {
  const server = createServer((req, res) => {
    const up = httpRequest(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers },
      (upRes) => {
        log.push({ method: req.method ?? "", path: req.url ?? "", status: upRes.statusCode ?? 0 });
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
