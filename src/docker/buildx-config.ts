import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The keys Docker files Docker Hub's credentials under, whichever name the image uses. */
const HUB = ["docker.io", "index.docker.io", "registry-1.docker.io", "https://index.docker.io/v1/"];
const keysOf = (registry: string): string[] => (HUB.includes(registry) ? HUB : [registry]);

/** The user's Docker config folder, as the docker CLI finds it: `DOCKER_CONFIG`, else `~/.docker`. */
function userDockerConfigDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DOCKER_CONFIG) return env.DOCKER_CONFIG;
  return env.HOME ? join(env.HOME, ".docker") : undefined;
}

type ConfigJson = Record<string, unknown> & {
  auths?: Record<string, unknown>;
  credHelpers?: Record<string, string>;
};

/**
 * Fills a fresh Docker config folder from the user's: every entry but `config.json` is linked (buildx builders,
 * CLI plugins such as a per-user `docker-buildx`, contexts), and `config.json` is copied without what would let
 * a login of `registries` leave the folder: their `auths` entries are dropped and a `credHelpers` entry of `""`
 * sends them to the file store, not to a `credsStore` keychain. Other registries keep their credentials.
 */
async function seedConfig(dir: string, from: string | undefined, registries: string[]): Promise<void> {
  const names = from ? await readdir(from).catch(() => [] as string[]) : [];
  for (const name of names)
    if (name !== "config.json") await symlink(join(from as string, name), join(dir, name));
  let config: ConfigJson = {};
  if (from) {
    const text = await readFile(join(from, "config.json"), "utf8").catch(() => "");
    try {
      const parsed = JSON.parse(text || "{}") as unknown;
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        config = parsed as ConfigJson;
    } catch {
      // An unreadable config.json is the docker CLI's to report; the logins need none of it.
    }
  }
  const keys = registries.flatMap(keysOf);
  const auths = Object.fromEntries(Object.entries(config.auths ?? {}).filter(([k]) => !keys.includes(k)));
  const credHelpers = { ...config.credHelpers, ...Object.fromEntries(keys.map((k) => [k, ""])) };
  await writeFile(
    join(dir, "config.json"),
    `${JSON.stringify({ ...config, auths, credHelpers }, null, 2)}\n`,
    {
      mode: 0o600,
    },
  );
}

/**
 * Runs `use` with an environment whose `DOCKER_CONFIG` is a fresh temporary folder (seeded from the user's,
 * see `seedConfig`), so `docker login` for `registries` and the docker calls that need those credentials never
 * write a password into the user's `~/.docker/config.json` or keychain. The folder is removed afterwards, also
 * when `use` fails.
 */
export async function withTempDockerConfig<T>(
  registries: string[],
  env: NodeJS.ProcessEnv,
  use: (env: NodeJS.ProcessEnv) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(env.TMPDIR || tmpdir(), "srr-docker-config-"));
  try {
    await seedConfig(dir, userDockerConfigDir(env), registries);
    return await use({ ...env, DOCKER_CONFIG: dir });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
