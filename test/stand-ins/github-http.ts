import type { IncomingMessage, ServerResponse } from "node:http";

export const DOCS = "https://docs.github.com/rest";

/** Sends JSON with the headers GitHub always sets. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "4999",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
    ...headers,
  });
  res.end(text);
}

/** A GitHub error body: `{ message, documentation_url, errors?, status }`. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  extra: { errors?: unknown[]; headers?: Record<string, string>; doc?: string } = {},
): void {
  const body: Record<string, unknown> = { message, documentation_url: extra.doc ?? DOCS };
  if (extra.errors) body.errors = extra.errors;
  body.status = String(status);
  sendJson(res, status, body, extra.headers);
}

export const notFound = (res: ServerResponse) => sendError(res, 404, "Not Found");

export const validationFailed = (res: ServerResponse, errors: unknown[]) =>
  sendError(res, 422, "Validation Failed", { errors });

/** Reads a small JSON body; `undefined` (and a 400 sent) when it is not JSON. */
export async function readJson(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return {};
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data === "object" && data !== null && !Array.isArray(data))
      return data as Record<string, unknown>;
  } catch {
    // answered below
  }
  sendError(res, 400, "Problems parsing JSON");
  return undefined;
}

/** Answers with one page of `items` and GitHub's `Link` header (`per_page` default 30, at most 100). */
export function sendPage(res: ServerResponse, url: URL, items: unknown[]): void {
  const perPage = Math.min(Math.max(Number(url.searchParams.get("per_page")) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get("page")) || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string) => {
    const u = new URL(url);
    u.searchParams.set("per_page", String(perPage));
    u.searchParams.set("page", String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, "prev"));
  if (page < last) links.push(link(page + 1, "next"), link(last, "last"));
  if (page > 1) links.push(link(1, "first"));
  sendJson(
    res,
    200,
    items.slice((page - 1) * perPage, page * perPage),
    links.length ? { link: links.join(", ") } : {},
  );
}
