import { describe, expect, it } from "vitest";
import { notesDataOf, renderNotesSections } from "../../src/binaries/notes-sections.js";
import { formatOfFile } from "../../src/binaries/archive-settings.js";
import { renderInstallMd } from "../../src/binaries/install-docs.js";
import { exitCode } from "../../src/cli/verify.js";
import type { DistManifest } from "../../src/manifest/dist-manifest.js";
import {
  httpsRepositoryUrl,
  provenanceStatement,
  statementRepository,
} from "../../src/provenance/statement.js";
import { provenanceEnabled } from "../../src/provenance/write-provenance.js";
import { workflowMatches } from "../../src/sign/verify-sigstore.js";

const ARCHIVE = { name: "tool-v1.0.0-x86_64-unknown-linux-gnu.tar.gz", sha256: "a".repeat(64) };

describe("the provenance statement outside GitHub Actions", () => {
  it("names the repository from repositoryUrl, a local builder, no run and no workflow", () => {
    const s = provenanceStatement({
      archives: [{ ...ARCHIVE, target: "x86_64-unknown-linux-gnu" }],
      version: "1.0.0",
      gitTag: "v1.0.0",
      gitHead: "f".repeat(40),
      repositoryUrl: "git@github.com:acme/tool.git",
      env: {},
    });
    expect(s.subject).toEqual([{ name: ARCHIVE.name, digest: { sha256: ARCHIVE.sha256 } }]);
    expect(s.predicate.buildDefinition.externalParameters).toEqual({
      release: { version: "1.0.0", tag: "v1.0.0" },
      targets: ["x86_64-unknown-linux-gnu"],
    });
    expect(s.predicate.runDetails).toEqual({
      builder: { id: "https://github.com/semantic-release-rust/semantic-release-rust/provenance/v1#local" },
    });
    expect(statementRepository(s)).toBe("https://github.com/acme/tool");
    expect(JSON.stringify(s)).not.toMatch(/startedOn|finishedOn/);
  });

  it("normalizes repository URLs and is on by default only when something is signed", () => {
    expect(httpsRepositoryUrl("git+https://github.com/acme/tool.git")).toBe("https://github.com/acme/tool");
    expect(httpsRepositoryUrl("ssh://git@github.com/acme/tool.git")).toBe("https://github.com/acme/tool");
    expect(provenanceEnabled(undefined, {})).toBe(false);
    expect(provenanceEnabled(undefined, { gpg: {} })).toBe(true);
    expect(provenanceEnabled(false, { gpg: {} })).toBe(false);
    expect(provenanceEnabled(true, undefined)).toBe(true);
  });
});

describe("verify's identity and exit codes", () => {
  const subject = "https://github.com/acme/tool/.github/workflows/release-rust.yml@refs/tags/v1.0.0";
  it("matches a workflow by file name, path or URL, never another one", () => {
    expect(workflowMatches(subject, "release-rust.yml")).toBe(true);
    expect(workflowMatches(subject, ".github/workflows/release-rust.yml")).toBe(true);
    expect(workflowMatches(subject, "https://github.com/acme/tool/.github/workflows/release-rust.yml")).toBe(
      true,
    );
    expect(workflowMatches(subject, "release.yml")).toBe(false);
    expect(workflowMatches(subject, "https://github.com/evil/tool/.github/workflows/release-rust.yml")).toBe(
      false,
    );
  });

  it("exits with the code of the first failure kind in the order download, checksum, signature, identity, provenance", () => {
    const fail = (failure: "download" | "checksum" | "signature" | "identity" | "provenance") => ({
      status: "FAIL" as const,
      file: "f",
      check: "c",
      detail: "",
      failure,
    });
    const ok = { status: "OK" as const, file: "f", check: "c", detail: "" };
    expect(exitCode([])).toBe(1);
    expect(exitCode([ok, { ...ok, status: "SKIP" }])).toBe(0);
    expect(exitCode([fail("provenance"), fail("identity")])).toBe(5);
    expect(exitCode([fail("provenance"), fail("signature"), fail("checksum")])).toBe(3);
    expect(exitCode([fail("checksum"), fail("download")])).toBe(7);
    expect(exitCode([fail("provenance")])).toBe(6);
  });
});

describe("INSTALL.md and the release notes show the one-line verify command only when something is signed", () => {
  const doc = {
    fileName: ARCHIVE.name,
    topDir: "tool-v1.0.0",
    format: "tar.gz" as const,
    target: "x86_64-unknown-linux-gnu",
    binaries: ["tool"],
  };
  it("INSTALL.md", () => {
    expect(renderInstallMd(doc)).not.toContain("semantic-release-rust verify");
    expect(renderInstallMd({ ...doc, signed: true })).toContain(
      `npx semantic-release-rust verify ${ARCHIVE.name}`,
    );
    const win = {
      ...doc,
      fileName: "tool.zip",
      format: "zip" as const,
      target: "x86_64-pc-windows-msvc",
      binaries: ["tool.exe"],
    };
    expect(renderInstallMd({ ...win, signed: true })).toContain("npx semantic-release-rust verify tool.zip");
  });

  it("release notes' Verify section", () => {
    const manifest: DistManifest = {
      schemaVersion: 1,
      version: "1.0.0",
      artifacts: [
        {
          path: ARCHIVE.name,
          kind: "archive",
          target: "x86_64-unknown-linux-gnu",
          size: 10,
          sha256: ARCHIVE.sha256,
        },
        { path: "SHA256SUMS", kind: "checksums", size: 10, sha256: "b".repeat(64) },
      ],
    };
    const o = {
      downloadBase: "https://github.com/acme/tool/releases/download/v1.0.0",
      formatOf: formatOfFile,
    };
    const plain = renderNotesSections(notesDataOf(manifest, o), { sections: ["verify"] });
    expect(plain).not.toContain("semantic-release-rust verify");
    manifest.artifacts.push({
      path: "provenance.intoto.json",
      kind: "provenance",
      size: 10,
      sha256: "c".repeat(64),
    });
    const signed = renderNotesSections(notesDataOf(manifest, o), { sections: ["verify"] });
    expect(signed).toContain(`\`npx semantic-release-rust verify ${o.downloadBase}/${ARCHIVE.name}\``);
    expect(signed.split("\n").filter((l) => l.includes("semantic-release-rust verify"))).toHaveLength(1);
  });
});
