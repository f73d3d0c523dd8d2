#!/usr/bin/env node
// Runs before `npm test` and `npm run demo`: makes a fresh machine ready. Installs the npm dependencies when
// node_modules is missing or older than package-lock.json, and the system tools the release drives for real
// (Debian's rust toolchain with the arm64 cross target, qemu, an OCI registry, skopeo) through
// .ci/install-system.sh when they are missing and we may use apt. Idempotent; fast when everything is there.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const lock = join(root, "package-lock.json");
const stamp = join(root, "node_modules/.package-lock.json");

if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs) {
  // `npm ci`: exactly the committed lock, which stays unchanged.
  console.log("bootstrap: installing npm dependencies (npm ci from package-lock.json)");
  execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
}

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const missing = [
  "cargo",
  "git",
  "/usr/bin/cargo",
  "aarch64-linux-gnu-gcc",
  "qemu-aarch64-static",
  "docker-registry",
  "skopeo",
  "htpasswd",
  "zstd",
  "xz",
  "unzip",
  "bsdtar",
].filter((c) => (c.startsWith("/") ? !existsSync(c) : !has(c)));
if (missing.length > 0) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && has("apt-get")) {
    console.log(`bootstrap: installing system tools (${missing.join(", ")} missing)`);
    execFileSync("bash", [join(root, ".ci/install-system.sh")], { stdio: "inherit" });
  } else {
    console.warn(
      `bootstrap: missing ${missing.join(", ")}; run \`sudo bash .ci/install-system.sh\` (Debian/Ubuntu). ` +
        "Tests that need them will fail.",
    );
  }
}
