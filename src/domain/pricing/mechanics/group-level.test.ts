import { describe, expect, it } from "vitest";
import { quoteRaw, reasonOf, shareOf } from "../testing.ts";
import { bundleApply } from "./bundle.ts";
import { buyNGetMApply } from "./buy-n-get-m.ts";
import type { Unit } from "./group.ts";
import { moreForSameApply } from "./more-for-same.ts";
import { nAtRateApply } from "./n-at-rate.ts";
import { nForXApply } from "./n-for-x.ts";
import { secondItemApply } from "./second-item.ts";

const units = (...prices: number[]): Unit[] => prices.map((priceFen, line) => ({ line, priceFen }));

describe("bundle 套装", () => {
  it("a fixed price per set, as many sets as the cart holds", () => {
    expect(bundleApply({ skus: ["A", "B"], priceFen: 150 }, units(100, 80), ["A", "B"])).toEqual({
      met: true,
      taken: [0, 1],
      discountFen: 30,
      gifts: [],
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 100, qty: 3 },
        { sku: "B", listPriceFen: 80, qty: 2 },
      ],
      promotions: [{ kind: "bundle", id: "b", skus: ["A", "B"], priceFen: 150 }],
    });
    expect(r.totals.totalFen).toBe(100 + 300);
    // 60 split by weights 200 : 160 → 33.3 / 26.7 → 33 + 27
    expect([shareOf(r, 0, "b"), shareOf(r, 1, "b")]).toEqual([33, 27]);
  });
  it("reports the missing SKU as a unit shortfall", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 100, qty: 1 }],
      promotions: [{ kind: "bundle", id: "b", skus: ["A", "B"], priceFen: 150 }],
    });
    expect(r.notApplied[0]).toMatchObject({ reason: "threshold_not_met", shortfallQty: 1 });
  });
});

describe("buy N get M free 买N赠M", () => {
  it("k·M cheapest eligible units are free; the discount is spread by weight", () => {
    expect(buyNGetMApply({ buyQty: 2, freeQty: 1 }, units(100, 90, 80))).toMatchObject({
      discountFen: 80,
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 100, qty: 1 },
        { sku: "B", listPriceFen: 90, qty: 1 },
        { sku: "C", listPriceFen: 80, qty: 1 },
        { sku: "D", listPriceFen: 70, qty: 1 },
      ],
      promotions: [{ kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 }],
    });
    expect(r.totals.totalFen).toBe(340 - 70);
    expect(r.lines.reduce((s, l) => s + shareOf(r, l.index, "g"), 0)).toBe(70);
    expect(shareOf(r, 3, "g")).toBeLessThan(70); // not pinned on the free unit's line
  });
  it("shortfall in units", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 100, qty: 2 }],
      promotions: [{ kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 }],
    });
    expect(r.notApplied[0]).toMatchObject({ reason: "threshold_not_met", shortfallQty: 1 });
  });
});

describe("N items for X N件X元", () => {
  it("the k·N dearest units form the sets; the rest may join another group promotion", () => {
    expect(nForXApply({ qty: 2, priceFen: 150 }, units(100, 90, 80))).toMatchObject({
      taken: [0, 1],
      discountFen: 40,
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 100, qty: 1 },
        { sku: "B", listPriceFen: 90, qty: 1 },
        { sku: "C", listPriceFen: 80, qty: 2 },
      ],
      promotions: [
        { kind: "nForX", id: "n", qty: 2, priceFen: 150, scope: { skus: ["A", "B"] } },
        { kind: "secondItem", id: "s", rateBp: 5000, scope: { skus: ["C"] } },
      ],
    });
    expect(r.totals.totalFen).toBe(150 + 80 + 40);
  });
});

describe("N items at rate 满件折", () => {
  it("every eligible unit gets the rate, each rounded half up", () => {
    expect(nAtRateApply({ qty: 2, rateBp: 8500 }, units(1999, 1990))).toMatchObject({
      discountFen: 598,
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 1999, qty: 1 },
        { sku: "B", listPriceFen: 1990, qty: 1 },
      ],
      promotions: [{ kind: "nAtRate", id: "n", qty: 2, rateBp: 8500 }],
    });
    expect(r.totals.totalFen).toBe(1699 + 1692);
  });
});

describe("second item half price 第二件半价", () => {
  it("pairs from the top; the cheaper of each pair gets the rate; odd cheapest left out", () => {
    expect(secondItemApply({ rateBp: 5000 }, units(100, 81, 50))).toMatchObject({
      taken: [0, 1],
      discountFen: 40,
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 100, qty: 1 },
        { sku: "B", listPriceFen: 81, qty: 1 },
        { sku: "C", listPriceFen: 50, qty: 1 },
      ],
      promotions: [{ kind: "secondItem", id: "s" }],
    });
    expect(r.totals.totalFen).toBe(231 - 40);
    expect(shareOf(r, 2, "s")).toBe(0);
  });
});

describe("more for the same 加量不加价", () => {
  it("a gift per N units bought", () => {
    expect(
      moreForSameApply(
        { perQty: 2, gift: { sku: "A", qty: 1, costFen: 500 } },
        units(100, 100, 100),
      ),
    ).toMatchObject({
      gifts: [{ sku: "A", qty: 1, costFen: 500 }],
    });
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 4 }],
      promotions: [{ kind: "moreForSame", id: "m", perQty: 2, gift: { sku: "A", costFen: 300 } }],
    });
    expect(r.totals.totalFen).toBe(4000);
    expect(r.gifts).toEqual([{ promoId: "m", sku: "A", qty: 2, costFen: 300 }]);
    expect(r.totals.merchantNetFen).toBe(4000 - 600);
  });
});

describe("group competition", () => {
  it("a unit takes part in at most one group promotion; every order is tried", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 100, qty: 3 }],
      promotions: [
        { kind: "secondItem", id: "s", rateBp: 5000 },
        { kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 },
      ],
    });
    expect(r.totals.totalFen).toBe(200);
    expect(reasonOf(r, "s")).toBe("worse_than:g");
  });
  it("group level comes after item level, weighted by item-level amounts", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 2 }],
      promotions: [
        { kind: "timeDiscount", id: "t", rateBp: 8000 },
        { kind: "secondItem", id: "s", rateBp: 5000 },
      ],
    });
    expect(r.totals.totalFen).toBe(800 + 400);
  });
});
