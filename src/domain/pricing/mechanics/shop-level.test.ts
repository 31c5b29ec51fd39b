import { describe, expect, it } from "vitest";
import { quoteRaw, reasonOf, shareOf } from "../testing.ts";
import { jiaJiaGouDiscount } from "./jia-jia-gou.ts";
import { manJianOutcome } from "./man-jian.ts";
import { manSongOutcome } from "./man-song.ts";
import { manZheOutcome } from "./man-zhe.ts";
import { everyFullOutcome } from "./mei-man-jian.ts";

const tiers = [
  { thresholdFen: 20000, discountFen: 2000 },
  { thresholdFen: 30000, discountFen: 5000 },
];

describe("满减 tiers", () => {
  it("gives the highest reached tier only", () => {
    expect(manJianOutcome({ tiers }, 19999, 19999)).toEqual({ met: false, shortfallFen: 1 });
    expect(manJianOutcome({ tiers }, 28800, 28800)).toMatchObject({
      met: true,
      discountFen: 2000,
      tierIndex: 0,
    });
    expect(manJianOutcome({ tiers }, 30000, 30000)).toMatchObject({
      met: true,
      discountFen: 5000,
      tierIndex: 1,
    });
  });
  it("splits over lines by largest remainder and hints the next tier", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 10000, qty: 1 },
        { sku: "B", listPriceFen: 18800, qty: 1 },
      ],
      promotions: [{ kind: "manJian", id: "mj", tiers }],
    });
    expect(r.totals.totalFen).toBe(26800);
    expect(shareOf(r, 0, "mj") + shareOf(r, 1, "mj")).toBe(2000);
    expect(shareOf(r, 0, "mj")).toBe(694); // 2000·10000/28800 = 694.4
    expect(r.hints).toEqual([
      expect.objectContaining({
        promoId: "mj",
        shortfallFen: 1200,
        extraDiscountFen: 3000,
        zh: "再买 ¥12.00 可再减 ¥30",
        en: "Add ¥12.00 more to save another ¥30",
      }),
    ]);
  });
  it("measures the threshold after item level and reports the shortfall", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 20000, qty: 1 }],
      promotions: [
        { kind: "timeDiscount", id: "t", rateBp: 9000 },
        { kind: "manJian", id: "mj", tiers },
      ],
    });
    expect(reasonOf(r, "mj")).toBe("threshold_not_met");
    expect(r.notApplied.find((n) => n.promoId === "mj")?.shortfallFen).toBe(2000);
  });
  it("tier gifts and free shipping count only for the reached tier", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 25000, qty: 1 }],
      shippingFeeFen: 1000,
      promotions: [
        {
          kind: "manJian",
          id: "mj",
          tiers: [
            {
              thresholdFen: 20000,
              discountFen: 2000,
              freeShipping: true,
              gifts: [{ sku: "G", costFen: 300 }],
            },
            { thresholdFen: 30000, discountFen: 5000, gifts: [{ sku: "H", costFen: 900 }] },
          ],
        },
      ],
    });
    expect(r.shipping.paidFen).toBe(0);
    expect(r.gifts).toEqual([{ promoId: "mj", sku: "G", qty: 1, costFen: 300 }]);
    expect(r.lines[0]!.merchantNetFen).toBe(23000 - 300);
  });
});

describe("每满减", () => {
  it("every full step, capped", () => {
    expect(
      everyFullOutcome({ stepFen: 30000, discountFen: 4000, capFen: 10000 }, 95000, 95000),
    ).toMatchObject({
      discountFen: 10000,
    });
    expect(everyFullOutcome({ stepFen: 30000, discountFen: 4000 }, 65000, 65000)).toMatchObject({
      discountFen: 8000,
    });
    expect(everyFullOutcome({ stepFen: 30000, discountFen: 4000 }, 100, 100)).toEqual({
      met: false,
      shortfallFen: 29900,
    });
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 30000, qty: 2 }],
      promotions: [{ kind: "meiManJian", id: "m", stepFen: 30000, discountFen: 4000 }],
    });
    expect(r.totals.totalFen).toBe(52000);
    expect(r.hints).toEqual([]);
  });
});

describe("满折", () => {
  it("rate on the amount just before, buyer's amount rounded half up", () => {
    expect(
      manZheOutcome({ tiers: [{ thresholdFen: 10000, rateBp: 9000 }] }, 19990, 19990),
    ).toMatchObject({
      discountFen: 1999,
    });
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1990, qty: 1 }],
      promotions: [
        {
          kind: "manZhe",
          id: "z",
          tiers: [
            { thresholdFen: 1000, rateBp: 8500 },
            { thresholdFen: 5000, rateBp: 8000 },
          ],
        },
      ],
    });
    expect(r.totals.totalFen).toBe(1692);
    expect(r.hints[0]).toMatchObject({
      nextRateBp: 8000,
      shortfallFen: 3010,
      zh: "再买 ¥30.10 可享 8折",
    });
  });
});

