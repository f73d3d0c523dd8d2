import { relative, resolve } from "node:path";
import { setVersion } from "../cargo/set-version.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { parseArgs } from "./args.js";
import type { Command } from "./command.js";

const USAGE =
  "usage: semantic-release-rust set-version <version> [--cwd DIR] [--manifest-path PATH] [--package NAME]... [--no-lockfile]";

/** `set-version`: the Cargo bump alone, for matrix build jobs and for people. */
export const setVersionCommand: Command = {
  async run(args, io) {
    const { values, positionals, error } = parseArgs(args, {
      cwd: "string",
      "manifest-path": "string",
      package: "strings",
      "no-lockfile": "boolean",
    });
    if (error || positionals.length !== 1) {
      io.stderr.write(
        `semantic-release-rust set-version: ${error ?? "expected exactly one version"}\n${USAGE}\n`,
      );
      return 2;
    }
    const cwd = resolve(io.cwd, (values.cwd as string | undefined) ?? ".");
    try {
      const { plan } = await setVersion({
        cwd,
        env: io.env,
        manifestPath: (values["manifest-path"] as string | undefined) ?? "Cargo.toml",
        packages: values.package as string[] | undefined,
        version: positionals[0] as string,
        updateLockfile: values["no-lockfile"] !== true,
      });
      for (const f of plan.files) io.stdout.write(`${relative(cwd, f.path) || f.path}\n`);
      for (const s of plan.skipped) {
        io.stderr.write(`warning: ${s.file}: ${s.location} = "${s.requirement}" left as written\n`);
      }
      if (plan.files.length === 0) io.stderr.write(`already at ${plan.to}: nothing to change\n`);
      return 0;
    } catch (e) {
      if (e instanceof SemanticReleaseError) {
        io.stderr.write(`semantic-release-rust set-version: ${e.code} ${e.message}\n`);
        return 2;
      }
      throw e;
    }
  },
};
