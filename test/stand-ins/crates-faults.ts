/** Where a fault applies in the crates registry stand-in. */
export type CratesRoute = "publish" | "index" | "download";

export interface CratesFaultRule {
  route: CratesRoute;
  /** Only requests about this crate (default: any crate). */
  crate?: string;
  /** HTTP status to answer (429 gets a `Retry-After`; 5xx a plain-text body, as a crashed server would). */
  status: number;
  /** Seconds in the `Retry-After` header of a 429 (default 1). */
  retryAfterSeconds?: number;
  /** The `errors[0].detail` of a 4xx answer (a default close to crates.io's wording otherwise). */
  detail?: string;
  /** How many matching requests fail (default 1; `Infinity` for all). */
  times?: number;
}

/** Faults tests inject into the crates registry stand-in; each rule fires `times` times, in order added. */
export class CratesFaults {
  private rules: (CratesFaultRule & { left: number })[] = [];
  /** A published version shows in the index only this many milliseconds after the upload. */
  indexDelayMs = 0;
  /**
   * Clients other than cargo (user agent not `cargo/...`: the plugin's own index reads) see a new version this
   * many milliseconds after cargo does, as a CDN edge lagging behind the one cargo hit. Cargo waits for the index
   * itself (up to 60 s) after a publish, which would hide whether the plugin waits; this tells them apart.
   */
  otherClientsLagMs = 0;
  /**
   * The registry's clock: when uploads arrive and what the index shows. Tests give it the clock they inject into
   * the plugin, so a lag or a Retry-After passes when the plugin's injected sleep says so, not in real seconds.
   */
  now: () => number = Date.now;
  /** Faults that fired, in order. */
  readonly fired: { route: CratesRoute; crate: string; status: number }[] = [];

  add(rule: CratesFaultRule): this {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
    return this;
  }

  clear(): void {
    this.rules = [];
    this.indexDelayMs = 0;
    this.otherClientsLagMs = 0;
  }

  /** The fault due for this request, if any (and counts it). */
  take(route: CratesRoute, crate: string): CratesFaultRule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && r.route === route && (!r.crate || r.crate === crate));
    if (!rule) return undefined;
    rule.left -= 1;
    this.fired.push({ route, crate, status: rule.status });
    return rule;
  }
}
