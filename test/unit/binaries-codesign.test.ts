import { describe, expect, it } from "vitest";
import { codesignArgv, codesignFor, redactSecrets, withoutCodesign } from "../../src/binaries/codesign.js";
import { loadBinariesConfig } from "../../src/binaries/config.js";

const SIGN = { command: ["signtool", "sign", "/fd", "sha256", "{binary}"] };

const problem = (pluginConfig: Record<string, unknown>) => {
  const { errors } = loadBinariesConfig(pluginConfig);
  return errors.map((e) => `${e.code} ${e.message}`);
};

describe("the codesign option", () => {
  it("takes one argv command per OS and a target's own command or `false`", () => {
    const { config, errors } = loadBinariesConfig({
      codesign: { windows: SIGN, macos: { command: ["codesign", "--force", "-s", "ID", "{binary}"] } },
      targets: [
        "x86_64-pc-windows-msvc",
        { target: "aarch64-pc-windows-msvc", codesign: { command: ["./sign.sh", "{binary}", "{target}"] } },
        { target: "aarch64-apple-darwin", codesign: false },
        "x86_64-apple-darwin",
        "x86_64-unknown-linux-gnu",
      ],
    });
    expect(errors).toEqual([]);
    const programs = config.targets!.map((t) => codesignFor(config, t.target)?.command[0]);
    expect(programs).toEqual(["signtool", "./sign.sh", undefined, "codesign", undefined]);
  });

  it("is off for builds that ship nothing (preview --build): no OS default, no target's own command", () => {
    const { config } = loadBinariesConfig({
      codesign: { windows: SIGN },
      targets: [{ target: "x86_64-pc-windows-msvc", codesign: SIGN }, "aarch64-pc-windows-msvc"],
    });
    const off = withoutCodesign(config);
    expect(off.targets!.map((t) => codesignFor(off, t.target))).toEqual([undefined, undefined]);
    expect(codesignFor(config, "aarch64-pc-windows-msvc")).toEqual(SIGN);
  });

  it.each([
    [
      { windows: { command: ["signtool", "sign", "/p", "${env.PFX_PASSWORD}", "{binary}"] } },
      "codesign.windows.command[3]",
    ],
    [{ windows: { command: ["signtool", "sign"] } }, "`{binary}` in one argument"],
    [{ windows: { command: ["signtool", "{binary}", "{password}"] } }, "not `{password}`"],
    [{ windows: { command: ["{binary}"] } }, "a program name or path without placeholders"],
    [{ windows: { command: [] } }, "a non-empty argv array"],
    [{ windows: "signtool sign {binary}" }, '`{ "command": ['],
    [{ freebsd: SIGN }, "no `freebsd` field"],
    [{ windows: { command: SIGN.command, shell: true } }, "no `shell` field"],
  ])("refuses %j (EINVALIDCODESIGN)", (codesign, expected) => {
    const [error] = problem({ codesign });
    expect(error).toMatch(/^EINVALIDCODESIGN /);
    expect(error).toContain(expected);
  });

  it("checks a target's own command under `targets` (EINVALIDTARGETS)", () => {
    const [error] = problem({
      targets: [{ target: "x86_64-pc-windows-msvc", codesign: { command: ["x"] } }],
    });
    expect(error).toMatch(/^EINVALIDTARGETS .*targets\[0\]\.codesign\.command/);
  });
});

describe("a codesign run", () => {
  it("fills the placeholders in each argument, leaving the rest as written", () => {
    const argv = codesignArgv(
      ["osslsigncode", "sign", "-in", "{binary}", "-out", "{signed}", "-n", "{bin} for {target}", "{other}"],
      {
        binary: "/t/rgreet.exe",
        signed: "/t/rgreet.exe.signed",
        bin: "rgreet",
        target: "x86_64-pc-windows-gnu",
      },
    );
    expect(argv).toEqual([
      "osslsigncode",
      "sign",
      "-in",
      "/t/rgreet.exe",
      "-out",
      "/t/rgreet.exe.signed",
      "-n",
      "rgreet for x86_64-pc-windows-gnu",
      "{other}",
    ]);
  });

  it("redacts the values of secret-looking variables (and each line of multi-line ones) in output", () => {
    const env = {
      PFX_PASSWORD: "hunter2-long",
      APPLE_API_KEY: "-----BEGIN-----\nMIIBVgIBADANBgkqhkiG9w0\n-----END-----",
      PWD: "/work/repo",
      TARGET: "x86_64-pc-windows-gnu",
    };
    const out = redactSecrets(
      "bad password hunter2-long\nkey line MIIBVgIBADANBgkqhkiG9w0 in /work/repo for x86_64-pc-windows-gnu",
      env,
    );
    expect(out).toBe("bad password [redacted]\nkey line [redacted] in /work/repo for x86_64-pc-windows-gnu");
  });
});
