/**
 * Owner and repository from a git URL (`https://host/o/r.git`, `git@host:o/r.git`, `ssh://...`), read the way
 * @semantic-release/github reads it so both plugins talk about the same repository.
 */
export function parseRepositoryUrl(repositoryUrl: string): { owner?: string; repo?: string } {
  const scp = /^(?!.+:\/\/)(?:(.*)@)?(.*?):(.*)$/.exec(repositoryUrl);
  try {
    const url = scp ? `ssh://${scp[1] ? `${scp[1]}@` : ""}${scp[2]}/${scp[3]}` : repositoryUrl;
    const m = /^\/([^/]+)?\/?(.+?)(?:\.git)?$/.exec(new URL(url).pathname);
    return m ? { owner: m[1], repo: m[2] } : {};
  } catch {
    return {};
  }
}
