import { describe, expect, it } from "vitest";
import { hasChangelogEntry } from "../../src/cargo/changelog.js";

describe("changelog entry", () => {
  it.each([
    ["## 1.2.0\n", true],
    ["# [1.2.0](https://x/compare/v1.1.0...v1.2.0) (2026-11-21)\n", true],
    ["### v1.2.0 - today\n", true],
    ["## 1.2.0-beta.1\n", false],
    ["## 11.2.0\n", false],
    ["text mentioning 1.2.0 but no heading\n", false],
  ])("%j → %s", (text, expected) => {
    expect(hasChangelogEntry(`# Changelog\n\n${text}`, "1.2.0")).toBe(expected);
  });
});
