import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateDemoShop } from "./generate.ts";
import type { DemoOptions } from "./types.ts";

const NOW = new Date("2026-11-23T12:00:00+08:00");

function fingerprint(options: DemoOptions): string {
  const hash = createHash("sha256");
  const shop = generateDemoShop(options);
  hash.update(JSON.stringify(shop.products));
  hash.update(JSON.stringify(shop.skus));
  for (const batch of shop.batches()) hash.update(JSON.stringify(batch));
  return hash.digest("hex");
}

describe("demo generator determinism", () => {
  const small = { seed: 42, customers: 400, orders: 3000, now: NOW } as const;

  it("gives identical records for the same seed and now", () => {
    expect(fingerprint(small)).toBe(fingerprint({ ...small }));
  });

  it("gives different records for another seed or another now", () => {
    const base = fingerprint(small);
    expect(fingerprint({ ...small, seed: 43 })).not.toBe(base);
    expect(fingerprint({ ...small, now: new Date("2026-11-24T12:00:00+08:00") })).not.toBe(base);
  });

  it("does not depend on the batch size", () => {
    const collect = (batchSize: number) => {
      const orders: string[] = [];
      for (const b of generateDemoShop({ ...small, batchSize }).batches())
        for (const o of b.orders) orders.push(o.orderNo);
      return orders;
    };
    expect(collect(97)).toEqual(collect(2000));
  });

  it("streams in batches of the requested size", () => {
    const shop = generateDemoShop({ ...small, batchSize: 500 });
    const sizes = [...shop.batches()].map((b) => b.orders.length);
    expect(sizes.slice(0, -1).every((n) => n === 500)).toBe(true);
    expect(sizes.reduce((s, n) => s + n, 0)).toBe(3000);
  });

  it("rejects bad options with a message naming the option", () => {
    expect(() => generateDemoShop({ ...small, customers: -1 })).toThrow(/customers/);
    expect(() => generateDemoShop({ ...small, orders: 1.5 })).toThrow(/orders/);
    expect(() => generateDemoShop({ ...small, now: new Date("x") })).toThrow(/now/);
  });
});
