import { getError } from "../errors/get-error.js";
import { exec, ExecError } from "../util/exec.js";
import type { Context } from "../types.js";
import type { DockerConfig, TargetImage } from "./config.js";
import { credentialsFor } from "./credentials.js";
import { buildxBuildArgs, dockerLoginArgs, type BuildxPlan } from "./buildx-plan.js";

/** Logs in to the registries that have credentials (password on stdin), for private base images. */
export async function dockerLogin(
  images: TargetImage[],
  config: DockerConfig,
  context: Context,
): Promise<void> {
  const done = new Set<string>();
  for (const image of images) {
    if (done.has(image.registry)) continue;
    done.add(image.registry);
    const { credentials, env } = credentialsFor(image.registry, config, context.env);
    if (!credentials) continue;
    const res = await exec("docker", dockerLoginArgs(image.registry, credentials.username), {
      cwd: context.cwd,
      env: context.env,
      input: credentials.password,
      reject: false,
    }).catch((error: Error) => ({ code: 127, stdout: "", stderr: error.message }));
    if (res.code !== 0)
      throw getError("EDOCKERLOGIN", { registry: image.registry, env, output: res.stderr || res.stdout });
    context.logger.log("Logged in to %s", image.registry);
  }
}

/** Runs `docker buildx build` into the OCI layout; nothing is pushed. */
export async function runBuildx(plan: BuildxPlan, context: Context): Promise<void> {
  const args = buildxBuildArgs(plan);
  context.logger.log("Running docker %s", args.join(" "));
  try {
    await exec("docker", args, {
      cwd: context.cwd,
      env: context.env,
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
