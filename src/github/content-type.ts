const byExtension: Record<string, string> = {
  ".gz": "application/gzip",
  ".tgz": "application/gzip",
  ".xz": "application/x-xz",
  ".zst": "application/zstd",
  ".bz2": "application/x-bzip2",
  ".tar": "application/x-tar",
  ".zip": "application/zip",
  ".deb": "application/vnd.debian.binary-package",
  ".rpm": "application/x-rpm",
  ".msi": "application/x-msi",
  ".exe": "application/vnd.microsoft.portable-executable",
  ".dmg": "application/x-apple-diskimage",
  ".json": "application/json",
  ".sig": "application/pgp-signature",
  ".asc": "application/pgp-signature",
  ".minisig": "text/plain",
  ".pem": "application/x-pem-file",
  ".sha256": "text/plain",
  ".sha512": "text/plain",
  ".txt": "text/plain",
  ".md": "text/markdown",
};

/** The content type of an asset by its name's extension; checksum lists such as `SHA256SUMS` are text. */
export function contentType(name: string): string {
  const lower = name.toLowerCase();
  if (/(^|[._-])(sha\d*)?sums$/.test(lower)) return "text/plain";
  const ext = /\.[a-z0-9]+$/.exec(lower)?.[0] ?? "";
  return byExtension[ext] ?? "application/octet-stream";
}
