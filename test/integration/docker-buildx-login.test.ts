import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tinyImage } from "../helpers/oci-images.js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepare } from "../../src/docker/index.js";
import { OciLayout } from "../../src/oci/layout.js";
import { RegistryClient } from "../../src/oci/registry/client.js";
import { pushByDigest, tagManifest } from "../../src/oci/registry/push.js";
import { exec } from "../../src/util/exec.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { gitCommit, gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { startDockerd } from "../stand-ins/oci-dockerd.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

/**
 * A `docker-buildx` CLI plugin standing in for buildx, which this machine lacks, installed per user in
 * `~/.docker/cli-plugins` as docker/setup-buildx-action does. `build` does what buildx does with our argv for a
 * `FROM <private image>` Dockerfile: pulls the base with the credentials of the Docker config folder the docker
 * CLI runs with (`DOCKER_CONFIG`, else `~/.docker`) and exports it as an OCI layout (`--output=type=oci,dest=,name=`).
 * It logs which config folder it ran with and which registries it found credentials for.
 */
const BUILDX_STANDIN = `#!/usr/bin/env python3
import base64, json, os, subprocess, sys, tempfile
args = sys.argv[1:]
if args[:1] == ["docker-cli-plugin-metadata"]:
    print(json.dumps({"SchemaVersion": "0.1.0", "Vendor": "semantic-release-rust tests", "Version": "v0.0.0-standin", "ShortDescription": "buildx stand-in"}))
    sys.exit(0)
if args[:2] == ["buildx", "version"]:
    print("github.com/docker/buildx v0.0.0-standin")
    sys.exit(0)
opts = {}
i = 2
while i < len(args) - 1:
    if args[i].startswith("--") and "=" in args[i]:
        key, value = args[i].split("=", 1)
        opts.setdefault(key, []).append(value); i += 1
    elif args[i].startswith("--") and args[i] not in ("--push", "--load", "--pull"):
        opts.setdefault(args[i], []).append(args[i + 1]); i += 2
    else:
        i += 1
context = args[-1]
dockerfile = os.path.join(context, opts["--file"][0])
base = next(l.split()[1] for l in open(dockerfile) if l.upper().startswith("FROM "))
output = dict(kv.split("=", 1) for kv in opts["--output"][0].split(","))
config_dir = os.environ.get("DOCKER_CONFIG") or os.path.join(os.environ["HOME"], ".docker")
auths = json.load(open(os.path.join(config_dir, "config.json"))).get("auths", {})
with open(os.environ["SRR_STANDIN_LOG"], "a") as log:
    log.write(json.dumps({"buildx": "build", "config": config_dir, "auths": sorted(auths)}) + "\\n")
registry = base.split("/")[0]
with tempfile.NamedTemporaryFile("w", suffix=".json") as authfile:
    json.dump({"auths": {k: v for k, v in auths.items() if k == registry}}, authfile)
    authfile.flush()
    r = subprocess.run(["skopeo", "copy", "--all", "--src-tls-verify=false", "--authfile", authfile.name,
                        "docker://" + base, "oci:" + output["dest"] + ":" + output["name"]])
sys.exit(r.returncode)
`;

/** A `docker` on PATH before the real one that logs each call's argv and `DOCKER_CONFIG`, then runs it. */
const dockerSpy = (real: string, log: string) => `#!/bin/sh
python3 -c 'import json, os, sys; open(sys.argv[1], "a").write(json.dumps({"argv": sys.argv[2:], "config": os.environ.get("DOCKER_CONFIG")}) + "\\n")' '${log}' "$@"
exec '${real}' "$@"
`;

interface Call {
  argv?: string[];
  buildx?: string;
  config: string | null;
  auths?: string[];
}

