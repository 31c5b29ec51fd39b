import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CliError } from "./errors.ts";
import { type PriceCommand, runPrice, runPriceFile } from "./price-run.ts";

const dir = new URL("../../docs/examples/pricing/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort();
const commandOf = (f: string): PriceCommand =>
  f.startsWith("refund") ? "refund" : f.startsWith("worst-case") ? "worst-case" : "quote";

describe("dacu price: every example runs", () => {
  it("has examples for each command", () => {
    expect(files.filter((f) => commandOf(f) === "quote").length).toBeGreaterThanOrEqual(20);
    expect(files.some((f) => commandOf(f) === "refund")).toBe(true);
    expect(files.some((f) => commandOf(f) === "worst-case")).toBe(true);
  });
  for (const f of files) {
    it(f, async () => {
      const path = new URL(f, dir).pathname;
      const json = JSON.parse(await runPriceFile(commandOf(f), path, true)) as Record<
        string,
        unknown
      >;
      expect(json).toBeTypeOf("object");
      // every number of the output is an integer (fen, bp, counts): no float anywhere
      const floats: string[] = [];
      const walk = (v: unknown, at: string) => {
        if (typeof v === "number" && !Number.isInteger(v)) floats.push(`${at}: ${v}`);
        else if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, `${at}[${i}]`);
        else if (v && typeof v === "object")
          for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
      };
      walk(json, "");
      expect(floats).toEqual([]);
      const table = await runPriceFile(commandOf(f), path, false);
      expect(table.length).toBeGreaterThan(0);
    });
  }
});

describe("dacu price: invalid input", () => {
  it("names the field path, in Chinese and English, exit code 2", () => {
    const bad = {
      now: "2026-11-11T00:00:00+08:00",
      lines: [{ sku: "A", listPriceFen: 100, qty: 1 }],
      promotions: [
        { kind: "shopCoupon", id: "a", amountFen: 100 },
        { kind: "shopCoupon", id: "b", amountFen: 100 },
        { kind: "manJian", id: "c", tiers: [{ thresholdFen: -1, discountFen: 10 }] },
      ],
    };
    try {
      runPrice("quote", bad, true);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CliError);
      expect((e as CliError).exitCode).toBe(2);
      expect((e as CliError).message).toBe(
        "输入无效 / invalid input: promotions[2].tiers[0].thresholdFen: 必须是非负整数（分） / must be a non-negative integer (fen)",
      );
    }
  });
  it("rejects unknown kinds, fractional fen and over-refunds", () => {
    expect(() => runPrice("quote", { now: "x", lines: [] }, true)).toThrow(
      /now: 必须是 ISO 8601 时间/,
    );
    expect(() =>
      runPrice(
        "quote",
        { now: "2026-11-11T00:00:00Z", lines: [{ sku: "A", listPriceFen: 1.5, qty: 1 }] },
        true,
      ),
    ).toThrow(/lines\[0\]\.listPriceFen: 必须是非负整数（分）/);
    expect(() =>
      runPrice(
        "quote",
        {
          now: "2026-11-11T00:00:00Z",
          lines: [{ sku: "A", listPriceFen: 1, qty: 1 }],
          promotions: [{ kind: "nope", id: "x" }],
        },
        true,
      ),
    ).toThrow(/promotions\[0\]\.kind/);
    const order = JSON.parse(
      runPrice(
        "quote",
        { now: "2026-11-11T00:00:00Z", lines: [{ sku: "A", listPriceFen: 100, qty: 1 }] },
        true,
      ),
    ) as unknown;
    expect(() => runPrice("refund", { order, refund: [{ line: 0, qty: 2 }] }, true)).toThrow(
      /refund\[0\]\.qty: 退款数量超过购买数量 1/,
    );
  });
});
