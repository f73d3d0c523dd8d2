import { BINARIES_PLUGIN, DOCKER_PLUGIN } from "../plugins.js";
import type { RunnerOs } from "../binaries/plan.js";
import type { BuilderChoice } from "../config/options/binaries.js";
import type { PluginPlan, ReleasePlan } from "./release-plan.js";

/** One build job: what a GitHub Actions `strategy.matrix.include` entry takes (`fromJSON`). */
export interface MatrixEntry {
  target: string;
  /** The runner OS the target needs: `linux`, `macos` or `windows`. */
  os: RunnerOs;
  builder: BuilderChoice;
  /** The files the job delivers: the archive and its `.sha256`. */
  artifacts: string[];
}

/** One image pushed: its name, every tag, and the platforms of its index. */
export interface ImageEntry {
  name: string;
  tags: string[];
  platforms: string[];
}

/** What `semantic-release-rust plan --json` prints. */
export interface PlanJson {
  version: string;
  gitTag: string;
  channel: string | null;
  configFile: string;
  matrix: MatrixEntry[];
  images: ImageEntry[];
  plugins: PluginPlan[];
}

/** The plan as one JSON object: the release, the build matrix, the images, then every plugin's plan. */
export function planJson(plan: ReleasePlan): PlanJson {
  const matrix: MatrixEntry[] = [];
  const images: ImageEntry[] = [];
  for (const { data } of plan.plugins) {
    if (data?.plugin === BINARIES_PLUGIN)
      for (const t of data.targets)
        matrix.push({ target: t.target, os: t.os, builder: t.builder, artifacts: [t.archive, t.checksum] });
    if (data?.plugin === DOCKER_PLUGIN) {
      const platforms = data.platforms.map((p) => p.platform);
      for (const i of data.images) images.push({ name: i.name, tags: i.tags, platforms });
    }
  }
  return {
    version: plan.version,
    gitTag: plan.gitTag,
    channel: plan.channel,
    configFile: plan.configFile,
    matrix,
    images,
    plugins: plan.plugins,
  };
}
