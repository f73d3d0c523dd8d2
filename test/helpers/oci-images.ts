import { assembleImage } from "../../src/oci/image.js";

/** A one-binary image for `architecture` (linux), assembled as the oci builder does: the registry tests' fixture. */
export function tinyImage(
  architecture: string,
  name = "app",
  data = "#!/bin/true\n",
): { image: ReturnType<typeof assembleImage> } {
  const image = assembleImage({
    platform: { os: "linux", architecture },
    binaries: [{ name, data: Buffer.from(data) }],
    entrypoint: name,
    binDir: "/usr/local/bin",
    user: "65532",
    created: "2024-01-01T00:00:00Z",
    labels: {},
  });
  return { image };
}
