import { describe, expect, it } from "vitest";
import { quoteRaw, reasonOf, shareOf } from "../testing.ts";
import { couponOutcome } from "./coupon.ts";

describe("coupon arithmetic", () => {
  it("amount, rate with cap, threshold", () => {
    expect(couponOutcome({ thresholdFen: 10000, amountFen: 1000 }, 10000, 9000)).toMatchObject({
      discountFen: 1000,
    });
    expect(couponOutcome({ thresholdFen: 10000, amountFen: 1000 }, 9999, 9999)).toEqual({
      met: false,
      shortfallFen: 1,
    });
    expect(
      couponOutcome({ thresholdFen: 0, rateBp: 9000, capFen: 500 }, 10000, 10000),
    ).toMatchObject({ discountFen: 500 });
    expect(couponOutcome({ thresholdFen: 0, rateBp: 8500 }, 1990, 1990)).toMatchObject({
      discountFen: 298,
    });
    expect(couponOutcome({ thresholdFen: 0, amountFen: 5000 }, 3000, 3000)).toMatchObject({
      discountFen: 3000,
    });
  });
});

describe("shop coupon 店铺券", () => {
  it("at most one per order; the best is chosen, others worse_than it", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 20000, qty: 1 }],
      promotions: [
        { kind: "shopCoupon", id: "c10", thresholdFen: 10000, amountFen: 1000 },
        { kind: "shopCoupon", id: "c30", thresholdFen: 20000, amountFen: 3000 },
        { kind: "shopCoupon", id: "r95", rateBp: 9500, capFen: 2000 },
        { kind: "shopCoupon", id: "big", thresholdFen: 30000, amountFen: 8000 },
      ],
    });
    expect(r.totals.totalFen).toBe(17000);
    expect(reasonOf(r, "c10")).toBe("worse_than:c30");
    expect(r.notApplied.find((n) => n.promoId === "big")).toMatchObject({
      reason: "threshold_not_met",
      shortfallFen: 10000,
    });
  });
  it("threshold on the after-item-level amount, not reduced by 满减", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 20000, qty: 1 }],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 20000, discountFen: 2000 }] },
        { kind: "shopCoupon", id: "c", thresholdFen: 20000, amountFen: 1000 },
      ],
    });
    expect(r.totals.totalFen).toBe(17000);
  });
  it("customer conditions: new customers, tags", () => {
    const promotions = [
      {
        kind: "shopCoupon" as const,
        id: "new",
        amountFen: 500,
        customer: { newCustomerOnly: true },
      },
      { kind: "shopCoupon" as const, id: "vip", amountFen: 300, customer: { tagsAny: ["vip"] } },
    ];
    const lines = [{ sku: "A", listPriceFen: 10000, qty: 1 }];
    expect(quoteRaw({ lines, promotions }).totals.totalFen).toBe(10000);
    expect(quoteRaw({ lines, promotions, customer: { tags: ["vip"] } }).totals.totalFen).toBe(9700);
    expect(
      quoteRaw({ lines, promotions, customer: { newCustomer: true, tags: ["vip"] } }).totals
        .totalFen,
    ).toBe(9500);
  });
});

describe("item coupon 单品券", () => {
  it("covers the lines of its scope, one coupon per line, after group level", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 5000, qty: 1 },
        { sku: "B", listPriceFen: 3000, qty: 1 },
        { sku: "C", listPriceFen: 3000, qty: 1 },
      ],
      promotions: [
        {
          kind: "itemCoupon",
          id: "ab",
          amountFen: 800,
          thresholdFen: 8000,
          scope: { skus: ["A", "B"] },
        },
        { kind: "itemCoupon", id: "a", amountFen: 500, scope: { skus: ["A"] } },
        { kind: "itemCoupon", id: "c", amountFen: 200, scope: { skus: ["C"] } },
      ],
    });
    expect(r.totals.totalFen).toBe(11000 - 800 - 200);
    expect(shareOf(r, 0, "ab") + shareOf(r, 1, "ab")).toBe(800);
    expect(reasonOf(r, "a")).toBe("worse_than:ab");
  });
  it("lowers the basis of later levels", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10000, qty: 1 }],
      promotions: [
        { kind: "itemCoupon", id: "ic", amountFen: 100 },
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1000 }] },
      ],
    });
    // 10000 − 1000 beats 10000 − 100 with 满减 missed
    expect(r.totals.totalFen).toBe(9000);
    expect(reasonOf(r, "ic")).toBe("no_benefit");
  });
});

describe("excludes and budgets", () => {
  it("excludes is symmetric and whole-order; the better side wins", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10000, qty: 1 }],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1000 }] },
        { kind: "shopCoupon", id: "c", amountFen: 1500, excludes: ["mj"] },
      ],
    });
    expect(r.totals.totalFen).toBe(8500);
    expect(reasonOf(r, "mj")).toBe("excluded_by:c");
  });
  it("a budget smaller than the discount is not given, never cut down", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10000, qty: 1 }],
      promotions: [{ kind: "shopCoupon", id: "c", amountFen: 1500 }],
      state: { budgetLeftFen: { c: 1499 } },
    });
    expect(r.totals.totalFen).toBe(10000);
    expect(reasonOf(r, "c")).toBe("budget_exhausted");
  });
  it("threshold_not_met wins over budget_exhausted", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 100, qty: 1 }],
      promotions: [
        { kind: "shopCoupon", id: "c", amountFen: 1500, thresholdFen: 5000, budgetFen: 0 },
      ],
    });
    expect(reasonOf(r, "c")).toBe("threshold_not_met");
  });
});

describe("tie-breaks", () => {
  it("equal totals: fewest promotions, then higher priorities, then lower ids", () => {
    const lines = [{ sku: "A", listPriceFen: 10000, qty: 1 }];
    const r = quoteRaw({
      lines,
      promotions: [
        { kind: "shopCoupon", id: "b", amountFen: 500 },
        { kind: "shopCoupon", id: "a", amountFen: 500 },
      ],
    });
    expect(r.applied.map((a) => a.promoId)).toEqual(["a"]);
    const r2 = quoteRaw({
      lines,
      promotions: [
        { kind: "shopCoupon", id: "b", amountFen: 500, priority: 5 },
        { kind: "shopCoupon", id: "a", amountFen: 500 },
      ],
    });
    expect(r2.applied.map((a) => a.promoId)).toEqual(["b"]);
  });
});
