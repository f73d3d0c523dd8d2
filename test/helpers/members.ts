import type { Member } from "../../src/cargo/workspace.js";

/** A workspace member as `loadWorkspace` returns it, for pure plan tests: `/ws/{name}`, version inherited. */
export const fakeMember = (name: string, over: Partial<Member> = {}): Member => ({
  name,
  version: "1.0.0",
  manifestPath: `/ws/${name}/Cargo.toml`,
  dir: `/ws/${name}`,
  inheritsVersion: true,
  hasVersion: true,
  publish: true,
  bins: [],
  dependencies: [],
  ...over,
});
