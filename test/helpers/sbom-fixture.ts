import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import * as CDX from "@cyclonedx/cyclonedx-library";
import { exec } from "../../src/util/exec.js";
import { gitCommit, gitRepo, type TestRepo } from "./git-utils.js";

const vendored = (name: string, license = "Apache-2.0") =>
  `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\nlicense = "${license}"\n`;

/**
 * A workspace whose binary `app` 1.2.3 depends on the member `util` (license file), a path crate `localdep`
 * outside the members, `winonly` on Windows only, `fancy` behind the `fancy` feature, and has a dev- and a
 * build-dependency (`devonly`, `buildonly`). No registry: every crate is local.
 */
const FILES: Record<string, string> = {
  "Cargo.toml": '[workspace]\nmembers = ["app", "util"]\nexclude = ["vendor"]\nresolver = "2"\n',
  "app/Cargo.toml": `[package]
name = "app"
version = "1.2.3"
edition = "2021"
license = "MIT/Apache-2.0"

[dependencies]
util = { path = "../util", version = "0.4.0" }
localdep = { path = "../vendor/localdep" }
fancy = { path = "../vendor/fancy", optional = true }

[target.'cfg(windows)'.dependencies]
winonly = { path = "../vendor/winonly" }

[dev-dependencies]
devonly = { path = "../vendor/devonly" }

[build-dependencies]
buildonly = { path = "../vendor/buildonly" }

[features]
fancy = ["dep:fancy"]
`,
  "app/src/main.rs": 'fn main() { println!("app {}", env!("CARGO_PKG_VERSION")); }\n',
  "app/build.rs": "fn main() {}\n",
  "util/Cargo.toml":
    '[package]\nname = "util"\nversion = "0.4.0"\nedition = "2021"\nlicense-file = "LICENSE.txt"\n',
  "util/LICENSE.txt": "All rights reserved.\n",
  "util/src/lib.rs": "",
  ".gitignore": "/target\n/dist\n",
  ...Object.fromEntries(
    ["localdep", "winonly", "fancy", "devonly", "buildonly"].flatMap((n) => [
      [
        `vendor/${n}/Cargo.toml`,
        vendored(n, n === "localdep" ? "MIT OR Apache-2.0 WITH LLVM-exception" : "Apache-2.0"),
      ],
      [`vendor/${n}/src/lib.rs`, ""],
    ]),
  ),
};

/** The workspace above, committed (with its `Cargo.lock`) in a new git repo. */
export async function sbomWorkspace(): Promise<TestRepo> {
  const repo = await gitRepo();
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(repo.cwd, path)), { recursive: true });
    await writeFile(join(repo.cwd, path), text);
  }
  await exec("cargo", ["generate-lockfile", "--offline"], { cwd: repo.cwd });
  await gitCommit(repo.cwd, "feat: app");
  return repo;
}

/** The problems of a CycloneDX 1.6 JSON text against the schema (strict: no unknown fields); null when valid. */
export async function cyclonedxProblems(text: string): Promise<unknown> {
  return new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text);
}
