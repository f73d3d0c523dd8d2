import { describe, expect, it } from "vitest";
import { imageSignOption } from "../../src/docker/attach-referrers.js";
import { dockerPreviewLines } from "../../src/docker/preview.js";
import { cosignStatement, simpleSigningPayload } from "../../src/oci/referrers-signature.js";
import { parseImageRef } from "../../src/sign/verify-image.js";
import { testContext } from "../helpers/context.js";

const DIGEST = `sha256:${"ab".repeat(32)}`;

describe("image signatures and their references", () => {
  it("verify --image takes name[:tag], name@digest, and oci:// or docker:// in front", () => {
    expect(parseImageRef("ghcr.io/acme/rgreet")).toEqual({
      name: "ghcr.io/acme/rgreet",
      reference: "latest",
    });
    expect(parseImageRef("127.0.0.1:5000/rgreet:1.2.0")).toEqual({
      name: "127.0.0.1:5000/rgreet",
      reference: "1.2.0",
    });
    expect(parseImageRef(`oci://ghcr.io/acme/rgreet@${DIGEST}`)).toEqual({
      name: "ghcr.io/acme/rgreet",
      reference: DIGEST,
    });
    expect(parseImageRef(`docker://rgreet:1.2.0@${DIGEST}`)).toEqual({ name: "rgreet", reference: DIGEST });
  });

  it("signs cosign 3's in-toto statement and cosign's simple-signing payload, naming the index digest", () => {
    expect(JSON.parse(cosignStatement("ghcr.io/acme/rgreet", DIGEST))).toEqual({
      _type: "https://in-toto.io/Statement/v1",
      subject: [{ name: "ghcr.io/acme/rgreet", digest: { sha256: "ab".repeat(32) } }],
      predicateType: "https://sigstore.dev/cosign/sign/v1",
      predicate: {},
    });
    expect(JSON.parse(simpleSigningPayload("ghcr.io/acme/rgreet", DIGEST))).toEqual({
      critical: {
        identity: { "docker-reference": "ghcr.io/acme/rgreet" },
        image: { "docker-manifest-digest": DIGEST },
        type: "cosign container image signature",
      },
      optional: null,
    });
  });

  it("images are signed with the `sign` option of semantic-release-rust/binaries unless the docker entry has its own", () => {
    const binaries = ["semantic-release-rust/binaries", { sign: { sigstore: true } }];
    const ctx = testContext("/tmp", { options: { plugins: [binaries, "semantic-release-rust/docker"] } });
    expect(imageSignOption({}, ctx)?.sigstore?.fulcioUrl).toBe("https://fulcio.sigstore.dev");
    expect(imageSignOption({ sign: { minisign: { keyEnv: "K" } } }, ctx)).toEqual({
      minisign: { keyEnv: "K" },
    });
    expect(imageSignOption({}, testContext("/tmp"))).toBeUndefined();
  });

  it("the plan says which signatures and SBOMs each pushed index gets", () => {
    const plan = {
      version: "1.2.0",
      builder: "oci" as const,
      builderReason: "set in the configuration",
      platforms: [{ platform: "linux/amd64", target: "x86_64-unknown-linux-musl" }],
      platformsFrom: "the `platforms` option",
      images: [{ name: "ghcr.io/acme/rgreet", insecure: false, tags: ["1.2.0"] }],
    };
    expect(dockerPreviewLines({ ...plan, signatures: ["gpg", "sigstore"] })).toContain(
      "  each pushed index gets its gpg, sigstore signatures and each platform's SBOM as OCI referrers",
    );
    expect(dockerPreviewLines(plan).join("\n")).not.toContain("referrers");
  });
});
