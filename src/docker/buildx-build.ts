import { getError } from "../errors/get-error.js";
import type { Credentials } from "../oci/registry/auth.js";
import { exec, ExecError } from "../util/exec.js";
import type { Context } from "../types.js";
import type { DockerConfig, TargetImage } from "./config.js";
import { credentialsFor } from "./credentials.js";
import { withTempDockerConfig } from "./buildx-config.js";
import { buildxBuildArgs, dockerLoginArgs, type BuildxPlan } from "./buildx-plan.js";

/** A registry to log in to, its credentials and the environment variables they came from. */
interface Login {
  registry: string;
  credentials: Credentials;
  env: string[];
}

/** The registries of `images` that have credentials, once each. */
function loginsFor(images: TargetImage[], config: DockerConfig, env: NodeJS.ProcessEnv): Login[] {
  const out: Login[] = [];
  for (const registry of new Set(images.map((i) => i.registry))) {
    const found = credentialsFor(registry, config, env);
    if (found.credentials) out.push({ registry, credentials: found.credentials, env: found.env });
  }
  return out;
}

/**
 * Logs in to the registries that have credentials (password on stdin), for private base images, with the
 * Docker config folder of `env` (a temporary one: see `runBuildx`).
 */
async function dockerLogin(logins: Login[], env: NodeJS.ProcessEnv, context: Context): Promise<void> {
  for (const { registry, credentials, env: names } of logins) {
    const res = await exec("docker", dockerLoginArgs(registry, credentials.username), {
      cwd: context.cwd,
      env,
      input: credentials.password,
      reject: false,
    }).catch((error: Error) => ({ code: 127, stdout: "", stderr: error.message }));
    if (res.code !== 0)
      throw getError("EDOCKERLOGIN", { registry, env: names, output: res.stderr || res.stdout });
    context.logger.log("Logged in to %s", registry);
  }
}

/**
 * Runs `docker buildx build` into the OCI layout; nothing is pushed. When registries of `images` have
 * credentials, it first logs in to them, and login and build use a temporary Docker config folder removed
 * afterwards (also on failure), so no password stays in `~/.docker/config.json`.
 */
export async function runBuildx(
  plan: BuildxPlan,
  context: Context,
  registries?: { images: TargetImage[]; config: DockerConfig },
): Promise<void> {
  const logins = registries ? loginsFor(registries.images, registries.config, context.env) : [];
  if (logins.length === 0) return build(plan, context, context.env);
  await withTempDockerConfig(
    logins.map((l) => l.registry),
    context.env,
    async (env) => {
      await dockerLogin(logins, env, context);
      await build(plan, context, env);
    },
  );
}

async function build(plan: BuildxPlan, context: Context, env: NodeJS.ProcessEnv): Promise<void> {
  const args = buildxBuildArgs(plan);
  context.logger.log("Running docker %s", args.join(" "));
  try {
    await exec("docker", args, {
      cwd: context.cwd,
      env,
      ...(context.stdout ? { stream: context.stdout } : {}),
    });
  } catch (error) {
    if (!(error instanceof ExecError)) throw error;
    throw getError("EDOCKERBUILD", {
      command: `docker ${args.join(" ")}`,
      output: error.result.stderr || error.result.stdout,
    });
  }
}
