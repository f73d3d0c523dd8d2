import { fileDigest } from "../util/digest.js";

/** Lower-case hex SHA-256 of a file, read as a stream. */
export async function sha256File(path: string): Promise<string> {
  return (await fileDigest(path)).sha256;
}
