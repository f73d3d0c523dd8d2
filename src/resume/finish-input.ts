import { DOCKER_PLUGIN, isBundlePlugin } from "../plugins.js";
import type { ListedPlugin } from "../config/release-config.js";
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
 * `newerRelease` for GitHub's "latest". The changed options go in each entry's own options too, so that an entry
 * is still found among `plugins` by its options (the second docker entry's layout is `dist/oci-2`).
 */
export function finishInput(input: ResumeInput, newer: readonly string[]): ResumeInput {
  const single = (p: ListedPlugin): ListedPlugin => {
    if (!isBundlePlugin(p.name)) return p;
    const own: Record<string, unknown> = { ...p.options, rustRelease: "single" };
    if (p.name === DOCKER_PLUGIN && newer.length > 0) {
      const { config } = loadConfig(DOCKER_PLUGIN, dockerOptions, p.pluginConfig);
      own.tags = forwardTags(config.tags, input.release, newer);
      own.channelTags = forwardTags(config.channelTags, input.release, newer);
    }
    return { ...p, options: own, entry: [p.name, own], pluginConfig: { ...p.pluginConfig, ...own } };
  };
  const listedPlugins = input.config.plugins.map(single);
  const globals = {
    ...input.config.globals,
    rustRelease: "single",
    ...(newer[0] ? { newerRelease: newer[0] } : {}),
  };
  return {
    ...input,
    plugins: listedPlugins.filter((p) => isBundlePlugin(p.name)),
    config: { ...input.config, globals, plugins: listedPlugins },
  };
}
