/** The in-toto Statement v1 with an SLSA v1 provenance predicate that a release ships beside its archives. */

export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
export const SLSA_PROVENANCE_V1 = "https://slsa.dev/provenance/v1";
/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";
/** Our build type: what `externalParameters` and `internalParameters` below mean. */
export const BUILD_TYPE = "https://github.com/semantic-release-rust/semantic-release-rust/provenance/v1";
/** The file name of the statement in dist/ and among the release assets (one per release, like `SHA256SUMS`). */
export const PROVENANCE_FILE = "provenance.intoto.json";

/** One file the statement is about: its name and sha256. */
export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface ProvenanceStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Subject[];
  predicateType: typeof SLSA_PROVENANCE_V1;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: {
        workflow?: { ref: string; repository: string; path: string };
        release: { version: string; tag: string };
        targets: string[];
      };
      internalParameters?: Record<string, string>;
      resolvedDependencies: { uri: string; digest: { gitCommit: string } }[];
    };
    runDetails: {
      builder: { id: string };
      metadata?: { invocationId?: string; startedOn?: string };
    };
  };
}

/** What the statement is made of: the archives and the release, and the job's environment. */
export interface ProvenanceInput {
  archives: { name: string; sha256: string; target?: string }[];
  version: string;
  gitTag: string;
  gitHead: string;
  /** The releasing repository's URL (the release config's `repositoryUrl`), used outside GitHub Actions. */
  repositoryUrl?: string;
  env: NodeJS.ProcessEnv;
}

/** `https://github.com/o/r` from a git URL (`git+https://…/o/r.git`, `git@github.com:o/r.git`). */
export function httpsRepositoryUrl(url: string): string {
  const scp = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(url);
  const https = scp ? `https://${scp[1]}/${scp[2]}` : url.replace(/^git\+/, "");
  return https.replace(/\.git$/, "").replace(/\/$/, "");
}

/** `owner/repo/.github/workflows/release.yml@refs/heads/main` split into its repository, path and ref. */
export function parseWorkflowRef(ref: string | undefined) {
  const m = /^([^/]+\/[^/]+)\/(.+)@(.+)$/.exec(ref ?? "");
  return m ? { repository: m[1]!, path: m[2]!, ref: m[3]! } : undefined;
}

/** The GitHub Actions variables recorded as internal parameters (those that are set). */
const INTERNAL_ENV = {
  event_name: "GITHUB_EVENT_NAME",
  repository_id: "GITHUB_REPOSITORY_ID",
  repository_owner_id: "GITHUB_REPOSITORY_OWNER_ID",
  runner_environment: "RUNNER_ENVIRONMENT",
  sha: "GITHUB_SHA",
} as const;

function internalParameters(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  const entries = Object.entries(INTERNAL_ENV).flatMap(([k, v]) => (env[v] ? [[k, env[v]!] as const] : []));
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** The workflow run (`…/actions/runs/{id}/attempts/{n}`), when in GitHub Actions. */
function invocationId(env: NodeJS.ProcessEnv, server: string): string | undefined {
  if (!env.GITHUB_RUN_ID || !env.GITHUB_REPOSITORY) return undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT ? `/attempts/${env.GITHUB_RUN_ATTEMPT}` : "";
  return `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}${attempt}`;
}

/**
 * The statement for a release: every archive as a subject, the source commit, the workflow that ran (from
 * `GITHUB_WORKFLOW_REF`) as builder. Pure and without clock: the same inputs give the same bytes.
 */
export function provenanceStatement(i: ProvenanceInput): ProvenanceStatement {
  const server = (i.env.GITHUB_SERVER_URL || "https://github.com").replace(/\/$/, "");
  const workflow = parseWorkflowRef(i.env.GITHUB_WORKFLOW_REF);
  const repository = i.env.GITHUB_REPOSITORY
    ? `${server}/${i.env.GITHUB_REPOSITORY}`
    : i.repositoryUrl && httpsRepositoryUrl(i.repositoryUrl);
  const internal = internalParameters(i.env);
  const invocation = invocationId(i.env, server);
  return {
    _type: STATEMENT_TYPE,
    subject: i.archives.map((a) => ({ name: a.name, digest: { sha256: a.sha256 } })),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: BUILD_TYPE,
        externalParameters: {
          ...(workflow
            ? {
                workflow: {
                  ref: workflow.ref,
                  repository: `${server}/${workflow.repository}`,
                  path: workflow.path,
                },
              }
            : {}),
          release: { version: i.version, tag: i.gitTag },
          targets: [...new Set(i.archives.flatMap((a) => (a.target ? [a.target] : [])))],
        },
        ...(internal ? { internalParameters: internal } : {}),
        resolvedDependencies: [
          { uri: `git+${repository ?? "unknown"}@refs/tags/${i.gitTag}`, digest: { gitCommit: i.gitHead } },
        ],
      },
      runDetails: {
        builder: { id: workflow ? `${server}/${i.env.GITHUB_WORKFLOW_REF}` : `${BUILD_TYPE}#local` },
        ...(invocation ? { metadata: { invocationId: invocation } } : {}),
      },
    },
  };
}

/** The releasing repository a statement names (`https://github.com/o/r`), from its source dependency. */
export function statementRepository(s: ProvenanceStatement): string | undefined {
  const uri = s.predicate?.buildDefinition?.resolvedDependencies?.[0]?.uri;
  const m = /^git\+(.+)@refs\/tags\/.+$/.exec(uri ?? "");
  return m?.[1] === "unknown" ? undefined : m?.[1];
}
