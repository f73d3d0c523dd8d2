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
    summary: "build and package one target (matrix job) into dist/ with manifest-<target>.json",
    load: async () => (await import("./build.js")).buildCommand,
  },
  plan: {
    summary: "print what each semantic-release-rust plugin would do for a version (runs nothing)",
    load: async () => (await import("./plan.js")).planCommand,
  },
  preview: {
    summary:
      "what merging this branch would release (next version from the commits, plan, PR comment); writes nothing",
    load: async () => (await import("./preview.js")).previewCommand,
  },
  resume: {
    summary: "finish a release whose tag is pushed but whose publish steps did not all run",
    load: async () => (await import("./resume.js")).resumeCommand,
  },
};
