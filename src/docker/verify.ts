import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { HttpClient, type HttpDeps } from "../http/client.js";
import { getError, throwAll } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { checkRegistryAuth } from "../oci/registry/check-auth.js";
import { exec } from "../util/exec.js";
import type { Context, PluginConfig } from "../types.js";
import { registryBase, loadDockerConfig, type ResolvedDocker } from "./config.js";
import { credentialsFor } from "./credentials.js";
import { buildxVersionArgs } from "./buildx-plan.js";
import { parsePlatforms } from "./oci-plan.js";
import { renderTags, tagValues, templatesFor } from "./tags.js";
import { releaseChannels, renderTemplate, SAMPLE_GIT_HEAD, SAMPLE_VERSION } from "../config/templates.js";

/** A registry as the distribution reference grammar has it: DNS labels separated by dots, an optional port. */
const REGISTRY_HOST = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/i;

/**
 * The checks that need no registry, daemon or file: options, image names, platforms, and every tag template
 * rendered for the sample version on the main channel and on every release channel.
 */
export function dockerConfigErrors(r: ResolvedDocker, context: Context): SemanticReleaseError[] {
  const errors = [...r.errors];
  const release = { version: SAMPLE_VERSION, gitHead: SAMPLE_GIT_HEAD };
  const seen = new Set<string>();
  const add = (list: SemanticReleaseError[]) => {
    for (const e of list.filter((x) => !seen.has(x.message))) {
      seen.add(e.message);
      errors.push(e);
    }
  };
  for (const { suffix } of r.variants) {
    add(renderTags(r.config.tags, { ...release, channel: null }, suffix).errors);
    for (const channel of new Set(["beta", ...releaseChannels(context)]))
      add(renderTags(r.config.channelTags, { ...release, channel }, suffix).errors);
  }
  add(variantTagClashes(r, [null, "beta", ...releaseChannels(context)]));
  if (r.config.builder === "buildx" && r.variants.length > 1)
    errors.push(getError("EDOCKERVARIANTBUILDX", { suffixes: r.variants.slice(1).map((v) => v.suffix) }));
  for (const value of parsePlatforms(r.config.platforms ?? []).bad)
    errors.push(getError("EDOCKERPLATFORM", { value }));
  for (const [name, value] of Object.entries(r.config.buildArgs ?? {})) {
    // Only `{word}` counts: build args may hold JSON or shell `${VAR}`, which stay as written.
    const text = value.replace(/\$\{[^{}]*\}/g, "");
    const unknown = renderTemplate(text, tagValues(release)).unknown.filter((u) => /^\{\w+\}$/.test(u));
    if (unknown.length > 0)
      errors.push(getError("EDOCKERBUILDARG", { name, value, placeholders: unknown.join(", ") }));
  }
  for (const image of r.images)
    if (!REGISTRY_HOST.test(image.registry) || image.name.length > 255)
      errors.push(getError("EDOCKERIMAGENAME", { name: image.name }));
  return errors;
}

/** A tag two images would share (a variant `-latest` takes `latest`), for the sample version on each channel. */
function variantTagClashes(r: ResolvedDocker, channels: (string | null)[]): SemanticReleaseError[] {
  const errors: SemanticReleaseError[] = [];
  if (r.variants.length < 2) return errors;
  for (const channel of channels) {
    const owner = new Map<string, string>();
    const release = { version: SAMPLE_VERSION, gitHead: SAMPLE_GIT_HEAD, channel };
    for (const { suffix } of r.variants) {
      for (const tag of renderTags(templatesFor(r.config, channel), release, suffix).tags) {
        const other = owner.get(tag);
        if (other !== undefined && other !== suffix) {
          const name = (s: string) => (s ? `the ${s} variant` : "the main image");
          errors.push(getError("EDOCKERVARIANTTAG", { tag, suffixes: [name(other), name(suffix)] }));
        }
        owner.set(tag, suffix);
      }
    }
  }
  return errors;
}

/** Checks options, tag templates and every registry's credentials (auth handshake only, nothing pushed). */
export async function verifyConditions(
  pluginConfig: PluginConfig,
  context: Context,
  deps: HttpDeps = {},
): Promise<void> {
  throwAll(await verifyDocker(loadDockerConfig(pluginConfig, context), context, deps));
}

/** Every check of verifyConditions; pushes nothing, builds nothing. */
async function verifyDocker(
  r: ResolvedDocker,
  context: Context,
  deps: HttpDeps = {},
): Promise<SemanticReleaseError[]> {
  const errors = dockerConfigErrors(r, context);
  if (r.config.builder === "buildx") errors.push(...(await checkBuildx(r, context)));
  // Per repository: a token may grant push on one repository of a registry and not on another.
  const seen = new Set<string>();
  const http = new HttpClient({ env: context.env, ...deps });
  for (const image of r.images) {
    const key = `${image.registry}/${image.repository}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { credentials, env } = credentialsFor(image.registry, r.config, context.env);
    const check = await checkRegistryAuth(registryBase(image), image.repository, credentials, http);
    if (check.ok) {
      context.logger.log(
        "Registry %s accepts %s for %s",
        image.registry,
        check.scheme === "none" ? "anonymous pushes" : "the credentials",
        image.repository,
      );
    } else if (check.reason === "no-credentials")
      errors.push(getError("ENODOCKERCREDENTIALS", { registry: image.registry, env }));
    else if (check.reason === "rejected")
      errors.push(getError("EDOCKERAUTH", { registry: image.registry, env, detail: check.detail }));
    else errors.push(getError("EDOCKERUNREACHABLE", { registry: image.registry, detail: check.detail }));
  }
  return errors;
}

async function checkBuildx(r: ResolvedDocker, context: Context): Promise<SemanticReleaseError[]> {
  const errors: SemanticReleaseError[] = [];
  const dockerfile = resolve(r.cwd, r.config.dockerfile);
  if (
    !(await access(dockerfile).then(
      () => true,
      () => false,
    ))
  )
    errors.push(getError("ENODOCKERFILE", { path: r.config.dockerfile }));
  const res = await exec("docker", buildxVersionArgs(), {
    cwd: r.cwd,
    env: context.env,
    reject: false,
  }).catch((e: Error) => ({ code: 127, stderr: e.message, stdout: "" }));
  if (res.code !== 0)
    errors.push(getError("ENOBUILDX", { error: res.stderr.trim().split("\n").slice(-3).join(" ") }));
  return errors;
}
