import { dirname, relative, resolve } from "node:path";
// The library's parts, not its index: the index loads its validators too (ajv), which a release never uses.
import * as License from "@cyclonedx/cyclonedx-library/Contrib/License";
import * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import * as Models from "@cyclonedx/cyclonedx-library/Models";
import { PackageURL } from "packageurl-js";
import parseSpdx from "spdx-expression-parse";
import type { ResolvedPackage } from "../cargo/workspace.js";
import { lockKey } from "./lockfile.js";

/** crates.io's index, as `cargo metadata` names it (git and sparse protocols): no qualifier in the purl. */
const CRATES_IO = new Set([
  "registry+https://github.com/rust-lang/crates.io-index",
  "sparse+https://index.crates.io/",
]);

/**
 * `pkg:cargo/<name>@<version>`, qualified by where the package comes from when that is not crates.io: another
 * registry (`repository_url`, its index) or a git repository (`vcs_url`, `git+<url>@<commit>`). Path packages
 * (workspace members, local crates) carry no qualifier.
 */
export function cargoPurl(p: Pick<ResolvedPackage, "name" | "version" | "source">): string {
  const qualifiers: Record<string, string> = {};
  const source = p.source ?? "";
  const registry = /^(?:registry|sparse)\+(.+)$/.exec(source);
  const git = /^git\+([^?#]+)(?:\?[^#]*)?#([0-9a-f]+)$/.exec(source);
  if (registry && !CRATES_IO.has(source)) qualifiers.repository_url = registry[1] as string;
  if (git) qualifiers.vcs_url = `git+${git[1]}@${git[2]}`;
  return new PackageURL("cargo", undefined, p.name, p.version, qualifiers, undefined).toString();
}

const licenses = new License.Factories.LicenseFactory((text) => {
  parseSpdx(text);
});

/**
 * The package's license: its `license` field as an SPDX expression (cargo's old `MIT/Apache-2.0` spelling read
 * as `OR`), a named license when it does not parse, or `license-file` (the file's path in the package).
 */
function licenseOf(p: ResolvedPackage): Models.License | undefined {
  if (p.license) {
    const text = p.license.replace(/\s*\/\s*/g, " OR ");
    try {
      return licenses.makeExpression(text);
    } catch {
      return licenses.makeNamedLicense(p.license);
    }
  }
  if (p.license_file) {
    const dir = dirname(p.manifest_path);
    const file = relative(dir, resolve(dir, p.license_file)).split("\\").join("/");
    return licenses.makeNamedLicense(`License file: ${file}`);
  }
  return undefined;
}

/** A package as a CycloneDX component whose bom-ref is its purl; the lock file's SHA-256 when it has one. */
export function cargoComponent(
  p: ResolvedPackage,
  type: Enums.ComponentType,
  checksums: ReadonlyMap<string, string>,
): Models.Component {
  const purl = cargoPurl(p);
  const component = new Models.Component(type, p.name, { version: p.version, bomRef: purl, purl });
  const license = licenseOf(p);
  if (license) component.licenses.add(license);
  const checksum = checksums.get(lockKey(p.name, p.version, p.source));
  if (checksum) component.hashes.set(Enums.HashAlgorithm["SHA-256"], checksum);
  return component;
}
