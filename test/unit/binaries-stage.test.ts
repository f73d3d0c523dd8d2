import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PlannedTarget } from "../../src/binaries/plan.js";
import { stageBinaries } from "../../src/binaries/stage-binaries.js";
import { fileDigest } from "../../src/util/digest.js";
import { run, tempDir } from "../helpers/archive-fixtures.js";

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir("srr-stage-")));
afterEach(() => cleanup());

const target = (binaries: { name: string; path: string }[]): PlannedTarget => ({
  target: "x86_64-unknown-linux-gnu",
  builder: "cargo",
  reason: "host target",
  features: [],
  profile: "release",
  binaries: binaries.map((b) => ({ ...b, package: "rgreet" })),
  runsOnHost: true,
});

describe("staging built binaries into dist/bin/<target>/", () => {
  it("copies each binary as mode 0755 with the size and SHA-256 that sha256sum and cmp agree with", async () => {
    // Several read chunks, with an uneven tail, and a source that is not executable on disk.
    const big = join(dir, "build", "rgreet");
    await run("mkdir", ["-p", join(dir, "build")]);
    await run("dd", ["if=/dev/urandom", `of=${big}`, "bs=1M", "count=3", "status=none"]);
    await writeFile(big, "tail", { flag: "a" });
    await chmod(big, 0o600);
    const small = join(dir, "build", "rgreet-admin");
    await writeFile(small, "#!/bin/sh\necho admin\n");
    const distDir = join(dir, "dist");
    const artifacts = await stageBinaries(
      distDir,
      target([
        { name: "rgreet", path: big },
        { name: "rgreet-admin", path: small },
      ]),
    );
    expect(artifacts.map((a) => [a.kind, a.path, a.target, a.binary])).toEqual([
      ["binary", "bin/x86_64-unknown-linux-gnu/rgreet", "x86_64-unknown-linux-gnu", "rgreet"],
      ["binary", "bin/x86_64-unknown-linux-gnu/rgreet-admin", "x86_64-unknown-linux-gnu", "rgreet-admin"],
    ]);
    for (const [a, source] of [
      [artifacts[0], big],
      [artifacts[1], small],
    ] as const) {
      const staged = join(distDir, a!.path);
      await run("cmp", [source, staged]);
      expect(a!.size).toBe((await stat(source)).size);
      expect(a!.sha256).toBe((await run("sha256sum", [staged])).split(" ")[0]);
      expect((await stat(staged)).mode & 0o777).toBe(0o755);
    }
    expect(await run(join(distDir, artifacts[1]!.path), [])).toBe("admin\n");
  });

  it("replaces an older staged copy (content and mode) and digests empty and missing files", async () => {
    const bin = join(dir, "rgreet");
    await writeFile(bin, "new build\n");
    const distDir = join(dir, "dist");
    await run("mkdir", ["-p", join(distDir, "bin/x86_64-unknown-linux-gnu")]);
    const old = join(distDir, "bin/x86_64-unknown-linux-gnu/rgreet");
    await writeFile(old, "an older, longer build from another run\n", { mode: 0o644 });
    const [a] = await stageBinaries(distDir, target([{ name: "rgreet", path: bin }]));
    expect(await readFile(old, "utf8")).toBe("new build\n");
    expect((await stat(old)).mode & 0o777).toBe(0o755);
    expect(await fileDigest(old)).toEqual({ size: a!.size, sha256: a!.sha256 });
    expect(await fileDigest(join(dir, "empty")).catch((e: NodeJS.ErrnoException) => e.code)).toBe("ENOENT");
    await writeFile(join(dir, "empty"), "");
    expect(await fileDigest(join(dir, "empty"))).toEqual({
      size: 0,
      sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    });
  });
});
