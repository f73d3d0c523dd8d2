import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageTarget } from "../../src/binaries/package-target.js";
import { resolveIncludes } from "../../src/binaries/include-globs.js";
import { writeSha256Sums } from "../../src/binaries/checksums.js";
import { examplesCopy } from "../helpers/fixtures.js";
import { commitAll, EPOCH, listTar, run } from "../helpers/archive-fixtures.js";
import { fileTargetDir, HOST } from "../helpers/cross-toolchain.js";

const targetDir = fileTargetDir("archive-package");

let ws: string;
let binary: string;

beforeAll(async () => {
  ws = await examplesCopy();
  await commitAll(ws);
  await run("cargo", ["build", "--release", "--locked", "--offline", "-p", "rgreet"], {
    cwd: ws,
    env: { CARGO_TARGET_DIR: targetDir },
  });
  binary = join(targetDir, "release", "rgreet");
});
afterAll(() => rm(ws, { recursive: true, force: true }));

describe("packaging the examples workspace built by cargo", () => {
  it("gives an archive whose demo runs unchanged through target/release and whose checksum verifies", async () => {
    const distDir = join(ws, "dist");
    const includes = await resolveIncludes(ws, ["demo", "configs"], {
      defaults: true,
      env: process.env,
    });
    const artifacts = await packageTarget({
      name: "rgreet",
      version: "0.1.0",
      target: HOST,
      format: "tar.gz",
      archiveName: "{name}-v{version}-{target}",
      binaries: [{ name: "rgreet", path: binary }],
      includes,
      distDir,
      mtime: EPOCH,
    });
    const file = `rgreet-v0.1.0-${HOST}.tar.gz`;
    expect(artifacts.map((a) => [a.kind, a.path, a.target])).toEqual([
      ["archive", file, HOST],
      ["checksum", `${file}.sha256`, HOST],
    ]);
    expect(await run("sha256sum", ["-c", `${file}.sha256`], { cwd: distDir })).toBe(`${file}: OK\n`);
    await writeSha256Sums(distDir, [{ path: join(distDir, file), sha256: artifacts[0]!.sha256 }]);
    expect(await readFile(join(distDir, "SHA256SUMS"), "utf8")).toBe(`${artifacts[0]!.sha256}  ${file}\n`);

    const names = (await listTar(join(distDir, file))).map((l) =>
      l.name.replace(`rgreet-v0.1.0-${HOST}/`, ""),
    );
    expect(names).toEqual(
      expect.arrayContaining([
        "LICENSE",
        "README.md",
        "configs/greeting.conf",
        "demo/run-demo.sh",
        "bin/rgreet",
      ]),
    );

    const out = join(ws, "extract");
    await run("mkdir", ["-p", out]);
    await run("tar", ["-xzf", join(distDir, file)], { cwd: out });
    const top = join(out, `rgreet-v0.1.0-${HOST}`);
    const demo = await run("sh", ["./demo/run-demo.sh"], { cwd: top });
    expect(demo).toContain("rgreet 0.1.0");
    expect(demo).toContain("Ferris");
    const onPath = await run("sh", ["-c", ". ./setup-env.sh && command -v rgreet && rgreet --version"], {
      cwd: top,
    });
    expect(onPath.split("\n")[0]).toBe(join(top, "bin/rgreet"));
    expect(onPath).toContain("rgreet 0.1.0");
  });
});
