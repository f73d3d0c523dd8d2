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
  /** The host's archive name: `verify` is given its URL. */
  hostArchive: string;
  /** `host/name:tag` of the pushed image, when the demo has a registry. */
  image?: string;
  /** The registry's credentials (`DOCKER_USERNAME`/`DOCKER_PASSWORD`), as `verify --image` reads them. */
  registryEnv?: Record<string, string>;
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
  const keyArgs = ["--gpg-key", t.gpgPublicKey, "--minisign-key", t.minisignPublicKey];
  const keyShown = "--gpg-key release.pub.asc --minisign-key minisign.pub";
  const url = `${t.downloadBase}/${t.hostArchive}`;
  const verified = await cli(["verify", url, ...keyArgs]);
  out.push(
    `$ semantic-release-rust verify ${url} ${keyShown}`,
    indent(verified.text),
    `  (exit ${verified.code})`,
  );
  if (verified.code !== 0) throw new Error("verify failed on the released archive");
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
  out.push(...(await linuxPackages(dir, t)));
  if (t.image) {
    const image = await cli(["verify", "--image", t.image, ...keyArgs], t.registryEnv);
    out.push(`$ semantic-release-rust verify --image ${t.image} ${keyShown}`, indent(image.text));
    if (image.code !== 0) throw new Error(`verify --image failed on the pushed image:\n${image.text}`);
  }
  return out;
}

async function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; text: string }> {
  const r = await exec(process.execPath, [CLI, ...args], { reject: false, env: { ...process.env, ...env } });
  return { code: r.code, text: r.stderr + r.stdout };
}

/** The `.deb` unpacked into a temp root (its binary runs), the `.rpm` queried and its signature checked. */
async function linuxPackages(dir: string, t: UserTour): Promise<string[]> {
  const out: string[] = [];
  const deb = t.assets.find((a) => a.endsWith("_amd64.deb"));
  if (deb) {
    const root = join(t.home, "deb-root");
    const fields = await exec("dpkg-deb", [
      "-f",
      join(dir, deb),
      "Package",
      "Version",
      "Architecture",
      "Depends",
    ]);
    await exec("dpkg-deb", ["-x", join(dir, deb), root]);
    const version = await exec(join(root, "usr", "bin", t.bin), ["--version"]);
    out.push(`$ dpkg-deb -f ${deb} Package Version Architecture Depends`, indent(fields.stdout));
    out.push(`$ dpkg-deb -x ${deb} root && root/usr/bin/${t.bin} --version`, indent(version.stdout));
  }
  const rpm = t.assets.find((a) => a.endsWith(".x86_64.rpm"));
  if (rpm) {
    const db = join(t.home, "rpmdb");
    await mkdir(db, { recursive: true });
    await exec("rpm", ["--dbpath", db, "--import", t.gpgPublicKey]);
    const info = await exec("rpm", [
      "-qp",
      "--queryformat",
      "%{NAME} %{VERSION}-%{RELEASE} %{ARCH}\\n",
      join(dir, rpm),
    ]);
    const files = await exec("rpm", ["-qlp", join(dir, rpm)]);
    const checked = await exec("rpm", ["--dbpath", db, "-K", join(dir, rpm)], { reject: false });
    out.push(`$ rpm -qp ${rpm}`, indent(info.stdout), `$ rpm -qlp ${rpm}`, indent(files.stdout));
    out.push(`$ rpm --import release.pub.asc && rpm -K ${rpm}`, indent(checked.stdout + checked.stderr));
    if (checked.code !== 0) throw new Error("rpm -K failed");
    const root = join(t.home, "rpm-root");
    await exec("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", "--initdb"]);
    await exec("rpm", [
      "--root",
      root,
      "--dbpath",
      "/var/lib/rpm",
      "-i",
      "--nodeps",
      "--nosignature",
      join(dir, rpm),
    ]);
    const version = await exec(join(root, "usr", "bin", t.bin), ["--version"]);
    out.push(`$ rpm --root root -i ${rpm} && root/usr/bin/${t.bin} --version`, indent(version.stdout));
  }
  return out;
}
