/** Every worked example in PRICING.md, in the order the document gives them. */
import { describe, expect, it } from "vitest";
import { applyRateBp, largestRemainder, rateDiscount } from "./money.ts";
import { RefundInputSchema, refund } from "./refund.ts";
import { quoteRaw, reasonOf } from "./testing.ts";
import { WorstCaseInputSchema, worstCase } from "./worst-case.ts";

describe("PRICING.md worked examples", () => {
  it("rateBp 8500 = 8.5折 = 15 % off", () => {
    expect(rateDiscount(10_000, 8500)).toBe(1500);
  });
  it("windows are half-open: a sale until 11-11 23:59:59 ends at 11-12 00:00:00", () => {
    const promotions = [
      {
        kind: "timeDiscount" as const,
        id: "t",
        rateBp: 5000,
        start: "2026-11-11T00:00:00+08:00",
        end: "2026-11-12T00:00:00+08:00",
      },
    ];
    const lines = [{ sku: "A", listPriceFen: 1000, qty: 1 }];
    expect(quoteRaw({ now: "2026-11-11T23:59:59+08:00", lines, promotions }).totals.totalFen).toBe(
      500,
    );
    expect(reasonOf(quoteRaw({ now: "2026-11-12T00:00:00+08:00", lines, promotions }), "t")).toBe(
      "ended",
    );
  });
  it("8.5折 of 1999 = 1699.15 → 1699; of 1990 = 1691.5 → 1692", () => {
    expect(applyRateBp(1999, 8500)).toBe(1699);
    expect(applyRateBp(1990, 8500)).toBe(1692);
  });
  it("买N赠M = 买(N+M)免M: k = ⌊units/(N+M)⌋, the k·M cheapest free", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 100, qty: 7 }],
      promotions: [{ kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 }],
    });
    expect(r.totals.totalFen).toBe(500);
  });
  it("a level 3–5 rate: discount = a − ⌊a·rate/10000 + ½⌋", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1990, qty: 1 }],
      promotions: [{ kind: "shopCoupon", id: "c", rateBp: 8500 }],
    });
    expect(r.totals.totalFen).toBe(1692);
  });
  it("a fixed discount is capped at what remains; no order goes below 0", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 300, qty: 1 }],
      promotions: [{ kind: "shopCoupon", id: "c", amountFen: 1000 }],
    });
    expect(r.totals.totalFen).toBe(0);
  });
  it("a cross-shop reduction: this shop carries reduction × its basis / all shops' basis, rounded half up", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10_001, qty: 1 }],
      otherShopsAmountFen: 20_000,
      promotions: [
        { kind: "crossShop", id: "x", tiers: [{ thresholdFen: 30_000, discountFen: 5000 }] },
      ],
    });
    // 5000 · 10001 / 30001 = 1666.78 → 1667
    expect(r.applied[0]!.discountFen).toBe(1667);
  });
  it("platform part = discount × share / 10000 rounded half up", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10_000, qty: 1 }],
      promotions: [{ kind: "platformCoupon", id: "p", amountFen: 1001, platformShareBp: 5000 }],
    });
    expect(r.applied[0]!.platformFundedFen).toBe(501);
  });
  it("largest remainder: floor, then the leftover fen to the largest remainders, ties to the earlier line", () => {
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(largestRemainder(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });
  it("red packets: used = min(given, max(0, total − deposits paid)), never the merchant's net", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10_000, qty: 1 }],
      redPacketFen: 20_000,
      promotions: [{ kind: "deposit", id: "d", depositFen: 2000, creditFen: 3000 }],
    });
    expect(r.totals).toMatchObject({
      totalFen: 9000,
      depositPaidFen: 2000,
      redPacketUsedFen: 7000,
      cashFen: 0,
      merchantNetFen: 9000,
    });
  });
  it("budgets: a discount above the remaining budget is not given, never cut down", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10_000, qty: 1 }],
      promotions: [
        {
          kind: "manJian",
          id: "m",
          tiers: [{ thresholdFen: 1, discountFen: 500 }],
          budgetFen: 499,
        },
      ],
    });
    expect(r.totals.totalFen).toBe(10_000);
    expect(reasonOf(r, "m")).toBe("budget_exhausted");
  });
  it('next-tier hint: "再买 ¥12.00 可再减 ¥30" / "Add ¥12.00 more to save another ¥30"', () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 28_800, qty: 1 }],
      promotions: [
        {
          kind: "manJian",
          id: "m",
          tiers: [
            { thresholdFen: 20_000, discountFen: 2000 },
            { thresholdFen: 30_000, discountFen: 5000 },
          ],
        },
      ],
    });
    expect(r.hints[0]).toMatchObject({
      zh: "再买 ¥12.00 可再减 ¥30",
      en: "Add ¥12.00 more to save another ¥30",
    });
  });
  it("refund of units r+1…r+n: ⌊payable·(r+n)/q⌋ − ⌊payable·r/q⌋; all units together return the payable", () => {
    const order = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 3 }],
      promotions: [{ kind: "shopCoupon", id: "c", amountFen: 1 }],
    });
    const unit = (r: number, n: number) =>
      refund(
        RefundInputSchema.parse({
          order,
          refund: [{ line: 0, qty: n }],
          previousRefunds: r ? [[{ line: 0, qty: r }]] : [],
        }),
      ).refundFen;
    expect([unit(0, 1), unit(1, 1), unit(2, 1)]).toEqual([999, 1000, 1000]);
    expect(unit(0, 3)).toBe(2999);
  });
  it("net after fees = (payable + platform-funded) × (1 − fee) − gift cost, per unit, exact", () => {
    const w = worstCase(
      WorstCaseInputSchema.parse({
        skus: [{ sku: "A", listPriceFen: 999, costFen: 900 }],
        promotions: [
          { kind: "manSong", id: "g", thresholdFen: 999, gifts: [{ sku: "G", costFen: 33 }] },
        ],
        settings: { feeRateBp: 333 },
      }),
    );
    // 999 · 0.9667 − 33 = 932.7333
    expect(w.skus[0]!.worstNetPerUnit).toEqual({ num: 9327333, den: 10000, fen: 932 });
    expect(w.skus[0]!.belowFloor).toBe(false);
  });
});
