import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { binariesOptions } from "../../src/config/options/binaries.js";
import { SIGSTORE_DEFAULTS } from "../../src/config/options/sign.js";

const load = (sign: unknown) => loadConfig("semantic-release-rust/binaries", binariesOptions, { sign });

describe("the binaries plugin's sign option", () => {
  it("takes gpg and minisign variable names and sigstore as true or URLs of your own services", () => {
    const { config, errors } = load({
      gpg: { keyEnv: "GPG_KEY", passphraseEnv: "GPG_PASS" },
      minisign: { keyEnv: "MINISIGN_KEY" },
      sigstore: true,
    });
    expect(errors).toEqual([]);
    expect(config.sign).toEqual({
      gpg: { keyEnv: "GPG_KEY", passphraseEnv: "GPG_PASS" },
      minisign: { keyEnv: "MINISIGN_KEY" },
      sigstore: SIGSTORE_DEFAULTS,
    });
    const own = load({
      sigstore: { fulcioUrl: "http://127.0.0.1:1/fulcio", tsaUrl: "http://127.0.0.1:1/tsa" },
    });
    expect(own.config.sign?.sigstore).toEqual({
      ...SIGSTORE_DEFAULTS,
      fulcioUrl: "http://127.0.0.1:1/fulcio",
      tsaUrl: "http://127.0.0.1:1/tsa",
    });
    expect(load({ sigstore: false }).config.sign).toEqual({});
    expect(loadConfig("semantic-release-rust/binaries", binariesOptions, {}).config.sign).toBeUndefined();
  });

  it("refuses a key itself where a variable name belongs, unknown fields and bad URLs, naming the field", () => {
    const cases: [unknown, string][] = [
      [{ gpg: { keyEnv: "-----BEGIN PGP PRIVATE KEY BLOCK-----" } }, "sign.gpg.keyEnv"],
      [{ gpg: {} }, "sign.gpg.keyEnv"],
      [{ minisign: { keyEnv: "K", password: "hunter2" } }, "sign.minisign.password"],
      [{ sigstore: { rekorUrl: "rekor.example.com" } }, "sign.sigstore.rekorUrl"],
      [{ cosign: true }, "sign.cosign"],
      ["gpg", "sign"],
    ];
    for (const [sign, path] of cases) {
      const { errors } = load(sign);
      expect(errors.map((e) => [e.code, e.path])).toEqual([["EINVALIDSIGN", path]]);
    }
    expect(
      JSON.stringify(load({ gpg: { keyEnv: "-----BEGIN PGP PRIVATE KEY BLOCK-----" } }).errors[0]?.message),
    ).toContain("environment variable");
  });
});
