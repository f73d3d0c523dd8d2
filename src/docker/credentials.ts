import type { Credentials } from "../oci/registry/auth.js";
import type { DockerConfig } from "./config.js";

/** Which environment variables hold a registry's credentials, and their values when set. */
export function credentialsFor(
  registry: string,
  config: Pick<DockerConfig, "credentials">,
  env: NodeJS.ProcessEnv,
): { credentials?: Credentials; env: string[] } {
  const custom = config.credentials?.[registry];
  if (custom) {
    const username = env[custom.usernameEnv];
    const password = env[custom.passwordEnv];
    const names = [custom.usernameEnv, custom.passwordEnv];
    return username && password ? { credentials: { username, password }, env: names } : { env: names };
  }
  if (registry === "ghcr.io" && env.GITHUB_TOKEN) {
    return {
      credentials: { username: env.GITHUB_ACTOR || "x-access-token", password: env.GITHUB_TOKEN },
      env: ["GITHUB_TOKEN"],
    };
  }
  const names = registry === "ghcr.io" ? ["GITHUB_TOKEN"] : ["DOCKER_USERNAME", "DOCKER_PASSWORD"];
  if (env.DOCKER_USERNAME && env.DOCKER_PASSWORD) {
    return {
      credentials: { username: env.DOCKER_USERNAME, password: env.DOCKER_PASSWORD },
      env: ["DOCKER_USERNAME", "DOCKER_PASSWORD"],
    };
  }
  return { env: names };
}
