import { assetJson } from "./github-store.js";
import type { RouteContext } from "./github-releases-routes.js";

const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);

/**
 * `GET {web}/{o}/{r}/releases/tag/{tag}`: the release page a release's `html_url` points to (drafts under
 * `untagged-...`), reduced to what a user checks: name, state, notes, and each asset with size, digest and link.
 */
export function releasePageRoute(c: RouteContext, tag: string): void {
  const r = c.state
    .releasesOf(c.owner, c.repo)
    .find((x) => (x.draft ? `untagged-${x.untagged}` : x.tag_name) === tag);
  if (!r) return void c.res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
  const state = r.draft ? "Draft" : r.prerelease ? "Pre-release" : "Latest";
  const rows = c.state.assetsOf(r.id).map((a) => {
    const json = assetJson(c.urls, c.state, a);
    return `<li><a href="${escape(json.browser_download_url)}">${escape(a.name)}</a> ${a.size} bytes ${escape(a.digest ?? a.state)}</li>`;
  });
  const html = `<!doctype html><title>${escape(r.name ?? r.tag_name)}</title>
<h1>${escape(r.name ?? r.tag_name)}</h1><p>${state}</p>
<pre>${escape(r.body ?? "")}</pre>
<h2>Assets</h2><ul>
${rows.join("\n")}
</ul>`;
  c.res.writeHead(200, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(html),
  });
  c.res.end(html);
}
