import { createReadStream } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { getError } from "../errors/get-error.js";
import { exec, spawnFilter } from "../util/exec.js";
import type { GpgSignOption } from "../config/options/sign.js";
import type { CheckResult, Signer } from "./method.js";
import { lastLines, openPrivateDir } from "./private-dir.js";

/** A temporary `GNUPGHOME` holding one imported key. */
export interface GpgHome {
  dir: string;
  env: NodeJS.ProcessEnv;
}

const gpgArgs = (home: GpgHome, ...args: string[]): string[] => [
  "--batch",
  "--no-tty",
  `--homedir=${home.dir}`,
  ...args,
];

/** A temporary gpg home being made ready: the key imported into it, and its removal. */
export interface GpgSession {
  /** The home once the key is imported; rejects with `ESIGNKEY` for a key gpg refuses. */
  home: Promise<GpgHome>;
  /** Stops the home's gpg-agent and removes the folder, once `home` has settled. */
  close(): Promise<void>;
}

/**
 * The temporary home's agent: the cheapest re-protection of the imported key, and the unlocked key kept for a day
 * (the signatures come after the build, however long it takes; the home is removed right after them), and no
 * smartcard daemon (the key is in the folder: without this, the first signature starts `scdaemon` to look for a card).
 */
const AGENT_CONF = "s2k-count 65536\ndefault-cache-ttl 86400\nmax-cache-ttl 86400\ndisable-scdaemon\n";

/**
 * Starts importing `key` (armored, given on stdin, never argv) into a new `GNUPGHOME` of mode 700, without
 * waiting: the gpg-agent starts meanwhile. The agent re-protects the key in that folder with the cheapest
 * passphrase derivation: its own calibrated one costs seconds per signature on a busy runner, and protects
 * nothing here (the key is in the environment; the folder lives only while signing).
 */
export function openGpgHome(key: string, o: { env: NodeJS.ProcessEnv; variable: string }): GpgSession {
  const opened = openPrivateDir(o.env, "srr-gnupg-");
  const home = opened.then(async ({ dir }) => {
    const home = { dir, env: { ...o.env, GNUPGHOME: dir } };
    await writeFile(join(dir, "gpg-agent.conf"), AGENT_CONF, { mode: 0o600 });
    const imported = await exec("gpg", gpgArgs(home, "--import"), {
      input: key,
      env: home.env,
      reject: false,
    });
    if (imported.code !== 0 || !/imported: [1-9]/.test(imported.stderr)) {
      throw getError("ESIGNKEY", {
        method: "gpg",
        variable: o.variable,
        reason: lastLines(imported.stderr, 2),
      });
    }
    return home;
  });
  home.catch(() => undefined); // awaited by the signer; a release that fails earlier only closes
  const close = async () => {
    const folder = await opened.catch(() => undefined);
    if (!folder) return;
    await home.catch(() => undefined);
    if (!(await killAgent(folder.dir))) {
      await exec("gpgconf", [`--homedir=${folder.dir}`, "--kill", "gpg-agent"], {
        env: { ...o.env, GNUPGHOME: folder.dir },
        reject: false,
      }).catch(() => undefined);
    }
    await folder.remove();
  };
  return { home, close };
}

/**
 * Tells the gpg-agent of the home `dir` to exit, through its socket in that folder: `KILLAGENT`, what `gpgconf
 * --kill gpg-agent` sends, without starting a program at the end of the release. False when no agent answered
 * there (none started, or its socket lives elsewhere, as under `/run/user`): then `gpgconf` does it.
 */