describe("buildx logins use a temporary Docker config folder", () => {
  const AUTH = { user: "builder", password: "buildx-pass-91c2e" };
  const USER_CONFIG = `${JSON.stringify({ auths: { "other.example": { auth: "b3RoZXI6a2VlcA==" } }, credsStore: "srr-no-such-helper" }, null, 2)}\n`;
  let registry: RunningRegistry;
  let repo: TestRepo;
  let dockerd: Awaited<ReturnType<typeof startDockerd>>;
  let base: string;
  let home: string;
  let bin: string;
  let tmp: string;
  let log: string;

  beforeAll(async () => {
    [registry, repo, dockerd, base] = await Promise.all([
      startRegistry({ auth: AUTH }),
      gitRepo(),
      startDockerd(),
      mkdtemp(join(tmpdir(), "srr-buildx-login-")),
    ]);
    [home, bin, tmp, log] = ["home", "bin", "tmp", "calls.jsonl"].map((d) => join(base, d)) as [
      string,
      string,
      string,
      string,
    ];
    // The user's own Docker config: a login elsewhere, a keychain for the rest, buildx installed per user.
    await mkdir(join(home, ".docker/cli-plugins"), { recursive: true });
    await writeFile(join(home, ".docker/config.json"), USER_CONFIG);
    await writeFile(join(home, ".docker/cli-plugins/docker-buildx"), BUILDX_STANDIN);
    await chmod(join(home, ".docker/cli-plugins/docker-buildx"), 0o755);
    await mkdir(bin);
    await mkdir(tmp);
    const real = (await exec("sh", ["-c", "command -v docker"])).stdout.trim();
    await writeFile(join(bin, "docker"), dockerSpy(real, log));
    await chmod(join(bin, "docker"), 0o755);

    // The private base image the Dockerfile starts from, only pullable with the login.
    const { image } = tinyImage("amd64");
    const blobs = new Map(
      [image.layer, image.config, image.manifest].map((b) => [b.descriptor.digest, b.data]),
    );
    const client = new RegistryClient({
      apiHost: registry.host,
      insecure: true,
      credentials: { username: AUTH.user, password: AUTH.password },
    });
    await pushByDigest(client, "team/base", image.manifest.descriptor, {
      readBlob: async (d) => blobs.get(d) ?? Buffer.alloc(0),
    });
    await tagManifest(client, "team/base", "1", image.manifest.descriptor, image.manifest.data);

    await writeFile(join(repo.cwd, "Cargo.toml"), '[package]\nname = "app"\nversion = "1.0.0"\n');
    await writeFile(join(repo.cwd, "Dockerfile"), `FROM ${registry.host}/team/base:1\n`);
    await writeFile(join(repo.cwd, ".gitignore"), "dist/\n");
    await gitCommit(repo.cwd, "chore: init");
  });
  afterAll(async () => {
    await registry?.stop();
    if (dockerd && "stop" in dockerd) await dockerd.stop();
    if (repo) await rm(repo.base, { recursive: true, force: true });
    if (base) await rm(base, { recursive: true, force: true });
  });

  const config = () => ({
    images: [`${registry.host}/team/app`],
    builder: "buildx",
    platforms: ["linux/amd64"],
  });
  const context = (password: string) =>
    testContext(repo.cwd, {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        HOME: home,
        DOCKER_CONFIG: undefined,
        TMPDIR: tmp,
        SRR_STANDIN_LOG: log,
        ...("host" in dockerd ? { DOCKER_HOST: dockerd.host } : {}),
        DOCKER_USERNAME: AUTH.user,
        DOCKER_PASSWORD: password,
      },
      nextRelease: { version: "1.0.0", gitTag: "v1.0.0", gitHead: "HEAD", channel: null },
    });
  const calls = async (): Promise<Call[]> =>
    (await readFile(log, "utf8").catch(() => ""))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call);

  it("logs in (password on stdin) and builds with the credentials; the user's config is untouched, the folder gone", async (t) => {
    if ("skip" in dockerd) {
      console.log(`skipped: ${dockerd.skip}`);
      t.skip();
      return;
    }
    await rm(log, { force: true });
    const ctx = context(AUTH.password);
    await prepare(config(), ctx);

    expect(ctx.lines).toContain(`Logged in to ${registry.host}`);
    // buildx pulled the private base through the login and exported it: the layout holds the release's image.
    expect(await new OciLayout(join(repo.cwd, "dist/oci")).resolve("1.0.0")).toBeDefined();
    const seen = await calls();
    const login = seen.find((c) => c.argv?.[0] === "login");
    const build = seen.find((c) => c.buildx === "build");
    expect(login?.argv).toEqual([
      "login",
      `--username=${AUTH.user}`,
      "--password-stdin",
      "--",
      registry.host,
    ]);
    expect(JSON.stringify(seen)).not.toContain(AUTH.password);
    // Login and build ran with one temporary folder (not ~/.docker), which held the registry's credentials.
    expect(login?.config).toMatch(new RegExp(`^${tmp}/srr-docker-config-`));
    expect(build?.config).toBe(login?.config);
    expect(build?.auths).toEqual(expect.arrayContaining([registry.host, "other.example"]));
    expect(await readFile(join(home, ".docker/config.json"), "utf8")).toBe(USER_CONFIG);
    expect(await readdir(tmp)).toEqual([]);
    expect(ctx.lines.join("\n")).not.toContain(AUTH.password);
  });

  it("a refused login (EDOCKERLOGIN) and a failed build (EDOCKERBUILD) leave no folder and no password behind", async (t) => {
    if ("skip" in dockerd) {
      t.skip();
      return;
    }
    const bad = context("wrong-password");
    expect(errorCodes(await rejection(prepare(config(), bad)))).toEqual(["EDOCKERLOGIN"]);
    expect(bad.lines.some((l) => l.startsWith("Running docker buildx build"))).toBe(false);
    expect(await readdir(tmp)).toEqual([]);
    expect(await readFile(join(home, ".docker/config.json"), "utf8")).toBe(USER_CONFIG);

    // The login succeeds, the build fails (its base image is gone): the folder still goes.
    await writeFile(join(repo.cwd, "Dockerfile"), `FROM ${registry.host}/team/missing:1\n`);
    const failing = context(AUTH.password);
    expect(errorCodes(await rejection(prepare(config(), failing)))).toEqual(["EDOCKERBUILD"]);
    expect(failing.lines).toContain(`Logged in to ${registry.host}`);
    expect(await readdir(tmp)).toEqual([]);
    expect(await readFile(join(home, ".docker/config.json"), "utf8")).toBe(USER_CONFIG);
    expect(JSON.stringify(await calls())).not.toContain(AUTH.password);
  });
});
