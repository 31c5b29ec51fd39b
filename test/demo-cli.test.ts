import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseNow } from "../src/cli/commands/demo.ts";

const root = new URL("..", import.meta.url).pathname;
const dacu = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/dacu.js", "demo", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DACU_DATA_DIR: "memory://", DATABASE_URL: "" },
  });

describe("dacu demo options", () => {
  it("exits with code 2 and a bilingual message naming the bad option", () => {
    const negative = dacu("--customers", "-5");
    expect(negative.status).toBe(2);
    expect(negative.stderr).toMatch(/--customers 必须是.*\/ --customers must be/);
    const word = dacu("--orders", "many");
    expect(word.status).toBe(2);
    expect(word.stderr).toMatch(/--orders/);
  });

  it("reads --now as a Shanghai date or an ISO time", () => {
    expect(parseNow("2026-11-23").toISOString()).toBe("2026-11-22T16:00:00.000Z");
    expect(parseNow("2026-11-23T12:00:00Z").toISOString()).toBe("2026-11-23T12:00:00.000Z");
    expect(parseNow(undefined, () => new Date("2026-11-23T12:34:56.789Z")).toISOString()).toBe(
      "2026-11-23T12:34:00.000Z",
    );
    expect(() => parseNow("tomorrow")).toThrow(/--now/);
  });
});
