import { link } from "./docs.js";

/** What a bad option value is reported with (built by `loadConfig` from the schema's `OptionProblem`). */
export interface InvalidOptionArgs {
  /** The plugin whose configuration has the value (`semantic-release-rust/binaries`). */
  plugin: string;
  /** Where the bad value is: `targets[2].builder`, or the option's name when the whole value is wrong. */
  path: string;
  /** What the option takes, as a whole. */
  optionExpected: string;
  /** What was expected at `path`. */
  expected: string;
  /** The bad value at `path`. */
  value: unknown;
}

/** The entry of one option: its name is fixed, the rest comes from the schema and the configuration. */
const invalidOption = (name: string) => (a: InvalidOptionArgs) => {
  const where = a.path === name ? `\`${name}\` option` : `\`${a.path}\` in the \`${name}\` option`;
  const at = a.path === name ? "" : ` at \`${a.path}\``;
  return {
    message: `Invalid ${where}: expected ${a.expected}.`,
    details: `The [\`${name}\`](${link("options")}) option of \`${a.plugin}\` must be ${a.optionExpected}. Your configuration has \`${JSON.stringify(a.value)}\`${at}. ${a.path === name ? "Set it to" : `Write at \`${a.path}\``} ${a.expected}, or leave the option out for its default.`,
  };
};

/**
 * One code per option name, written out so every code can be found with grep; each schema option names its
 * code (`code: "EINVALIDTARGETS"`) and a unit test checks that the two lists match.
 */
export const optionErrors = {
  EINVALIDALLOWDIRTY: invalidOption("allowDirty"),
  EINVALIDARCHIVEFORMAT: invalidOption("archiveFormat"),
  EINVALIDARCHIVENAME: invalidOption("archiveName"),
  EINVALIDASSETLABEL: invalidOption("assetLabel"),
  EINVALIDASSETS: invalidOption("assets"),
  EINVALIDBASEIMAGE: invalidOption("baseImage"),
  EINVALIDBINDIR: invalidOption("binDir"),
  EINVALIDBINARY: invalidOption("binary"),
  EINVALIDBINS: invalidOption("bins"),
  EINVALIDBUILDARGS: invalidOption("buildArgs"),
  EINVALIDBUILDCONCURRENCY: invalidOption("buildConcurrency"),
  EINVALIDBUILDER: invalidOption("builder"),
  EINVALIDCHANGELOGFILE: invalidOption("changelogFile"),
  EINVALIDCHANNELTAGS: invalidOption("channelTags"),
  EINVALIDCOMPRESSIONLEVEL: invalidOption("compressionLevel"),
  EINVALIDCONCURRENCY: invalidOption("concurrency"),
  EINVALIDCONTEXT: invalidOption("context"),
  EINVALIDCRATES: invalidOption("crates"),
  EINVALIDCREDENTIALS: invalidOption("credentials"),
  EINVALIDDESCRIPTION: invalidOption("description"),
  EINVALIDDISTDIR: invalidOption("distDir"),
  EINVALIDDOWNLOADURL: invalidOption("downloadUrl"),
  EINVALIDDOCKERFILE: invalidOption("dockerfile"),
  EINVALIDDRAFTRELEASE: invalidOption("draftRelease"),
  EINVALIDFEATURES: invalidOption("features"),
  EINVALIDGITHUBAPIPATHPREFIX: invalidOption("githubApiPathPrefix"),
  EINVALIDGITHUBAPIURL: invalidOption("githubApiUrl"),
  EINVALIDGITHUBURL: invalidOption("githubUrl"),
  EINVALIDIMAGES: invalidOption("images"),
  EINVALIDINCLUDE: invalidOption("include"),
  EINVALIDINCLUDEDEFAULTS: invalidOption("includeDefaults"),
  EINVALIDINCLUDEGENERATED: invalidOption("includeGenerated"),
  EINVALIDINDEXTIMEOUT: invalidOption("indexTimeout"),
  EINVALIDINSTALLERS: invalidOption("installers"),
  EINVALIDINSECUREREGISTRIES: invalidOption("insecureRegistries"),
  EINVALIDLICENSES: invalidOption("licenses"),
  EINVALIDLOCKED: invalidOption("locked"),
  EINVALIDMANIFESTPATH: invalidOption("manifestPath"),
  EINVALIDMAXCRATESIZE: invalidOption("maxCrateSize"),
  EINVALIDMAXSIZE: invalidOption("maxSize"),
  EINVALIDMAXSIZEINCREASE: invalidOption("maxSizeIncrease"),
  EINVALIDMINISIGNPUBLICKEY: invalidOption("minisignPublicKey"),
  EINVALIDNAME: invalidOption("name"),
  EINVALIDNOTES: invalidOption("notes"),
  EINVALIDNOTESINGENERATENOTES: invalidOption("notesInGenerateNotes"),
  EINVALIDNOVERIFY: invalidOption("noVerify"),
  EINVALIDPACKAGES: invalidOption("packages"),
  EINVALIDPLACEHOLDERVERSION: invalidOption("placeholderVersion"),
  EINVALIDPLATFORMS: invalidOption("platforms"),
  EINVALIDPREBUILT: invalidOption("prebuilt"),
  EINVALIDPROFILE: invalidOption("profile"),
  EINVALIDPROVENANCE: invalidOption("provenance"),
  EINVALIDRATELIMITRETRIES: invalidOption("rateLimitRetries"),
  EINVALIDREGISTRY: invalidOption("registry"),
  EINVALIDREPLACEASSETS: invalidOption("replaceAssets"),
  EINVALIDREQUIREDRAFTRELEASE: invalidOption("requireDraftRelease"),
  EINVALIDREQUIREDMETADATA: invalidOption("requiredMetadata"),
  EINVALIDRETRIES: invalidOption("retries"),
  EINVALIDRUSTRELEASE: invalidOption("rustRelease"),
  EINVALIDSBOM: invalidOption("sbom"),
  EINVALIDSIGN: invalidOption("sign"),
  EINVALIDSMOKETEST: invalidOption("smokeTest"),
  EINVALIDSNAPSHOTTARGETS: invalidOption("snapshotTargets"),
  EINVALIDTAGS: invalidOption("tags"),
  EINVALIDTAP: invalidOption("tap"),
  EINVALIDTARGETS: invalidOption("targets"),
  EINVALIDUPDATELOCKFILE: invalidOption("updateLockfile"),
  EINVALIDUSER: invalidOption("user"),
  EINVALIDVARIANTS: invalidOption("variants"),
  EINVALIDCODESIGN: invalidOption("codesign"),
  EINVALIDSCOOP: invalidOption("scoop"),
  EINVALIDWINGET: invalidOption("winget"),
  EINVALIDCHOCOLATEY: invalidOption("chocolatey"),
  EINVALIDLINUXPACKAGES: invalidOption("linuxPackages"),
  EINVALIDATTESTATIONS: invalidOption("attestations"),
} as const;

export type OptionErrorCode = keyof typeof optionErrors;