function killAgent(dir: string): Promise<boolean> {
  return new Promise((resolve) => {
    let sent = false;
    const socket = connect(join(dir, "S.gpg-agent"));
    socket.setEncoding("utf8");
    socket.setTimeout(2000, () => socket.destroy());
    socket.on("data", (text: string) => {
      if (!sent && /^OK/m.test(text)) {
        sent = true;
        socket.write("KILLAGENT\n");
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(sent));
  });
}

/** Runs `fn` in a gpg home holding `key` (`openGpgHome`), then stops its agent and removes it. */
export async function withGpgHome<T>(
  key: string,
  o: { env: NodeJS.ProcessEnv; variable: string },
  fn: (home: GpgHome) => Promise<T>,
): Promise<T> {
  const session = openGpgHome(key, o);
  try {
    return await fn(await session.home);
  } finally {
    await session.close();
  }
}

/** Numbers the scratch files of the private home, so that files can be signed and checked side by side. */
let scratch = 0;

/** `gpg --verify` of a detached signature in `home`: good only when made by a key of that home for these bytes. */
export async function gpgVerify(home: GpgHome, file: string, signature: Buffer): Promise<CheckResult> {
  const sig = join(home.dir, `check-${++scratch}.asc`);
  await writeFile(sig, signature, { mode: 0o600 });
  const r = await exec("gpg", gpgArgs(home, "--status-fd=1", "--verify", "--", sig, file), {
    env: home.env,
    reject: false,
  });
  const valid = /^\[GNUPG:\] VALIDSIG ([0-9A-F]+)/m.exec(r.stdout);
  const who = /^\[GNUPG:\] GOODSIG [0-9A-F]+ (.*)$/m.exec(r.stdout)?.[1];
  return r.code === 0 && valid
    ? { ok: true, detail: `good signature from ${who ?? "?"} (${valid[1]})` }
    : { ok: false, detail: `bad signature (${lastLines(r.stderr, 1)})` };
}

/** A `gpg --detach-sign` already running, waiting on its stdin for the bytes to sign. */
interface StartedSign {
  child: ReturnType<typeof spawnFilter>;
  out: string;
  done: Promise<{ code: number; stderr: string }>;
}

/**
 * Starts a `gpg --detach-sign` of its stdin in `home`, without a passphrase: for a key the agent has unlocked (and
 * caches, `default-cache-ttl`). It reads its keyring and reaches the agent now, then waits for the bytes.
 */
function startSign(home: GpgHome): StartedSign {
  const out = join(home.dir, `signature-${++scratch}.asc`);
  const args = gpgArgs(
    home,
    "--pinentry-mode=loopback",
    "--yes",
    "--armor",
    "--detach-sign",
    `--output=${out}`,
  );
  const child = spawnFilter("gpg", args, { env: home.env });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  child.stdout.resume();
  child.stdin.on("error", () => undefined); // a gpg that failed early closes its stdin: its exit status tells
  const done = new Promise<{ code: number; stderr: string }>((resolve) => {
    child.on("error", (e) => resolve({ code: 127, stderr: e.message }));
    child.on("close", (code) => resolve({ code: code ?? 1, stderr }));
  });
  return { child, out, done };
}

/** A gpg signer that can start its gpg processes ahead of the files (`prestart`) and stop the unused ones. */
export interface GpgSigner extends Signer {
  /** Starts `count` gpg processes that wait for a file's bytes (only once the agent has the key unlocked). */
  prestart(count: number): void;
  /** Stops the started processes no file used. */
  release(): Promise<void>;
}

/** A gpg signer for `sign.gpg`: the key from its variable, the passphrase through `--passphrase-fd 0`. */
export function gpgSigner(home: GpgHome, option: GpgSignOption): GpgSigner {
  const passphrase = option.passphraseEnv ? (home.env[option.passphraseEnv] ?? "") : undefined;
  const ready: StartedSign[] = [];
  return {
    method: "gpg",
    async sign(file) {
      const started = ready.shift();
      if (started) {
        await pipeline(createReadStream(file), started.child.stdin).catch(() => undefined);
        // One that failed (the agent forgot the passphrase) gives way to a signature made the usual way.
        if ((await started.done).code === 0) return readFile(started.out);
      }
      const out = join(home.dir, `signature-${++scratch}.asc`);
      const loopback = passphrase === undefined ? [] : ["--pinentry-mode=loopback", "--passphrase-fd=0"];
      const r = await exec(
        "gpg",
        gpgArgs(home, ...loopback, "--yes", "--armor", "--detach-sign", `--output=${out}`, "--", file),
        { env: home.env, reject: false, ...(passphrase === undefined ? {} : { input: `${passphrase}\n` }) },
      );
      if (r.code !== 0 && /passphrase/i.test(r.stderr)) {
        const reason = "wrong passphrase";
        throw getError("ESIGNKEY", {
          method: "gpg",
          variable: option.passphraseEnv ?? option.keyEnv,
          reason,
        });
      }
      if (r.code !== 0) throw getError("ESIGNFAILED", { method: "gpg", file, reason: lastLines(r.stderr) });
      return readFile(out);
    },
    async verify(file, signature) {
      return (await gpgVerify(home, file, signature)).ok;
    },
    prestart(count) {
      for (let i = 0; i < count; i++) ready.push(startSign(home));
    },
    async release() {
      const unused = ready.splice(0);
      for (const s of unused) s.child.kill();
      await Promise.all(unused.map((s) => s.done));
    },
  };
}
