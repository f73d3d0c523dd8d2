#!/usr/bin/env bash
# Installs the system tools the test suite drives for real (idempotent; see shared/TEST-INFRA.md):
# Debian's rust toolchain with the arm64 std + cross linker, qemu for running arm64 binaries,
# a real OCI registry, skopeo and htpasswd, gnupg and minisign for signatures, osslsigncode and mingw for
# Authenticode tests, rpm and lintian for checking packages.
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  dpkg --add-architecture arm64
fi
for p in rustc-web cargo-web libstd-rust-web-dev:arm64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross \
         qemu-user-static docker-registry docker.io skopeo apache2-utils zstd xz-utils unzip zip file libarchive-tools pigz \
         gnupg minisign osslsigncode gcc-mingw-w64-x86-64 rpm lintian \
         shellcheck ruby; do
  have "$p" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "system tools ready"
