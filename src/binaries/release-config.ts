/** Moved to `src/config/release-config.ts` (every plugin and CLI command reads it); kept for existing importers. */
export { RELEASE_CONFIG_FILES, pluginConfigFromRepo } from "../config/release-config.js";
