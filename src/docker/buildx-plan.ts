import { platformString } from "../oci/platform.js";
import { opt } from "../util/argv.js";
import type { Platform } from "../oci/media-types.js";

/** Everything `docker buildx build` needs: plain data. */
export interface BuildxPlan {
  platforms: Platform[];
  dockerfile: string;
  context: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  provenance: boolean;
  sbom: boolean;
  /** OCI layout folder the build is exported to (pushed later, in publish). */
  outputDir: string;
  /** Name of the image in the layout (the version). */
  refName: string;
}

/** The argv of `docker buildx build` for a plan (no secrets in it). */
export function buildxBuildArgs(plan: BuildxPlan): string[] {
  const args = [
    "buildx",
    "build",
    opt("platform", plan.platforms.map(platformString).join(",")),
    opt("file", plan.dockerfile),
  ];
  for (const [k, v] of Object.entries(plan.buildArgs).sort(([a], [b]) => (a < b ? -1 : 1)))
    args.push(opt("build-arg", `${k}=${v}`));
  for (const [k, v] of Object.entries(plan.labels).sort(([a], [b]) => (a < b ? -1 : 1))) {
    args.push(opt("label", `${k}=${v}`), opt("annotation", `index,manifest:${k}=${v}`));
  }
  args.push(`--provenance=${plan.provenance}`, `--sbom=${plan.sbom}`);
  args.push(opt("output", `type=oci,dest=${plan.outputDir},tar=false,name=${plan.refName}`));
  // The context is absolute (prepare resolves it), so it cannot be read as an option.
  args.push(plan.context);
  return args;
}

/** `docker login --username=USER --password-stdin -- REGISTRY`: the password goes to stdin, never argv. */
export function dockerLoginArgs(registry: string, username: string): string[] {
  return ["login", opt("username", username), "--password-stdin", "--", registry];
}

export const buildxVersionArgs = (): string[] => ["buildx", "version"];
