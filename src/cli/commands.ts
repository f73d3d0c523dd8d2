import type { Command } from "./command.js";

/** A command's one-line summary and how to load it: only the command that runs is imported. */
interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

/** Every CLI command by name. */
export const commands: Record<string, CommandEntry> = {
  "set-version": {
    summary: "set the version of the release packages, their requirements and Cargo.lock",
    load: async () => (await import("./set-version.js")).setVersionCommand,
  },
  build: {
    summary:
      "build and package one target from the release tag (matrix job) into dist/ with manifest-<target>.json",
    load: async () => (await import("./build.js")).buildCommand,
  },
  plan: {
    summary: "print what each semantic-release-rust plugin would do for a version (runs nothing)",
    load: async () => (await import("./plan.js")).planCommand,
  },
  snapshot: {
    summary: "dev build of the current commit: archives in dist/, images tagged dev and dev-<sha7> (--push)",
    load: async () => (await import("./snapshot.js")).snapshotCommand,
  },
  preview: {
    summary:
      "what merging this branch would release (next version from the commits, plan, PR comment); writes nothing",
    load: async () => {
      // The commit analyzer's thread boots and imports the analyzer while this thread loads the command's modules.
      (await import("../preview/analyzer-thread.js")).startAnalyzerThread();
      return (await import("./preview.js")).previewCommand;
    },
  },
  resume: {
    summary: "finish a release whose tag is pushed but whose publish steps did not all run",
    load: async () => (await import("./resume.js")).resumeCommand,
  },
  finish: {
    summary:
      "check every target's build of a split release's tag, then publish crates, images and the release",
    load: async () => (await import("./finish.js")).finishCommand,
  },
  verify: {
    summary:
      "check downloaded archives (files or release URLs) against SHA256SUMS, their signatures and the provenance",
    load: async () => (await import("./verify.js")).verifyCommand,
  },
};
