import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import { loadWorkspace } from "../../src/cargo/workspace.js";
import type { Artifact } from "../../src/manifest/dist-manifest.js";
import { sbomSettings } from "../../src/sbom/settings.js";
import { writeSboms } from "../../src/sbom/write-sboms.js";
import { git, removeRepo, type TestRepo } from "../helpers/git-utils.js";
import { cyclonedxProblems, sbomWorkspace } from "../helpers/sbom-fixture.js";
import { testContext } from "../helpers/context.js";

const LINUX = "x86_64-unknown-linux-gnu";
const WINDOWS = "x86_64-pc-windows-msvc";
let repo: TestRepo;
let head: string;

beforeAll(async () => {
  repo = await sbomWorkspace();
  head = await git(repo.cwd, "rev-parse", "HEAD");
});
afterAll(() => removeRepo(repo));

interface Cdx {
  specVersion: string;
  serialNumber: string;
  metadata: { timestamp: string; component: Component; properties: { name: string; value: string }[] };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}
interface Component {
  type: string;
  name: string;
  version: string;
  purl: string;
  "bom-ref": string;
  licenses?: ({ expression: string } | { license: { name?: string; id?: string } })[];
}

/** Writes the SBOM of one archive of `target` as the binaries plugin configured with `options` would. */
async function sbomOf(target: string, options: Record<string, unknown> = {}, dist = "dist") {
  const { config } = loadBinariesConfig({ targets: [target], packages: ["app"], ...options });
  const ws = await loadWorkspace({ cwd: repo.cwd, env: process.env, manifestPath: config.manifestPath });
  const settings = sbomSettings(config, ws, { cwd: repo.cwd, env: process.env });
  const archive: Artifact = {
    path: `app-v1.2.3-${target}.tar.gz`,
    kind: "archive",
    target,
    size: 1,
    sha256: "",
  };
  const epoch = Number(await git(repo.cwd, "log", "-1", "--format=%ct"));
  const distDir = join(repo.cwd, dist);
  await mkdir(distDir, { recursive: true });
  const { logger } = testContext(repo.cwd);
  const [entry] = await writeSboms(distDir, [archive], { ...settings!, gitHead: head, epoch, logger });
  const text = await readFile(join(distDir, entry!.path), "utf8");
  return { entry: entry!, text, doc: JSON.parse(text) as Cdx };
}

const names = (doc: Cdx) => doc.components.map((c) => c.name).sort();

describe("the CycloneDX SBOM of a target", () => {
  it("describes the binary package and what it links on Linux: the member, the path crate, no dev/build/Windows/optional crates", async () => {
    const { entry, text, doc } = await sbomOf(LINUX);
    expect(await cyclonedxProblems(text)).toBeNull();
    expect(entry).toMatchObject({
      path: `app-v1.2.3-${LINUX}.tar.gz.cdx.json`,
      kind: "sbom",
      target: LINUX,
      describes: `app-v1.2.3-${LINUX}.tar.gz`,
    });
    expect(doc.specVersion).toBe("1.6");
    expect(doc.metadata.component).toMatchObject({
      type: "application",
      name: "app",
      version: "1.2.3",
      purl: "pkg:cargo/app@1.2.3",
      licenses: [{ expression: "MIT OR Apache-2.0" }],
    });
    expect(names(doc)).toEqual(["localdep", "util"]);
    const util = doc.components.find((c) => c.name === "util");
    expect(util).toMatchObject({ type: "library", version: "0.4.0", purl: "pkg:cargo/util@0.4.0" });
    expect(util?.licenses).toEqual([{ license: { name: "License file: LICENSE.txt" } }]);
    expect(doc.components.find((c) => c.name === "localdep")?.licenses).toEqual([
      { expression: "MIT OR Apache-2.0 WITH LLVM-exception" },
    ]);
    expect(doc.dependencies).toEqual([
      { ref: "pkg:cargo/app@1.2.3", dependsOn: ["pkg:cargo/localdep@0.1.0", "pkg:cargo/util@0.4.0"] },
      { ref: "pkg:cargo/localdep@0.1.0" },
      { ref: "pkg:cargo/util@0.4.0" },
    ]);
    const commitTime = await git(repo.cwd, "log", "-1", "--format=%cI");
    expect(new Date(doc.metadata.timestamp).getTime()).toBe(new Date(commitTime).getTime());
    expect(doc.metadata.properties).toContainEqual({ name: "semantic-release-rust:target", value: LINUX });
  });

  it("has the Windows-only dependency for a Windows target (cargo metadata --filter-platform, nothing built)", async () => {
    const { text, doc } = await sbomOf(WINDOWS);
    expect(await cyclonedxProblems(text)).toBeNull();
    expect(names(doc)).toEqual(["localdep", "util", "winonly"]);
  });

  it("has the optional dependency only when the build enables its feature", async () => {
    const { text, doc } = await sbomOf(LINUX, { features: ["fancy"] });
    expect(await cyclonedxProblems(text)).toBeNull();
    expect(names(doc)).toEqual(["fancy", "localdep", "util"]);
    expect(doc.metadata.properties).toContainEqual({
      name: "semantic-release-rust:features",
      value: "fancy",
    });
    const perTarget = await sbomOf(LINUX, {
      targets: [{ target: LINUX, features: ["fancy"] }],
      features: [],
    });
    expect(names(perTarget.doc)).toEqual(["fancy", "localdep", "util"]);
  });

  it("is the same bytes for the same commit, target and features; another target has another serial number", async () => {
    const first = await sbomOf(LINUX, {}, "dist-a");
    const again = await sbomOf(LINUX, {}, "dist-b");
    expect(again.text).toBe(first.text);
    expect(again.entry.sha256).toBe(first.entry.sha256);
    const windows = await sbomOf(WINDOWS);
    expect(windows.doc.serialNumber).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(windows.doc.serialNumber).not.toBe(first.doc.serialNumber);
  });
});
