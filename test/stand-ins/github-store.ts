import { randomBytes } from "node:crypto";

/** A repository the stand-in knows; created on first access unless the server was told otherwise. */
export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  private: boolean;
}

export interface ReleaseRecord {
  id: number;
  owner: string;
  repo: string;
  tag_name: string;
  target_commitish: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  prerelease: boolean;
  created_at: string;
  published_at: string | null;
  /** Random part of a draft's `untagged-...` URL, as GitHub shows drafts. */
  untagged: string;
}

export interface AssetRecord {
  id: number;
  releaseId: number;
  name: string;
  label: string | null;
  /** "uploaded" when complete; "starter" for what a failed upload leaves behind. */
  state: "uploaded" | "starter" | "open";
  content_type: string;
  size: number;
  /** `sha256:<hex>` once uploaded, null before. */
  digest: string | null;
  download_count: number;
  created_at: string;
  updated_at: string;
  /** Where the bytes are kept on disk (absent when the server discards bodies). */
  file?: string;
}

/** One request as the stand-in saw it, for tests that count what a client sent. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  userAgent: string;
  upload: boolean;
}

/** Everything the stand-in holds; tests read it directly. */
export class GitHubState {
  repos = new Map<string, RepoRecord>();
  releases = new Map<number, ReleaseRecord>();
  assets = new Map<number, AssetRecord>();
  requests: RequestRecord[] = [];
  /** Uploads receiving or waiting for their answer right now, and the most seen at once. */
  uploadsInFlight = 0;
  /** Whether asset JSON carries `digest` (false: like GitHub Enterprise versions older than digests). */
  digests = true;
  peakUploadsInFlight = 0;
  /** The release `GET /releases/latest` returns when set explicitly with `make_latest`. */
  latest = new Map<string, number>();
  /** Artifact attestations stored with `POST /repos/{o}/{r}/attestations`. */
  attestations: { id: number; repository: string; bundle: Record<string, unknown> }[] = [];
  private nextId = 1000;

  id(): number {
    return this.nextId++;
  }

  repoKey(owner: string, repo: string): string {
    return `${owner}/${repo}`.toLowerCase();
  }

  addRepo(owner: string, name: string, isPrivate = true): RepoRecord {
    const record = { id: this.id(), owner, name, private: isPrivate };
    this.repos.set(this.repoKey(owner, name), record);
    return record;
  }

  releasesOf(owner: string, repo: string): ReleaseRecord[] {
    const key = this.repoKey(owner, repo);
    return [...this.releases.values()]
      .filter((r) => this.repoKey(r.owner, r.repo) === key)
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id);
  }

  assetsOf(releaseId: number): AssetRecord[] {
    return [...this.assets.values()].filter((a) => a.releaseId === releaseId).sort((a, b) => a.id - b.id);
  }

  /** Assets of the release with this tag that are fully uploaded (what a user would download). */
  releaseByTag(owner: string, repo: string, tag: string, includeDrafts = false): ReleaseRecord | undefined {
    return this.releasesOf(owner, repo).find((r) => r.tag_name === tag && (includeDrafts || !r.draft));
  }

  /** Number of upload requests received (successful or not). */
  uploadCount(): number {
    return this.requests.filter((r) => r.upload).length;
  }

  newUntagged(): string {
    return randomBytes(10).toString("hex");
  }
}

/** URLs of one server: `web` (html and downloads), `api` (REST base) and `uploads`. */
export interface Urls {
  web: string;
  api: string;
  uploads: string;
}

/** `owner/repo` for URLs, each part encoded (test repositories named after a `file://` path hold a `/`). */
const slug = (owner: string, repo: string) => `${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;

const user = (urls: Urls) => ({
  login: "semantic-release-bot",
  id: 1,
  type: "User",
  url: `${urls.api}/users/semantic-release-bot`,
  html_url: `${urls.web}/semantic-release-bot`,
});

export function repoJson(urls: Urls, r: RepoRecord, push: boolean) {
  const full = `${r.owner}/${r.name}`;
  return {
    id: r.id,
    node_id: `R_${r.id}`,
    name: r.name,
    full_name: full,
    private: r.private,
    owner: { login: r.owner, id: r.id + 1, type: "Organization" },
    html_url: `${urls.web}/${full}`,
    url: `${urls.api}/repos/${full}`,
    clone_url: `${urls.web}/${full}.git`,
    default_branch: "main",
    permissions: { admin: false, maintain: push, push, triage: true, pull: true },
  };
}

export function assetJson(urls: Urls, state: GitHubState, a: AssetRecord) {
  const rel = state.releases.get(a.releaseId);
  const full = rel ? slug(rel.owner, rel.repo) : "";
  const tag = rel ? (rel.draft ? `untagged-${rel.untagged}` : rel.tag_name) : "";
  return {
    url: `${urls.api}/repos/${full}/releases/assets/${a.id}`,
    browser_download_url: `${urls.web}/${full}/releases/download/${encodeURIComponent(tag)}/${encodeURIComponent(a.name)}`,
    id: a.id,
    node_id: `RA_${a.id}`,
    name: a.name,
    label: a.label,
    state: a.state,
    content_type: a.content_type,
    size: a.size,
    ...(state.digests ? { digest: a.digest } : {}),
    download_count: a.download_count,
    created_at: a.created_at,
    updated_at: a.updated_at,
    uploader: user(urls),
  };
}

export function releaseJson(urls: Urls, state: GitHubState, r: ReleaseRecord) {
  const full = slug(r.owner, r.repo);
  const htmlTag = r.draft ? `untagged-${r.untagged}` : encodeURIComponent(r.tag_name);
  return {
    url: `${urls.api}/repos/${full}/releases/${r.id}`,
    html_url: `${urls.web}/${full}/releases/tag/${htmlTag}`,
    assets_url: `${urls.api}/repos/${full}/releases/${r.id}/assets`,
    upload_url: `${urls.uploads}/repos/${full}/releases/${r.id}/assets{?name,label}`,
    tarball_url: r.draft ? null : `${urls.api}/repos/${full}/tarball/${r.tag_name}`,
    zipball_url: r.draft ? null : `${urls.api}/repos/${full}/zipball/${r.tag_name}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tag_name,
    target_commitish: r.target_commitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    immutable: false,
    created_at: r.created_at,
    published_at: r.published_at,
    author: user(urls),
    assets: state.assetsOf(r.id).map((a) => assetJson(urls, state, a)),
  };
}
