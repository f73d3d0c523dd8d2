import { readFile } from "node:fs/promises";
import { parse } from "smol-toml";
import type { Workspace } from "../cargo/workspace.js";

/** What the Homebrew formula says about the program besides its archives. */
export interface PackageMetadata {
  description?: string;
  homepage?: string;
  license?: string;
  /** `authors` of the package (`Name <mail>`), for the maintainer of the .deb and .rpm. */
  authors?: string[];
}

type Table = Record<string, unknown>;
const FIELDS = ["description", "homepage", "repository", "license", "authors"] as const;

async function readToml(path: string): Promise<Table> {
  return parse(await readFile(path, "utf8")) as Table;
}

/**
 * `description`, `homepage` (else `repository`) and `license` of the package that owns `binary` (else the
 * first member), `{ workspace = true }` values read from the root's `[workspace.package]`.
 */
export async function packageMetadata(ws: Workspace, binary: string): Promise<PackageMetadata> {
  const member = ws.members.find((m) => m.bins.includes(binary)) ?? ws.members[0];
  if (!member) return {};
  const pkg = ((await readToml(member.manifestPath)).package ?? {}) as Table;
  let inherited: Table | undefined;
  const values: Partial<Record<(typeof FIELDS)[number], string>> = {};
  let authors: string[] | undefined;
  for (const field of FIELDS) {
    let value = pkg[field];
    if (typeof value === "object" && value !== null && (value as Table).workspace === true) {
      inherited ??= (((await readToml(ws.rootManifest)).workspace as Table | undefined)?.package ??
        {}) as Table;
      value = inherited[field];
    }
    if (typeof value === "string" && value) values[field] = value;
    if (Array.isArray(value)) authors = value.filter((a): a is string => typeof a === "string");
  }
  const homepage = values.homepage ?? values.repository;
  return {
    ...(values.description ? { description: values.description } : {}),
    ...(homepage ? { homepage } : {}),
    ...(values.license ? { license: values.license } : {}),
    ...(authors?.length ? { authors } : {}),
  };
}
