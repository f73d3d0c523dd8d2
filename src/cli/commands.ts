import type { Command } from "./command.js";
import { setVersionCommand } from "./set-version.js";
import { buildCommand } from "./build.js";
import { planCommand } from "./plan.js";
import { resumeCommand } from "./resume.js";

/** Every CLI command by name. */
export const commands: Record<string, Command> = {
  "set-version": setVersionCommand,
  build: buildCommand,
  plan: planCommand,
  resume: resumeCommand,
};
