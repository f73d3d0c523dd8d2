import { getError } from "../errors/get-error.js";
import type { SemanticReleaseError } from "../errors/semantic-release-error.js";

/** The kinds of value a program could take for an option, and what a user does about each. */
const FIXES = {
  "repository URL":
    "Set `repositoryUrl` to the repository's URL (`https://github.com/owner/repo.git`, `git@github.com:owner/repo.git`); write a local path that begins with `-` as `./-name`.",
  tag: "Give the tag the release pushed, such as `v1.2.3`.",
  branch: "Name the release branches in `branches` as git names them (`main`, `next`, `beta`).",
  channel: "Give the channel of a branch listed in `branches`, such as `next` or `beta`.",
  "registry name":
    "Set the `registry` option to a name of `[registries]` in `.cargo/config.toml` or to a sparse index URL (`sparse+https://...`).",
} as const;

type ArgumentKind = keyof typeof FIXES;

/**
 * `EOPTIONINJECTION` when `value` begins with `-` (a program would read it as an option), else `undefined`.
 * `source` says where the value came from (`.releaserc.json repositoryUrl`, `--tag`).
 */
export function optionInjection(
  kind: ArgumentKind,
  value: string,
  source: string,
): SemanticReleaseError | undefined {
  return value.startsWith("-")
    ? getError("EOPTIONINJECTION", { kind, value, source, fix: FIXES[kind] })
    : undefined;
}

/** `--name=value`: one argument, so a value beginning with `-` stays a value. */
export const opt = (name: string, value: string): string => `--${name}=${value}`;
