import { appendFile, mkdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { format } from "node:util";
import { bundlePlugins, readReleaseConfig, type ReleaseConfig } from "../config/release-config.js";
import { SemanticReleaseError } from "../errors/semantic-release-error.js";
import { planRelease, prefetchWorkspace, preloadPlan, type ReleasePlan } from "../plan/release-plan.js";
import { analyzePreview, warmUpAnalyzer, type Analysis } from "../preview/analyze.js";
import { startAnalyzerThread } from "../preview/analyzer-thread.js";
import { previewReport, type PreviewReport } from "../preview/report.js";
import type * as SizesModule from "../preview/sizes.js";
import { atomicWrite } from "../util/atomic-write.js";
import { parseArgs } from "./args.js";
import type { CliIo, Command } from "./command.js";

const NAME = "semantic-release-rust preview";
const USAGE = `usage: ${NAME} [--base BRANCH] [--title TITLE] [--json] [--build] [--comment] [--pr N] [--markdown-out FILE] [--cwd DIR] | ${NAME} --post FILE [--pr N]`;
const FLAGS = {
  cwd: "string",
  base: "string",
  title: "string",
  json: "boolean",
  build: "boolean",
  comment: "boolean",
  pr: "string",
  "markdown-out": "string",
  post: "string",
} as const;

/**
 * The sizes' module (with the HTTP client), imported once git and `cargo metadata` run rather than with this module,
 * so that its loading overlaps them. The comment's GitHub client, the markdown renderer and the host build are
 * imported only when they are used; each plugin's plan imports its own modules.
 */
type SizesLoading = Promise<typeof SizesModule>;

/** A wrong invocation: printed on stderr, exit code 2. */
class UsageError extends Error {}

interface Options {
  cwd: string;
  json: boolean;
  /** `--build`: build the host target for this branch's sizes and the size gate's verdict. */
  build: boolean;
  comment: boolean;
  base?: string;
  title?: string;
  pr?: string;
  /** `--markdown-out`, resolved. */
  out?: string;
  /** `--post`, resolved. */
  post?: string;
}

async function readOptions(args: string[], io: CliIo): Promise<Options> {
  const { values, positionals, error } = parseArgs(args, FLAGS);
  if (error) throw new UsageError(`${error} (${USAGE})`);
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]} (${USAGE})`);
  const v = values as Record<string, string | undefined> & {
    json?: boolean;
    comment?: boolean;
    build?: boolean;
  };
  const cwd = resolve(io.cwd, v.cwd ?? ".");
  const isDir = await stat(cwd).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UsageError(`${cwd} is not a folder`);
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(io.cwd, p));
  const given = { base: v.base, title: v.title, pr: v.pr, out: path(v["markdown-out"]), post: path(v.post) };
  const defined = Object.entries(given).filter(([, x]) => x !== undefined);
  const flags = { json: v.json === true, build: v.build === true, comment: v.comment === true };
  return { cwd, ...flags, ...Object.fromEntries(defined) };
}

/** The title of the squash commit: `--title`, else the pull request's title in `GITHUB_EVENT_PATH`. */
async function squashTitle(o: Options, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (o.title !== undefined || !env.GITHUB_EVENT_PATH) return o.title;
  const event = (await readFile(env.GITHUB_EVENT_PATH, "utf8").then(JSON.parse, () => undefined)) as
    { pull_request?: { title?: unknown } } | undefined;
  return typeof event?.pull_request?.title === "string" ? event.pull_request.title : undefined;
}

/** The plan at the next version, from the one `planRelease`; null when nothing is released or no plugin is ours. */
async function planOf(
  cwd: string,
  io: CliIo,
  rc: ReleaseConfig | undefined,
  a: Analysis,
): Promise<ReleasePlan | null> {
  const version = a.merge.nextRelease?.version;
  if (!version || !rc || bundlePlugins(rc).length === 0) return null;
  const log = (m: string, ...x: unknown[]) => io.stderr.write(`${[m, ...x].join(" ")}\n`);
  return planRelease({ cwd, env: io.env, rc, version, log });
}

/** The sizes and the size gate's verdict when the binaries plugin is listed (`--build`: of this branch too). */
async function sizesOf(
  o: Options,
  io: CliIo,
  rc: ReleaseConfig | undefined,
  a: Analysis,
  sizes: SizesLoading,
) {
  if (!rc) return undefined;
  const line = (m: string, ...x: unknown[]) => io.stderr.write(`${format(m, ...x)}\n`);
  const { previewSizes } = await sizes;
  return previewSizes({
    ...{ cwd: o.cwd, env: io.env, rc, build: o.build, stdout: io.stderr },
    lastTag: a.lastRelease?.gitTag,
    version: a.merge.nextRelease?.version,
    logger: { log: line, error: line },
  });
}

/** Posts the markdown as the sticky comment, or keeps it in `--markdown-out` when there is no token. */
async function comment(
  o: Options,
  io: CliIo,
  markdown: string,
  rc: ReleaseConfig | undefined,
): Promise<void> {
  const { commentTarget, githubToken, upsertComment } = await import("../preview/comment.js");
  const token = githubToken(io.env);
  if (!token) {
    io.stderr.write(
      o.out
        ? `${NAME}: no GITHUB_TOKEN or GH_TOKEN (a pull request from a fork?): the comment is not posted; the markdown is in ${o.out} for a workflow_run job to post with --post\n`
        : `${NAME}: no GITHUB_TOKEN or GH_TOKEN (a pull request from a fork?): the comment is not posted; pass --markdown-out FILE to keep it for a workflow_run job\n`,
    );
    return;
  }
  const repositoryUrl = typeof rc?.globals.repositoryUrl === "string" ? rc.globals.repositoryUrl : undefined;
  const target = await commentTarget(
    { ...(o.pr ? { pr: o.pr } : {}), ...(repositoryUrl ? { repositoryUrl } : {}) },
    io.env,
  );
  const done = await upsertComment(target, token, markdown, io.env).catch((e: unknown) => {
    // A fork's read-only token: the markdown is kept for the workflow_run job, the preview itself succeeded.
    if (!o.out || (e as { code?: unknown }).code !== "EPREVIEWCOMMENT") throw e;
    io.stderr.write(
      `${NAME}: ${(e as Error).message} The markdown is in ${o.out} for a workflow_run job to post with --post.\n`,
    );
    return undefined;
  });
  if (!done) return;
  io.stderr.write(
    `${NAME}: ${done.action} the preview comment on ${target.owner}/${target.repo}#${target.pr}${done.url ? ` (${done.url})` : ""}\n`,
  );
}