describe("满送", () => {
  it("gifts at 0 with their cost allocated to the lines that earned them", () => {
    expect(
      manSongOutcome({ thresholdFen: 10000, gifts: [{ sku: "G", qty: 1, costFen: 800 }] }, 9999),
    ).toEqual({
      met: false,
      shortfallFen: 1,
    });
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 6000, qty: 1 },
        { sku: "B", listPriceFen: 4000, qty: 1 },
      ],
      promotions: [
        {
          kind: "manSong",
          id: "g",
          thresholdFen: 10000,
          gifts: [{ sku: "G", qty: 2, costFen: 401 }],
        },
      ],
    });
    expect(r.totals.totalFen).toBe(10000);
    expect(r.lines.map((l) => l.giftCostFen)).toEqual([481, 321]);
    expect(r.totals.merchantNetFen).toBe(10000 - 802);
  });
});

describe("加价购", () => {
  const promo = {
    kind: "jiaJiaGou" as const,
    id: "j",
    thresholdFen: 10000,
    redeemSku: "Z",
    priceFen: 990,
    maxQty: 1,
  };
  it("redeems Z at P once the threshold is met", () => {
    expect(jiaJiaGouDiscount({ priceFen: 990, maxQty: 1 }, 2990, 2)).toBe(2000);
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 10000, qty: 1 },
        { sku: "Z", listPriceFen: 2990, qty: 2, addOn: true },
      ],
      promotions: [
        promo,
        {
          kind: "manJian",
          id: "mj",
          tiers: [{ thresholdFen: 1, discountFen: 1 }],
          scope: { skus: ["Z"] },
        },
      ],
    });
    expect(r.lines[1]!.payableFen).toBe(990 + 2990);
    expect(r.lines[0]!.payableFen).toBe(10000);
  });
  it("misses the threshold: Z stays at list price, with the shortfall", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 9000, qty: 1 },
        { sku: "Z", listPriceFen: 2990, qty: 1, addOn: true },
      ],
      promotions: [promo],
    });
    expect(r.lines[1]!.payableFen).toBe(2990);
    expect(r.notApplied[0]).toMatchObject({
      promoId: "j",
      reason: "threshold_not_met",
      shortfallFen: 1000,
    });
  });
});

describe("满X包邮", () => {
  it("waives shipping on the level-3 basis; the best plan counts shipping", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 9900, qty: 1 }],
      shippingFeeFen: 1000,
      promotions: [{ kind: "freeShipping", id: "fs", thresholdFen: 9900 }],
    });
    expect(r.totals.totalFen).toBe(9900);
    expect(r.shipping.waivedBy).toBe("fs");
    const r2 = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 9899, qty: 1 }],
      shippingFeeFen: 1000,
      promotions: [{ kind: "freeShipping", id: "fs", thresholdFen: 9900 }],
    });
    expect(r2.totals.totalFen).toBe(10899);
    expect(r2.notApplied[0]).toMatchObject({ reason: "threshold_not_met", shortfallFen: 1 });
  });
});

describe("level-3 competition", () => {
  it("each line joins at most one shop-level promotion; the best assignment wins", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 10000, qty: 1 },
        { sku: "B", listPriceFen: 10000, qty: 1 },
      ],
      promotions: [
        { kind: "manJian", id: "all", tiers: [{ thresholdFen: 20000, discountFen: 1500 }] },
        {
          kind: "manJian",
          id: "onlyA",
          tiers: [{ thresholdFen: 10000, discountFen: 1000 }],
          scope: { skus: ["A"] },
        },
        {
          kind: "manJian",
          id: "onlyB",
          tiers: [{ thresholdFen: 10000, discountFen: 1000 }],
          scope: { skus: ["B"] },
        },
      ],
    });
    expect(r.totals.totalFen).toBe(18000);
    expect(reasonOf(r, "all")).toBe("worse_than:onlyA");
  });
  it("cumulative threshold basis counts earlier level-3+ discounts", () => {
    const promotions = [
      { kind: "manJian" as const, id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1000 }] },
      { kind: "shopCoupon" as const, id: "c", thresholdFen: 10000, amountFen: 500 },
    ];
    const lines = [{ sku: "A", listPriceFen: 10000, qty: 1 }];
    expect(quoteRaw({ lines, promotions }).totals.totalFen).toBe(8500);
    const r = quoteRaw({ lines, promotions, settings: { thresholdBasis: "cumulative" } });
    expect(r.totals.totalFen).toBe(9000);
    expect(r.notApplied[0]).toMatchObject({
      promoId: "c",
      reason: "threshold_not_met",
      shortfallFen: 1000,
    });
  });
});
