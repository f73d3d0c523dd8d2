import { link } from "./docs.js";

/** Errors of the signatures (`sign` option of `semantic-release-rust/binaries`). */
export const signErrors = {
  ESIGNKEYENV: (a: { method: string; option: string; variable: string; what: string }) => ({
    message: `The environment variable ${a.variable} (\`sign.${a.method}.${a.option}\`) is not set.`,
    details: `Signing with ${a.method} needs ${a.what} in \`${a.variable}\`, named by the [\`sign\`](${link("signatures")}) option. Set it as a secret of the release job (never on the command line), or remove \`sign.${a.method}\`.`,
  }),
  ESIGNTOOL: (a: { tool: string; error: string }) => ({
    message: `\`${a.tool}\` was not found or does not run.`,
    details: `The [\`sign\`](${link("signatures")}) option signs with the real \`${a.tool}\`, and running it failed: ${a.error}

Install it in the release job (Debian/Ubuntu: \`apt-get install ${a.tool === "gpg" ? "gnupg" : a.tool}\`; macOS: \`brew install ${a.tool === "gpg" ? "gnupg" : a.tool}\`).`,
  }),
  ESIGNKEY: (a: { method: string; variable: string; reason: string }) => ({
    message: `The ${a.method} signing key cannot be used (${a.variable}): ${a.reason}.`,
    details: `\`${a.variable}\` must hold ${a.method === "gpg" ? "an armored secret key (`gpg --armor --export-secret-keys KEYID`)" : "the text of a minisign secret key file (`minisign -G`)"}, and its passphrase variable the right passphrase. Nothing was signed.`,
  }),
  ESIGNFAILED: (a: { method: string; file: string; reason: string }) => ({
    message: `Signing ${a.file} with ${a.method} failed.`,
    details: `${a.reason}

Nothing was uploaded yet: fix the cause and run the release again (\`semantic-release-rust resume\` after the tag was pushed). Signatures already written that verify are kept.`,
  }),
  ENOOIDCTOKEN: (a: { missing: string[] }) => ({
    message: "Sigstore keyless signing needs the GitHub Actions OIDC token.",
    details: `\`sign.sigstore\` (see [signatures](${link("signatures")})) gets a short-lived certificate for the workflow's identity, but ${a.missing.map((m) => `\`${m}\``).join(" and ")} ${a.missing.length > 1 ? "are" : "is"} not set. Give the job \`permissions: id-token: write\` (GitHub Actions then sets both variables), or remove \`sign.sigstore\` when not releasing from GitHub Actions.`,
  }),
  ESIGSTORE: (a: { file: string; step: string; reason: string }) => ({
    message: `Sigstore signing of ${a.file} failed (${a.step}).`,
    details: `${a.reason}

Check that the Fulcio, Rekor and timestamp URLs of \`sign.sigstore\` are reachable from the job and that the job has \`permissions: id-token: write\`, then run the release again (\`semantic-release-rust resume\` after the tag was pushed).`,
  }),
} as const;
