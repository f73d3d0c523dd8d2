import type { TomlTable } from "smol-toml";

/** A dependency entry that carries a version requirement. */
interface RequirementSite {
  /** Path of the requirement string in the parsed manifest. */
  path: string[];
  /** The entry as a user reads it: `target.'cfg(unix)'.dev-dependencies.foo`. */
  location: string;
  /** The real crate name: `package = "..."` when renamed, else the key. */
  crate: string;
  requirement: string;
}

const KINDS = [
  "dependencies",
  "dev-dependencies",
  "build-dependencies",
  "dev_dependencies",
  "build_dependencies",
];

function isTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A key as written in TOML: bare when it can be, else quoted. */
function tomlKey(key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return key;
  if (!/['\n\r]/.test(key)) return `'${key}'`;
  return JSON.stringify(key);
}

/** Every dependency with a version requirement in a parsed manifest: `[dependencies]` and its dev/build
 *  variants, the same under each `[target.<cfg or triple>]`, and `[workspace.dependencies]`. */
export function findRequirementSites(doc: TomlTable): RequirementSite[] {
  const tables: string[][] = KINDS.map((kind) => [kind]);
  if (isTable(doc.target)) {
    for (const target of Object.keys(doc.target))
      tables.push(...KINDS.map((kind) => ["target", target, kind]));
  }
  tables.push(["workspace", "dependencies"]);

  const sites: RequirementSite[] = [];
  for (const tablePath of tables) {
    const table = tablePath.reduce<unknown>((node, key) => (isTable(node) ? node[key] : undefined), doc);
    if (!isTable(table)) continue;
    for (const [key, entry] of Object.entries(table)) {
      const location = [...tablePath, key].map(tomlKey).join(".");
      if (typeof entry === "string") {
        sites.push({ path: [...tablePath, key], location, crate: key, requirement: entry });
      } else if (isTable(entry) && typeof entry.version === "string") {
        const crate = typeof entry.package === "string" ? entry.package : key;
        sites.push({ path: [...tablePath, key, "version"], location, crate, requirement: entry.version });
      }
    }
  }
  return sites;
}
