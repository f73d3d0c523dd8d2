import { link } from "./docs.js";

const DOCKER_DRIVER_HINT = `

The \`buildx\` builder exports a multi-platform OCI layout, which buildx's default \`docker\` driver cannot write. Create a builder with the \`docker-container\` driver before the release (\`docker buildx create --use --driver docker-container\`, or \`docker/setup-buildx-action\` in GitHub Actions), turn on Docker's containerd image store, or use the \`oci\` [\`builder\`](${link("docker")}).`;

const list = (xs: readonly string[]): string => xs.map((x) => `\`${x}\``).join(", ");

/** Errors of `semantic-release-rust/docker`. */
export const dockerErrors = {
  ENODOCKERIMAGES: () => ({
    message: "No image to push.",
    details: `Set the [\`images\`](${link("docker")}) option of \`semantic-release-rust/docker\` to the image names to push, such as \`["ghcr.io/owner/app", "docker.io/user/app"]\`.`,
  }),
  EDOCKERIMAGENAME: (a: { name: string }) => ({
    message: `\`${a.name}\` is not a valid image name.`,
    details: `Image names are \`[registry/]repository\` in lower case, without tag or digest: \`ghcr.io/owner/app\`, \`user/app\` (Docker Hub), \`127.0.0.1:5000/app\`. Tags come from the [\`tags\`](${link("docker")}) option.`,
  }),
  EDOCKERTAG: (a: {
    template: string;
    tag: string;
    reason?: string;
    version?: string;
    channel?: string | null;
  }) => ({
    message: `The tag template ${JSON.stringify(a.template)} gives ${JSON.stringify(a.tag)}, which is not a valid tag${a.reason ? `: ${a.reason}` : ""}.`,
    details: `Tags are at most 128 characters of letters, digits, \`_\`, \`.\` and \`-\`, not starting with \`.\` or \`-\`${a.version === undefined ? "" : ` (rendered here for version \`${a.version}\` on ${a.channel ? `the channel \`${a.channel}\`` : "the main channel"})`}. Known placeholders of the [\`tags\`/\`channelTags\`](${link("docker")}) options: \`{version}\`, \`{major}\`, \`{minor}\`, \`{patch}\`, \`{channel}\`, \`{revision}\`.`,
  }),
  EDOCKERBUILDARG: (a: { name: string; value: string; placeholders: string }) => ({
    message: `The build arg \`${a.name}\` uses an unknown placeholder: ${a.placeholders}.`,
    details: `Values of the [\`buildArgs\`](${link("docker")}) option may use the tag placeholders \`{version}\`, \`{major}\`, \`{minor}\`, \`{patch}\`, \`{channel}\`, \`{revision}\`; \`VERSION\`, \`REVISION\` and \`CREATED\` are always passed. Your value is ${JSON.stringify(a.value)}.`,
  }),
  ENODOCKERCREDENTIALS: (a: { registry: string; env: string[] }) => ({
    message: `No credentials for ${a.registry}.`,
    details: `The registry \`${a.registry}\` asks for authentication. Set ${list(a.env)} in the environment of semantic-release, or name your own variables for it in the [\`credentials\`](${link("docker")}) option.`,
  }),
  EDOCKERAUTH: (a: { registry: string; env: string[]; detail: string }) => ({
    message: `${a.registry} refused the credentials.`,
    details: `The auth handshake with \`${a.registry}\` failed: ${a.detail}. Check ${list(a.env)}: the account must be allowed to push the images.`,
  }),
  EDOCKERUNREACHABLE: (a: { registry: string; detail: string }) => ({
    message: `Cannot reach the registry ${a.registry}.`,
    details: `${a.detail}. Check the image names in the [\`images\`](${link("docker")}) option; registries that speak plain HTTP go in [\`insecureRegistries\`](${link("docker")}).`,
  }),
  EDOCKERPLATFORM: (a: { value: string }) => ({
    message: `Unknown platform \`${a.value}\`.`,
    details: `The [\`platforms\`](${link("docker")}) option takes \`os/arch[/variant]\` (\`linux/amd64\`, \`linux/arm/v7\`) or linux Rust target triples (\`aarch64-unknown-linux-gnu\`).`,
  }),
  ENODOCKERBINARIES: (a: { platforms: string[]; path: string }) => ({
    message: `No binary for ${a.platforms.join(", ")} in ${a.path}.`,
    details: `The \`oci\` builder puts the binaries that \`semantic-release-rust/binaries\` built into the images. List that plugin before \`semantic-release-rust/docker\` and build the linux targets of these platforms, or use the \`buildx\` [\`builder\`](${link("docker")}) with a Dockerfile.`,
  }),
  EDOCKERBINARY: (a: { name: string; known: string[] }) => ({
    message: `No binary \`${a.name}\` in the dist manifest.`,
    details: `The [\`binary\`](${link("docker")}) option names the image's entrypoint. Binaries built: ${list(a.known)}.`,
  }),
  EDOCKERBASEIMAGE: (a: { image: string; platform: string; detail: string }) => ({
    message: `Cannot pull the base image ${a.image} for ${a.platform}.`,
    details: `${a.detail}. The [\`baseImage\`](${link("docker")}) must exist for every platform; use \`scratch\` for static binaries.`,
  }),
  ENOBUILDX: (a: { error: string }) => ({
    message: "`docker buildx` is not available.",
    details: `The \`buildx\` builder runs \`docker buildx build\`, which failed: ${a.error}. Install Docker with the buildx plugin, or use the \`oci\` [\`builder\`](${link("docker")}), which needs no daemon.`,
  }),
  ENODOCKERFILE: (a: { path: string }) => ({
    message: `No Dockerfile at ${a.path}.`,
    details: `The \`buildx\` builder builds \`${a.path}\`. Create it, set the [\`dockerfile\`](${link("docker")}) option, or use the \`oci\` builder.`,
  }),
  EDOCKERLOGIN: (a: { registry: string; env: string[]; output: string }) => ({
    message: `\`docker login ${a.registry}\` failed.`,
    details: `The \`buildx\` builder logs in to the registries of the [\`images\`](${link("docker")}) (password on stdin) so that the build can pull private base images. Docker answered: ${a.output.trim().split("\n").slice(-3).join(" ") || "nothing"}. Check ${list(a.env)} and that the Docker daemon is running.`,
  }),
  EDOCKERBUILD: (a: { command: string; output: string }) => ({
    message: "The image build failed.",
    details: `\`${a.command}\` failed:

\`\`\`
${a.output.trim().split("\n").slice(-20).join("\n")}
\`\`\`

Fix the [\`dockerfile\`](${link("docker")}) or the build it describes and release again: the build runs in prepare, so nothing was pushed and no tag was made.${/exporter is not supported for the docker driver/i.test(a.output) ? DOCKER_DRIVER_HINT : ""}`,
  }),
  ENODOCKERLAYOUT: (a: { path: string }) => ({
    message: `No image to push in ${a.path}.`,
    details:
      "Publish pushes the images that prepare built into this OCI layout. Run the release with the prepare step (not only publish), and keep the dist folder between steps.",
  }),
  EDOCKERPUSH: (a: { image: string; detail: string }) => ({
    message: `Pushing ${a.image} failed.`,
    details: `${a.detail}. The push is safe to repeat: blobs and tags already in the registry are not sent again.`,
  }),
  EDOCKERNOTFOUND: (a: { image: string }) => ({
    message: `${a.image} is not in the registry.`,
    details:
      "Adding a channel re-tags the image published with the release. Publish the release first; the image must keep its version tag.",
  }),
  EDOCKERVARIANTBUILDX: (a: { suffixes: string[] }) => ({
    message: `The image variants ${list(a.suffixes)} need the \`oci\` builder.`,
    details: `Variants are assembled from the release binaries by the \`oci\` [\`builder\`](${link("docker")}), each on its own \`baseImage\`. With \`buildx\`, build the variant's Dockerfile in a second \`semantic-release-rust/docker\` entry whose \`tags\` carry the suffix (\`["{version}-alpine", "alpine"]\`), or let every platform's binary come from \`semantic-release-rust/binaries\` so that the \`oci\` builder is chosen.`,
  }),
  EDOCKERVARIANTTAG: (a: { tag: string; suffixes: string[] }) => ({
    message: `Two images would get the tag \`${a.tag}\`: ${a.suffixes.join(" and ")}.`,
    details: `Each [\`variants\`](${link("docker")}) entry gets every tag with its suffix, and \`latest\` becomes the suffix's name alone, so that name must not be a tag of another image (\`latest\`, a version number, a channel). Rename the suffix, such as \`-alpine\`.`,
  }),
  EDOCKERREFERRER: (a: { image: string; detail: string }) => ({
    message: `Attaching the signatures and SBOMs to ${a.image} failed.`,
    details: `${a.detail}. The image itself is pushed. Attaching is safe to repeat (\`semantic-release-rust resume\`): signatures already attached are kept, SBOMs are the same bytes, and the \`sha256-<digest>\` tag of registries without the referrers API gets each referrer once.`,
  }),
} as const;
