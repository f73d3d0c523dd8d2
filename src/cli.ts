#!/usr/bin/env node
import { commands } from "./cli/commands.js";

/** `semantic-release-rust <command> ...`: the steps that run outside one semantic-release job. */
async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands[name];
  if (!command || name === "--help" || name === "-h") {
    const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(12)} ${c.summary}`);
    process.stderr.write(
      `usage: semantic-release-rust <command> [options]\n\ncommands:\n${lines.join("\n")}\n`,
    );
    return name === undefined || name === "--help" || name === "-h" ? 0 : 2;
  }
  const loaded = await command.load();
  return loaded.run(rest, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `semantic-release-rust: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
