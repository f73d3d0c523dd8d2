import { platformString } from "../oci/platform.js";
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
    "--platform",
    plan.platforms.map(platformString).join(","),
    "--file",
    plan.dockerfile,
  ];
  for (const [k, v] of Object.entries(plan.buildArgs).sort(([a], [b]) => (a < b ? -1 : 1)))
    args.push("--build-arg", `${k}=${v}`);
  for (const [k, v] of Object.entries(plan.labels).sort(([a], [b]) => (a < b ? -1 : 1))) {
    args.push("--label", `${k}=${v}`, "--annotation", `index,manifest:${k}=${v}`);
  }
  args.push(`--provenance=${plan.provenance}`, `--sbom=${plan.sbom}`);
  args.push("--output", `type=oci,dest=${plan.outputDir},tar=false,name=${plan.refName}`);
  args.push(plan.context);
  return args;
}

/** `docker login REGISTRY --username USER --password-stdin`: the password goes to stdin, never argv. */
export function dockerLoginArgs(registry: string, username: string): string[] {
  return ["login", registry, "--username", username, "--password-stdin"];
}

export const buildxVersionArgs = (): string[] => ["buildx", "version"];
