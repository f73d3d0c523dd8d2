import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyConditions } from "../../src/docker/index.js";
import { errorCodes, rejection, testContext } from "../helpers/context.js";
import { gitRepo, type TestRepo } from "../helpers/git-utils.js";
import { startRegistry, type RunningRegistry } from "../stand-ins/oci-registry.js";

const AUTH = { user: "releaser", password: "s3cret-pass" };

describe("docker plugin, verifyConditions against real registries", () => {
  let open: RunningRegistry;
  let secured: RunningRegistry;
  let repo: TestRepo;
  const config = () => ({ images: [`${open.host}/rgreet`, `${secured.host}/team/rgreet`] });
  const env = () => ({ ...process.env, DOCKER_USERNAME: AUTH.user, DOCKER_PASSWORD: AUTH.password });
  const ctx = () => testContext(repo.cwd, { env: env() });

  beforeAll(async () => {
    [open, secured, repo] = await Promise.all([startRegistry(), startRegistry({ auth: AUTH }), gitRepo()]);
  });
  afterAll(async () => {
    await Promise.all([open?.stop(), secured?.stop()]);
    if (repo) await rm(repo.base, { recursive: true, force: true });
  });

  it("credentials come from the variables a user names for a registry, not DOCKER_*", async () => {
    const named = {
      ...config(),
      credentials: { [secured.host]: { usernameEnv: "REG_USER", passwordEnv: "REG_TOKEN" } },
    };
    const own = { PATH: process.env.PATH, REG_USER: AUTH.user, REG_TOKEN: AUTH.password };
    const c = testContext(repo.cwd, { env: own });
    await verifyConditions(named, c);
    expect(c.lines).toContain(`Registry ${secured.host} accepts the credentials for team/rgreet`);
    const error = await rejection(verifyConditions(named, testContext(repo.cwd, { env: env() })));
    expect(errorCodes(error)).toEqual(["ENODOCKERCREDENTIALS"]);
    expect((error as { details: string }).details).toContain("Set `REG_USER`, `REG_TOKEN`");
    const wrong = await rejection(
      verifyConditions(named, testContext(repo.cwd, { env: { ...own, REG_TOKEN: "nope" } })),
    );
    expect(errorCodes(wrong)).toEqual(["EDOCKERAUTH"]);
  });

  it("wrong option values are EINVALID<OPTION> errors with what to write", async () => {
    const error = await rejection(
      verifyConditions({ ...config(), builder: "kaniko", user: "", provenance: "yes" }, ctx()),
    );
    expect(errorCodes(error)).toEqual(["EINVALIDBUILDER", "EINVALIDUSER", "EINVALIDPROVENANCE"]);
    const builder = (error as AggregateError).errors[0] as { details: string };
    expect(builder.details).toContain('one of "oci", "buildx"');
  });

  it("the handshakes sent nothing but GETs", () => {
    expect([...open.requests, ...secured.requests].filter((r) => r.method !== "GET")).toEqual([]);
  });
});
