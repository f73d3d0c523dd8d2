import { describe, expect, it } from "vitest";
import { archiveSettings } from "../../src/binaries/archive-settings.js";
import { builtPlanData, planBuilds, prebuiltPlanData } from "../../src/binaries/plan.js";
import type { InstalledTools } from "../../src/binaries/builders.js";
import { binariesPreviewLines } from "../../src/binaries/preview.js";
import { loadBinariesConfig } from "../../src/binaries/config.js";
import type { Member, Workspace } from "../../src/cargo/workspace.js";
import { fakeMember } from "../helpers/members.js";
import { HOST } from "../helpers/cross-toolchain.js";

const ARM = "aarch64-unknown-linux-gnu";
const WIN = "x86_64-pc-windows-msvc";

const tools: InstalledTools = {
  cargo: "cargo",
  cargoVersion: "1.80.0",
  knownTargets: [HOST, ARM, WIN],
  installedStd: [HOST, ARM, WIN],
  rustup: true,
  builders: ["cargo", "cargo-xwin"],
  linkers: { [ARM]: "aarch64-linux-gnu-gcc" },
};
const member = (name: string, bins: string[]): Member => fakeMember(name, { version: "0.1.0", bins });
const ws: Workspace = {
  root: "/ws",
  rootManifest: "/ws/Cargo.toml",
  targetDir: "/ws/target",
  members: [member("tool-core", []), member("tool", ["tool"])],
};

function preview(options: Record<string, unknown>, version = "1.3.0") {
  const { config } = loadBinariesConfig(options);
  const plan = planBuilds(config, ws, HOST, tools);
  return binariesPreviewLines(builtPlanData(plan, { config, settings: archiveSettings(config), version }));
}

describe("binariesPreviewLines", () => {
  it("names every target's builder, the exact cargo commands and every file written to dist/", () => {
    const lines = preview({ targets: [HOST, ARM, WIN] });
    expect(lines[0]).toBe("Would build tool 1.3.0 for 3 targets:");
    expect(lines).toContain(
      "  $ cargo build --locked --release --target=x86_64-unknown-linux-gnu --target=aarch64-unknown-linux-gnu --package=tool",
    );
    expect(lines).toContain(
      "  $ cargo xwin build --locked --release --target=x86_64-pc-windows-msvc --package=tool",
    );
    expect(lines.some((l) => l.startsWith(`  ${ARM}: cargo (std installed and linker`))).toBe(true);
    expect(lines).toContain("Would write to dist/:");
    expect(lines).toContain(`  ${HOST}: tool-v1.3.0-${HOST}.tar.gz and tool-v1.3.0-${HOST}.tar.gz.sha256`);
    expect(lines).toContain(`  ${WIN}: tool-v1.3.0-${WIN}.zip and tool-v1.3.0-${WIN}.zip.sha256`);
    expect(lines.at(-1)).toBe("  SHA256SUMS and manifest.json");
  });

  it("follows the archive options: name template, format, dist folder", () => {
    const lines = preview({
      targets: [HOST],
      archiveName: "{name}_{version}_{target}",
      archiveFormat: "tar.xz",
      distDir: "out/",
      name: "mytool",
    });
    expect(lines[0]).toBe("Would build mytool 1.3.0 for 1 target:");
    expect(lines).toContain("Would write to out/:");
    expect(lines).toContain(`  ${HOST}: mytool_1.3.0_${HOST}.tar.xz and mytool_1.3.0_${HOST}.tar.xz.sha256`);
  });

  it("with prebuilt binaries, says where they come from and builds nothing", () => {
    const { config } = loadBinariesConfig({ targets: [HOST, ARM], prebuilt: "artifacts" });
    const settings = archiveSettings(config);
    const lines = binariesPreviewLines(prebuiltPlanData(ws, HOST, { config, settings, version: "2.0.0" }));
    expect(lines[0]).toBe(
      "Would collect the binaries of 2.0.0 for 2 targets from artifacts (built elsewhere)",
    );
    expect(lines.some((l) => l.includes("$ "))).toBe(false);
    expect(lines).toContain(`  ${ARM}: tool-v2.0.0-${ARM}.tar.gz and tool-v2.0.0-${ARM}.tar.gz.sha256`);
  });
});
