import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { parseRepositoryUrl } from "../github/parse-repository-url.js";
import type { Context } from "../types.js";
import type { InstallersConfig } from "./config.js";
import type { InstallerPlan, PackageInfo } from "./plan.js";
import { bucketOf } from "./scoop-bucket.js";
import { defaultPackageIdentifier, wingetErrors } from "./winget.js";

/**
 * Fills in the plan's Scoop bucket, winget identity and Chocolatey id for the configured kinds (publisher and
 * authors default to the repository owner); returns what stops them (`ENOBUCKET`, `ENOWINGETPUBLISHER`, ...).
 */
export function windowsPackages(
  plan: InstallerPlan,
  config: InstallersConfig,
  context: Context,
  info: PackageInfo,
): SemanticReleaseError[] {
  const kinds = config.installers;
  if (!kinds.some((k) => k === "scoop" || k === "winget" || k === "chocolatey")) return [];
  const repositoryUrl = String(context.options?.repositoryUrl ?? "");
  const owner = parseRepositoryUrl(repositoryUrl).owner;
  const errors: SemanticReleaseError[] = [];
  plan.info = info;
  if (kinds.includes("scoop")) {
    const bucket = bucketOf(config, context);
    if (bucket) plan.bucket = bucket;
    else errors.push(getError("ENOBUCKET", { repositoryUrl }));
  }
  if (kinds.includes("winget")) {
    const publisher = config.winget?.publisher ?? owner;
    if (!publisher) errors.push(getError("ENOWINGETPUBLISHER", { repositoryUrl }));
    else {
      const id = config.winget?.packageIdentifier ?? defaultPackageIdentifier(publisher, plan.name);
      plan.winget = { publisher, packageIdentifier: id };
      errors.push(...wingetErrors(plan.winget));
    }
  }
  if (kinds.includes("chocolatey"))
    plan.chocolatey = {
      id: (config.chocolatey?.id ?? plan.name).toLowerCase(),
      authors: config.chocolatey?.authors ?? owner ?? plan.name,
    };
  return errors;
}
