import { loadWorkspace } from "../cargo/workspace.js";
import { buildStamp } from "../binaries/build-env.js";
import { loadBinariesConfig } from "../binaries/config.js";
import { BINARIES_PLUGIN, listedOptions } from "../plugins.js";
import type { Artifact, DistManifest } from "../manifest/dist-manifest.js";
import { cwdOf } from "../util/context.js";
import type { Context } from "../types.js";
import type { InstallersConfig } from "./config.js";
import { debianChangelog, packageMetaOf } from "./linux-package-meta.js";
import { buildPackages } from "./linux-packages-build.js";
import { withPackageSigner } from "./linux-packages-sign.js";
import type { InstallerPlan } from "./plan.js";

/** The artifacts a previous prepare added for the packages: each package, its `.sha256` and `.asc`. */
export function isPackageArtifact(a: Artifact, all: readonly Artifact[]): boolean {
  const packages = new Set(all.filter((x) => x.kind === "package").map((x) => x.path));
  return a.kind === "package" || packages.has(a.path.replace(/\.(sha256|asc)$/, ""));
}

/** The binaries plugin's `sign.gpg` key option, which signs the packages too. */
export const gpgOptionOf = (context: Context) => {
  const options = listedOptions(context, BINARIES_PLUGIN);
  return options ? loadBinariesConfig(options).config.sign?.gpg : undefined;
};

/**
 * Writes the `.deb` and `.rpm` of the plan into the dist folder from the manifest's staged binaries, every
 * timestamp the release commit's time, signed with the `sign.gpg` key when one is configured.
 */
export async function prepareLinuxPackages(
  config: InstallersConfig,
  context: Context,
  o: { plan: InstallerPlan; manifest: DistManifest; distDir: string },
): Promise<Artifact[]> {
  const packages = o.plan.linuxPackages?.packages ?? [];
  const option = config.linuxPackages;
  if (!option || packages.length === 0) return [];
  const cwd = cwdOf(context);
  const workspace = await loadWorkspace({ cwd, env: context.env, manifestPath: config.manifestPath });
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const binary = o.plan.binaries[0] ?? o.plan.name;
  const meta = await packageMetaOf(workspace, {
    binary,
    name: packages[0]?.name ?? o.plan.name,
    option,
    repositoryUrl,
    ...(config.description ? { description: config.description } : {}),
  });
  // The archives' time, as the binaries plugin recorded it for this commit; git only without it (prebuilt, fragments).
  const recorded = o.manifest.sourceDateEpoch;
  const mtime =
    recorded !== undefined && o.manifest.gitHead !== undefined
      ? recorded
      : Number((await buildStamp({ cwd, env: context.env })).SOURCE_DATE_EPOCH);
  const changelog = debianChangelog({
    ...meta,
    name: packages[0]?.name ?? o.plan.name,
    version: o.plan.version,
    notes: context.nextRelease?.notes,
    mtime,
  });
  return withPackageSigner(gpgOptionOf(context), context.env, (signer) =>
    buildPackages(packages, {
      cwd,
      distDir: o.distDir,
      version: o.plan.version,
      mtime,
      meta,
      changelog,
      option,
      binaries: o.manifest.artifacts.filter((a) => a.kind === "binary"),
      logger: context.logger,
      ...(signer ? { signer } : {}),
    }),
  );
}
