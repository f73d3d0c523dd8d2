import { existsSync } from "node:fs";
import { exec } from "../../src/util/exec.js";
import { staticTargetDir } from "../helpers/static-binaries.js";
import { startRegistry } from "./oci-registry.js";

export interface DockerDemo {
  /** `127.0.0.1:PORT` of the local registry. */
  host: string;
  /** The image name the plugin pushes (`{host}/demo/rgreet`). */
  image: string;
  /** The plugin entry for semantic-release's `plugins` (after `semantic-release-rust/binaries`). */
  plugin: [string, { images: string[] }];
  /**
   * Environment for the release: static glibc binaries (`+crt-static`, runnable `FROM scratch`) in their own
   * target dir, and the registry credentials. Needs the binaries plugin to build linux targets.
   */
  env: Record<string, string>;
  /** Lines for the summary: tags, digest and platforms of the pushed index (read back with skopeo). */
  summary(tags?: string[]): Promise<string[]>;
  stop(): Promise<void>;
}

/** True when Debian's docker-registry is installed; the demo pushes images only then. */
export const hasDockerRegistry = (): boolean => existsSync("/usr/bin/docker-registry");

/** Starts a local registry with Basic auth for the demo and says how to run `semantic-release-rust/docker` on it. */
export async function startDockerDemo(): Promise<DockerDemo> {
  const auth = { user: "demo", password: "demo-registry-pass" };
  const registry = await startRegistry({ auth });
  const image = `${registry.host}/demo/rgreet`;
  const skopeo = (ref: string, ...more: string[]) =>
    exec(
      "skopeo",
      [
        "inspect",
        "--tls-verify=false",
        "--creds",
        `${auth.user}:${auth.password}`,
        ...more,
        `docker://${ref}`,
      ],
      {
        reject: false,
      },
    );
  return {
    host: registry.host,
    image,
    plugin: ["semantic-release-rust/docker", { images: [image] }],
    env: {
      RUSTFLAGS: "-C target-feature=+crt-static",
      CARGO_TARGET_DIR: staticTargetDir,
      DOCKER_USERNAME: auth.user,
      DOCKER_PASSWORD: auth.password,
    },
    async summary(tags = ["latest"]) {
      const lines: string[] = [];
      for (const tag of tags) {
        const digest = await skopeo(`${image}:${tag}`, "--format", "{{.Digest}}");
        if (digest.code !== 0) {
          lines.push(`image ${image}:${tag}: not found`);
          continue;
        }
        const raw = await skopeo(`${image}:${tag}`, "--raw");
        const index = JSON.parse(raw.stdout) as {
          manifests?: { platform?: { os: string; architecture: string } }[];
        };
        const platforms = (index.manifests ?? [])
          .map((m) => `${m.platform?.os}/${m.platform?.architecture}`)
          .join(", ");
        lines.push(`image ${image}:${tag} ${digest.stdout.trim()} (${platforms})`);
      }
      return lines;
    },
    stop: () => registry.stop(),
  };
}
