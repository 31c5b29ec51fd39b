/**
 * The publishing guard gives the event loop back while it runs: a large catalogue takes
 * seconds, and the server's other requests must not wait for it.
 */
import { describe, expect, it } from "vitest";
import { worstCaseInSlices } from "../src/app/promotions/guard.ts";
import { WorstCaseInputSchema, worstCase } from "../src/domain/pricing/index.ts";

const input = WorstCaseInputSchema.parse({
  skus: Array.from({ length: 30 }, (_, i) => ({
    sku: `S${i}`,
    categoryId: `C${i % 3}`,
    listPriceFen: 1990 + i * 731,
    costFen: 1000 + i * 400,
  })),
  promotions: [
    { kind: "timeDiscount", id: "t", rateBp: 8800, scope: { categories: ["C0"] } },
    { kind: "nForX", id: "n", qty: 3, priceFen: 9900, scope: { categories: ["C1"] } },
    {
      kind: "manJian",
      id: "m",
      tiers: [
        { thresholdFen: 20000, discountFen: 2000 },
        { thresholdFen: 40000, discountFen: 5000 },
      ],
    },
    { kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 1500 },
  ],
  settings: { feeRateBp: 600 },
});

describe("worst case in slices", () => {
  it("gives the event loop back between SKUs and returns the engine's result unchanged", async () => {
    let turns = 0;
    let running = true;
    const tick = () => {
      turns++;
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    const sliced = await worstCaseInSlices(input, 0);
    running = false;
    // with no time per slice, one SKU per turn of the loop
    expect(turns).toBeGreaterThanOrEqual(input.skus.length - 1);
    expect(sliced).toEqual(worstCase(input));
    expect(sliced.skus.map((s) => s.sku)).toEqual(input.skus.map((s) => s.sku));
  });

  it("runs a small catalogue in one slice", async () => {
    let turns = 0;
    setImmediate(() => turns++);
    const r = await worstCaseInSlices(input, 60_000);
    expect(turns).toBe(0);
    expect(r).toEqual(worstCase(input));
  });
});
