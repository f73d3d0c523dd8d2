/**
 * The release configuration of examples/ as a team writes it: commit analysis, notes, the Cargo bump committed
 * back by @semantic-release/git (so the tag carries the version), then `publishers` (binaries, crates, docker,
 * GitHub ...).
 */
export const releasePlugins = (publishers: unknown[] = []): unknown[] => [
  "@semantic-release/commit-analyzer",
  "@semantic-release/release-notes-generator",
  "semantic-release-rust",
  [
    "@semantic-release/git",
    {
      assets: ["Cargo.toml", "Cargo.lock", "crates/*/Cargo.toml"],
      message: "chore(release): ${nextRelease.version} [skip ci]",
    },
  ],
  ...publishers,
];
