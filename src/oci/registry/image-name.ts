/** Where an image lives: `ghcr.io/owner/app` → registry `ghcr.io`, repository `owner/app`. */
export interface ImageName {
  /** The registry as users write it (`docker.io`, `ghcr.io`, `127.0.0.1:5000`); the key for credentials. */
  registry: string;
  /** The host[:port] the distribution API answers on (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  repository: string;
}

const DOCKER_HUB = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);

/** Parses an image name without tag (`rgreet`, `user/rgreet`, `ghcr.io/o/rgreet`, `127.0.0.1:5000/rgreet`). */
export function parseImageName(name: string): ImageName | undefined {
  if (!/^[a-z0-9][a-z0-9._:/-]*$/i.test(name) || name.includes("//") || name.endsWith("/")) return undefined;
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const registry = hasRegistry ? first.toLowerCase() : "docker.io";
  let repository = hasRegistry ? name.slice(slash + 1) : name;
  if (!/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(repository)) return undefined;
  if (DOCKER_HUB.has(registry)) {
    if (!repository.includes("/")) repository = `library/${repository}`;
    return { registry: "docker.io", apiHost: "registry-1.docker.io", repository };
  }
  return { registry, apiHost: registry, repository };
}

/** Registries on this machine speak plain HTTP unless told otherwise (as docker does). */
export const isLocalRegistry = (registry: string): boolean =>
  /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(registry);

/** Docker's rule for tags: `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`. */
export const isValidTag = (tag: string): boolean => /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag);
