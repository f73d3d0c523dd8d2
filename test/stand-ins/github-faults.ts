/** What an injected fault does to the request it matches. */
export type FaultKind =
  /** Answer with `status` (default 502) and GitHub's error body. On an upload with `leaveStarter`, a "starter" asset stays. */
  | "status"
  /** Close the connection without an answer; on an upload, after part of the body, leaving a "starter" asset. */
  | "drop"
  /** 403 "API rate limit exceeded" with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` `resetSeconds` ahead. */
  | "rate-limit"
  /** 429 with `retry-after: retryAfterSeconds` (a secondary rate limit). */
  | "secondary-rate-limit";

export interface FaultRule {
  kind: FaultKind;
  /** Which requests: uploads only, API calls only, or any (default). */
  on?: "upload" | "api" | "any";
  method?: string;
  /** Substring or pattern the request path must match. */
  path?: string | RegExp;
  /** Substring or pattern of the `user-agent`, to aim at one client when several share the server. */
  userAgent?: string | RegExp;
  /** How many matching requests fail (default 1). */
  times?: number;
  status?: number;
  leaveStarter?: boolean;
  /** For "drop": the request takes effect (an upload completes), then the connection closes before the answer. */
  afterHandling?: boolean;
  resetSeconds?: number;
  retryAfterSeconds?: number;
}

export interface RequestInfo {
  method: string;
  path: string;
  upload: boolean;
  userAgent: string;
}

const matches = (pattern: string | RegExp | undefined, value: string) =>
  pattern === undefined || (typeof pattern === "string" ? value.includes(pattern) : pattern.test(value));

/** The queue of faults tests inject; each rule fires `times` times on the requests it matches, in order. */
export class Faults {
  private rules: (FaultRule & { left: number })[] = [];
  /** Faults that fired, in order, for tests that check a fault really happened. */
  readonly fired: { kind: FaultKind; method: string; path: string }[] = [];

  add(rule: FaultRule): this {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  /** Faults added but not fired yet. */
  pending(): number {
    return this.rules.reduce((n, r) => n + r.left, 0);
  }

  /** The fault for this request, if one is due (and counts it). */
  take(req: RequestInfo): FaultRule | undefined {
    const rule = this.rules.find(
      (r) =>
        r.left > 0 &&
        ((r.on ?? "any") === "any" || (r.on === "upload") === req.upload) &&
        (r.method === undefined || r.method.toUpperCase() === req.method) &&
        matches(r.path, req.path) &&
        matches(r.userAgent, req.userAgent),
    );
    if (!rule) return undefined;
    rule.left--;
    this.fired.push({ kind: rule.kind, method: req.method, path: req.path });
    return rule;
  }
}
