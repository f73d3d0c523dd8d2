import { DOCKER_PLUGIN } from "../plugins.js";
import { loadConfig } from "../config/index.js";
import { dockerOptions } from "../config/options/docker.js";
import { renderTag } from "../docker/tags.js";
import type { ResumeInput } from "./inputs.js";

/**
 * Tag templates that would not move backwards: a template is dropped when it renders, for a newer published
 * version, the same tag as for this one (`latest` always; `{major}` within the major; `{major}.{minor}` within
 * the minor), since that tag belongs to the newer release. `{version}` tags always stay.
 */
export function forwardTags(
  templates: readonly string[],
  release: { version: string; channel?: string | null },
  newer: readonly string[],
): string[] {
  return templates.filter(
    (t) => !newer.some((version) => renderTag(t, { ...release, version }) === renderTag(t, release)),
  );
}

/**
 * What `finish` runs the plugins with: the split release's publish steps as a single release would run them
 * (`rustRelease: "single"`), the docker plugin's floating tags kept with a newer published release, and
 * `newerRelease` for GitHub's "latest".
 */
export function finishInput(input: ResumeInput, newer: readonly string[]): ResumeInput {
  const plugins = input.plugins.map((p) => {
    const pluginConfig: Record<string, unknown> = { ...p.pluginConfig, rustRelease: "single" };
    if (p.name === DOCKER_PLUGIN && newer.length > 0) {
      const { config } = loadConfig(DOCKER_PLUGIN, dockerOptions, p.pluginConfig);
      pluginConfig.tags = forwardTags(config.tags, input.release, newer);
      pluginConfig.channelTags = forwardTags(config.channelTags, input.release, newer);
    }
    return { ...p, pluginConfig };
  });
  const globals = {
    ...input.config.globals,
    rustRelease: "single",
    ...(newer[0] ? { newerRelease: newer[0] } : {}),
  };
  return { ...input, plugins, config: { ...input.config, globals } };
}
