/**
 * The demo's last part: the released files as someone who downloads them sees them. Everything runs against the
 * GitHub stand-in's download URLs, in a temp home folder.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exec } from "../src/util/exec.js";

const CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

export interface UserTour {
  /** `{web}/{owner}/{repo}/releases/download/{tag}`: where the release's assets are served. */
  downloadBase: string;
  /** Every asset name of the release. */
  assets: string[];
  /** A temp folder standing for the user's home. */
  home: string;
  /** The binary's name, for `install.sh` and `--version`. */
  bin: string;
  /** Public keys the user got from the project's README: `verify` checks the signatures with them. */
  gpgPublicKey: string;
  minisignPublicKey: string;
}

const indent = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");

async function download(url: string, path: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  await writeFile(path, Buffer.from(await res.arrayBuffer()));
}

/** Downloads every asset, runs `semantic-release-rust verify` on them, then installs with `install.sh`. */
export async function userTour(t: UserTour): Promise<string[]> {
  const out: string[] = [];
  const dir = join(t.home, "Downloads");
  await mkdir(dir, { recursive: true });
  for (const name of t.assets)
    await download(`${t.downloadBase}/${encodeURIComponent(name)}`, join(dir, name));
  const verifyArgs = [
    "verify",
    "--dir",
    dir,
    "--gpg-key",
    t.gpgPublicKey,
    "--minisign-key",
    t.minisignPublicKey,
  ];
  const verified = await exec(process.execPath, [CLI, ...verifyArgs], { reject: false });
  out.push(
    `$ semantic-release-rust verify --dir ~/Downloads --gpg-key release.pub.asc --minisign-key minisign.pub`,
  );
  out.push(indent(verified.stdout + verified.stderr), `  (exit ${verified.code})`);
  if (verified.code !== 0) throw new Error("verify failed on the released files");
  const sums = await exec("sha256sum", ["-c", "--ignore-missing", "SHA256SUMS"], { cwd: dir, reject: false });
  out.push("$ sha256sum -c --ignore-missing SHA256SUMS", indent(sums.stdout + sums.stderr));
  if (sums.code !== 0) throw new Error("sha256sum -c failed on the released files");
  if (t.assets.includes("install.sh")) {
    const env = { ...process.env, HOME: t.home };
    const bin = join(t.home, ".local", "bin");
    const installed = await exec("sh", [join(dir, "install.sh")], { cwd: t.home, env, reject: false });
    out.push(`$ curl -fsSL ${t.downloadBase}/install.sh | sh`, indent(installed.stdout + installed.stderr));
    if (installed.code !== 0) throw new Error("install.sh failed");
    const version = await exec(join(bin, t.bin), ["--version"], { env });
    out.push(`$ ~/.local/bin/${t.bin} --version`, indent(version.stdout));
  }
  return out;
}
