import { describe, expect, it } from "vitest";
import { parseArgs } from "../../src/cli/args.js";

const flags = { cwd: "string", package: "strings", "no-lockfile": "boolean" } as const;

describe("CLI arguments (set-version and the other commands)", () => {
  it("reads --flag value, --flag=value, repeated flags, booleans and positionals", () => {
    expect(
      parseArgs(["1.2.0", "--cwd", "ws", "--package=a", "--package", "b", "--no-lockfile"], flags),
    ).toEqual({
      values: { cwd: "ws", package: ["a", "b"], "no-lockfile": true },
      positionals: ["1.2.0"],
    });
  });

  it("keeps an = inside a value", () => {
    expect(parseArgs(["--cwd=a=b"], flags).values.cwd).toBe("a=b");
  });

  it.each([
    [["--bogus"], "unknown option --bogus"],
    [["--cwd"], "--cwd needs a value"],
    [["--package="], "--package needs a value"],
    [["--no-lockfile=false"], "--no-lockfile takes no value"],
  ])("%j is an error: %s", (args, error) => {
    expect(parseArgs(args, flags).error).toBe(error);
  });
});
