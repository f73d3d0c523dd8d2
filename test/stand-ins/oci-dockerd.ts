import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec, type ExecResult } from "../../src/util/exec.js";

export interface RunningDockerd {
  /** `unix:///…/docker.sock`, for `docker -H`. */
  host: string;
  /** Runs the docker CLI against this daemon. */
  docker(args: string[], o?: { input?: string }): Promise<ExecResult>;
  stop(): Promise<void>;
}

const DOCKERD = ["/usr/bin/dockerd", "/usr/sbin/dockerd"].find((p) => existsSync(p));

/**
 * Starts a private, real dockerd (vfs storage, no bridge, no iptables) on a socket in a temp dir, or says why
 * it cannot: not root, or dockerd not installed (Debian `docker.io`). 127.0.0.0/8 registries are insecure by default.
 */
export async function startDockerd(): Promise<RunningDockerd | { skip: string }> {
  if (!DOCKERD) return { skip: "dockerd is not installed (Debian package docker.io)" };
  if (process.getuid?.() !== 0) return { skip: "dockerd needs root" };
  const dir = await mkdtemp(join(tmpdir(), "srr-dockerd-"));
  const sock = join(dir, "docker.sock");
  const args = [
    "--iptables=false",
    "--ip6tables=false",
    "--bridge=none",
    "--storage-driver=vfs",
    `--data-root=${join(dir, "data")}`,
    `--exec-root=${join(dir, "exec")}`,
    `--pidfile=${join(dir, "docker.pid")}`,
    `--host=unix://${sock}`,
  ];
  const child = spawn(DOCKERD, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const host = `unix://${sock}`;
  const docker = (a: string[], o: { input?: string } = {}) =>
    exec("docker", ["-H", host, ...a], {
      reject: false,
      ...(o.input !== undefined ? { input: o.input } : {}),
    });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) break;
    if (existsSync(sock) && (await docker(["version", "--format", "{{.Server.Version}}"])).code === 0) {
      return { host, docker, stop };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  return { skip: `dockerd did not start: ${log.trim().split("\n").slice(-3).join(" | ")}` };
}