/** `--post FILE`: posts a preview made elsewhere (the fork workflow's artifact) as the sticky comment. */
async function post(o: Options & { post: string }, io: CliIo): Promise<number> {
  const markdown = await readFile(o.post, "utf8").catch(() => {
    throw new UsageError(`cannot read ${o.post}`);
  });
  const { githubToken } = await import("../preview/comment.js");
  if (!githubToken(io.env)) throw new UsageError("--post needs GITHUB_TOKEN or GH_TOKEN");
  await comment({ ...o, out: o.post }, io, markdown, await readReleaseConfig(o.cwd).catch(() => undefined));
  return 0;
}

/** The report as text or JSON on stdout, and the markdown where it is asked for (summary, file, comment). */
async function output(o: Options, io: CliIo, report: PreviewReport, rc: ReleaseConfig | undefined) {
  io.stdout.write(
    o.json ? `${JSON.stringify(report, null, 2)}\n` : (await import("../preview/text.js")).renderText(report),
  );
  if (!io.env.GITHUB_STEP_SUMMARY && !o.out && !o.comment) return;
  const markdown = (await import("../preview/markdown.js")).renderMarkdown(report);
  if (io.env.GITHUB_STEP_SUMMARY) await appendFile(io.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  if (o.out) {
    await mkdir(dirname(o.out), { recursive: true });
    await atomicWrite(o.out, markdown);
  }
  if (o.comment) await comment(o, io, markdown, rc);
}

async function preview(o: Options, io: CliIo): Promise<number> {
  startAnalyzerThread();
  const [rc, title] = await Promise.all([readReleaseConfig(o.cwd), squashTitle(o, io.env)]);
  // The child processes start first (cargo metadata, then git); the modules of the sizes and of the plan load
  // meanwhile, the analyzer in its own thread.
  const workspace = rc && prefetchWorkspace(o.cwd, io.env, rc);
  warmUpAnalyzer({ cwd: o.cwd, env: io.env, rc });
  let loading: SizesLoading | undefined;
  const sizes = (): SizesLoading => {
    loading ??= import("../preview/sizes.js");
    // Marked handled here; a failed import is thrown where the module is used.
    loading.catch(() => undefined);
    return loading;
  };
  // The modules of the sizes and of the plan load once the commits are read, while the analyzer works on them:
  // loaded earlier, they held up this thread's handling of the git answers.
  const preload = () => {
    sizes();
    if (rc) preloadPlan(o.cwd, io.env, rc);
  };
  const analysis = await analyzePreview({
    cwd: o.cwd,
    env: io.env,
    rc,
    log: (m: string) => io.stderr.write(`${m}\n`),
    ...(o.base ? { base: o.base } : {}),
    ...(title !== undefined ? { title } : {}),
    onCommits: preload,
  });
  preload();
  await workspace;
  const plan = await planOf(o.cwd, io, rc, analysis);
  const report = previewReport(analysis, plan, await sizesOf(o, io, rc, analysis, sizes()));
  await output(o, io, report, rc);
  const statuses = plan?.plugins.map((p) => p.status) ?? [];
  if (statuses.includes("misconfigured")) return 2;
  return statuses.includes("failed") || report.sizes?.verdict === "fail" ? 1 : 0;
}

/** `preview`: what merging this branch would release, computed as semantic-release would, changing nothing. */
export const previewCommand: Command = {
  async run(args, io) {
    try {
      const o = await readOptions(args, io);
      return o.post ? await post({ ...o, post: o.post }, io) : await preview(o, io);
    } catch (e) {
      if (e instanceof UsageError) {
        io.stderr.write(`${NAME}: ${e.message}\n`);
        return 2;
      }
      if (!(e instanceof SemanticReleaseError)) throw e;
      io.stderr.write(`${NAME}: ${e.code} ${e.message}\n${e.details ?? ""}\n`);
      return 1;
    }
  },
};
