import { describe, expect, it } from "vitest";
import { PromotionSchema } from "./schema.ts";
import { quoteRaw } from "./testing.ts";
import { type WorstCaseInputRaw, WorstCaseInputSchema, worstCase } from "./worst-case.ts";
import { boundCalculator } from "./worst-case-bound.ts";

const run = (i: WorstCaseInputRaw) => worstCase(WorstCaseInputSchema.parse(i));
/** The demo shop's 双11: 每满300减50 without a cap, and a 满199减20 shop coupon. */
const everyFull300: WorstCaseInputRaw["promotions"] = [
  { kind: "meiManJian", id: "mm", stepFen: 30000, discountFen: 5000 },
  { kind: "shopCoupon", id: "c", thresholdFen: 19900, amountFen: 2000 },
];

/**
 * A 95% 满折 from 100 yuan and a 每满300减30 over categories of their own, a 90% coupon capped
 * at 30 yuan and a cross-shop 每300减50 half funded by the platform: a SKU outside both offers
 * has the rest of its cart held by one of them.
 */
const heldRest = (zhe: string[], mei: string[]): WorstCaseInputRaw["promotions"] => [
  {
    kind: "manZhe",
    id: "mz",
    scope: { categories: zhe },
    tiers: [{ thresholdFen: 10000, rateBp: 9500 }],
  },
  {
    kind: "meiManJian",
    id: "mm",
    scope: { categories: mei },
    stepFen: 30000,
    discountFen: 3000,
    capFen: 15000,
  },
  { kind: "shopCoupon", id: "c", rateBp: 9000, capFen: 3000 },
  { kind: "crossShop", id: "x", stepFen: 30000, discountFen: 5000, platformShareBp: 5000 },
];

describe("worst-case guard", () => {
  it("no promotions: the list price after fees", () => {
    const r = run({
      skus: [{ sku: "A", listPriceFen: 10000, costFen: 6000 }],
      settings: { feeRateBp: 500 },
    });
    expect(r.skus[0]!.worstNetPerUnit).toEqual({ num: 9500, den: 1, fen: 9500 });
    expect(r.violations).toEqual([]);
  });
  it("a group multiple: 买2赠1, one unit on its own line takes the split's leftover fen", () => {
    const r = run({
      skus: [{ sku: "A", listPriceFen: 100, costFen: 70 }],
      promotions: [{ kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 }],
    });
    // three single-unit lines share the 100 off 34 : 33 : 33 (ties to the earlier line), so the
    // first pays 66 — lower than 3 units on one line (66.67) or split 1 + 2 (66.5 on the pair)
    const w = r.skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 66, den: 1, fen: 66 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => l.qty)).toEqual([1, 1, 1]);
    expect(w.cart.qty).toBe(1);
    expect(w.belowFloor).toBe(true);
    expect(w.confirmed).toBe(true);
    expect(r.violations.map((v) => v.sku)).toEqual(["A"]);
    const q = quoteRaw({
      lines: w.cart.lines,
      promotions: [{ kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1 }],
    });
    expect(q.lines.map((l) => l.payableFen)).toEqual([66, 67, 67]);
  });
  it("a threshold boundary reached with filler", () => {
    const r = run({
      skus: [
        { sku: "A", listPriceFen: 10000, costFen: 6000 },
        { sku: "B", listPriceFen: 100, costFen: 50 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 20000, discountFen: 5000 }] },
      ],
    });
    expect(r.skus[0]!.worstNetPerUnit.num / r.skus[0]!.worstNetPerUnit.den).toBe(7500);
    // B: one unit on a basis of exactly 20000 carries 5000·100/20000 = 25
    expect(r.skus[1]!.worstNetPerUnit.num / r.skus[1]!.worstNetPerUnit.den).toBeLessThanOrEqual(75);
  });
  it("counts a coupon the buyer may hold, and a platform-funded one not", () => {
    const r = run({
      skus: [{ sku: "A", listPriceFen: 10000, costFen: 6000 }],
      promotions: [
        { kind: "shopCoupon", id: "c", amountFen: 3000 },
        { kind: "platformCoupon", id: "p", amountFen: 5000, fundedBy: "platform" },
      ],
    });
    expect(r.skus[0]!.worstNetPerUnit.fen).toBe(7000);
    expect(r.skus[0]!.cart.coupons).toContain("c");
  });
  it("checks every instant and customer kind", () => {
    const r = run({
      skus: [{ sku: "A", listPriceFen: 10000, costFen: 6000 }],
      promotions: [
        {
          kind: "flashSale",
          id: "f",
          prices: { A: 5000 },
          start: "2026-11-11T00:00:00+08:00",
          end: "2026-11-11T01:00:00+08:00",
        },
        { kind: "memberPrice", id: "m", prices: { A: 4000 }, end: "2026-11-10T00:00:00+08:00" },
      ],
    });
    expect(r.skus[0]!.worstNetPerUnit.fen).toBe(4000);
    expect(r.skus[0]!.cart.customer.member).toBe(true);
  });
  it("a 满减 tier and a coupon threshold on one basis: the minimum, with the cart reaching it", () => {
    // 满减 15 % at 20000 and a coupon of 20 % at 10000 cannot both sit at their worst point: at
    // a basis of 10000 the SKU loses 20 %, at 20000 it loses 15 % and then 2000 of 17000
    const input: WorstCaseInputRaw = {
      skus: [
        { sku: "A", listPriceFen: 2000, costFen: 1000 },
        { sku: "F", listPriceFen: 1000, costFen: 500 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 20000, discountFen: 3000 }] },
        { kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 },
      ],
    };
    const w = run(input).skus[0]!;
    // 2000 − 300 (manJian) − 200 (coupon: 2000 × 1700 / 17000)
    expect(w.worstNetPerUnit).toEqual({ num: 1500, den: 1, fen: 1500 });
    expect(w.exact).toBe(true);
    expect(w.cart.coupons).toEqual(["c"]);
    const q = quoteRaw({
      lines: w.cart.lines,
      promotions: input.promotions ?? [],
      otherShopsAmountFen: w.cart.otherShopsAmountFen,
    });
    expect(q.lines.reduce((t, l) => t + l.listAmountFen, 0)).toBe(20000);
    expect(q.lines[w.cart.line]!.payableFen).toBe(1500);
  });
  it("a cross-shop tier on the same basis, half platform-funded: the minimum, exactly", () => {
    const input: WorstCaseInputRaw = {
      skus: [
        { sku: "A", listPriceFen: 3000, costFen: 1000 },
        { sku: "F", listPriceFen: 1000, costFen: 500 },
      ],
      promotions: [
        { kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 },
        {
          kind: "crossShop",
          id: "x",
          tiers: [{ thresholdFen: 10000, discountFen: 1000 }],
          platformShareBp: 5000,
        },
      ],
    };
    const w = run(input).skus[0]!;
    // basis 10000: the SKU takes 600 of the coupon, then 1000 × 2400 / 8000 = 300 of the
    // cross-shop reduction, half of it platform-funded: 3000 − 600 − 300 + 150
    expect(w.worstNetPerUnit).toEqual({ num: 2250, den: 1, fen: 2250 });
    expect(w.exact).toBe(true);
    expect(w.cart.platformFundedFen).toBe(150);
  });
  it("a step the other shops' amount can land a fen past: the figure counts the rounding", () => {
    const input = (penny: boolean): WorstCaseInputRaw => ({
      skus: [
        { sku: "A", listPriceFen: 3000, costFen: 1000 },
        { sku: "F", listPriceFen: 1000, costFen: 500 },
        ...(penny ? [{ sku: "P", listPriceFen: 1, costFen: 0 }] : []),
      ],
      promotions: [
        { kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 },
        { kind: "crossShop", id: "x", stepFen: 30000, discountFen: 6000, platformShareBp: 5000 },
      ],
    });
    const w = run(input(true)).skus[0]!;
    // on a basis of 10003 this shop carries round(6000 × 10003 / 30000) = 2001, and a line can
    // take up to ⌈2001 × 2400 / 8003⌉ = 601 of it (as the split lands): the figure allows for
    // that fen, one below the 2100 a basis of exactly 10000 gives
    expect(w.worstNetPerUnit).toEqual({ num: 2099, den: 1, fen: 2099 });
    expect(w.cart.netPerUnit.fen).toBeGreaterThanOrEqual(2099);
    // without the 1-fen SKU every cart's basis is a whole number of 1000s: no 10003, and the
    // figure is the 2100 of a basis of 10000, which A with seven F reaches
    const v = run(input(false)).skus[0]!;
    expect(v.worstNetPerUnit).toEqual({ num: 2100, den: 1, fen: 2100 });
    expect(v.exact).toBe(true);
  });
  it("the witness cart nets what the engine charges, never below the bound", () => {
    const input: WorstCaseInputRaw = {
      skus: [
        { sku: "A", listPriceFen: 3999, costFen: 2000 },
        { sku: "B", listPriceFen: 1290, costFen: 600 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1500 }] },
        { kind: "secondItem", id: "s", scope: { skus: ["B"] } },
      ],
      settings: { feeRateBp: 600 },
    };
    const r = run(input);
    for (const s of r.skus) {
      const q = quoteRaw({
        now: s.cart.now,
        customer: s.cart.customer,
        lines: s.cart.lines,
        promotions: input.promotions ?? [],
        otherShopsAmountFen: s.cart.otherShopsAmountFen,
      });
      const l = q.lines[s.cart.line]!;
      expect(l.sku).toBe(s.sku);
      // net · 10000 · qty, exactly
      const net = BigInt(
        (l.payableFen + l.platformFundedFen) * (10000 - 600) - l.giftCostFen * 10000,
      );
      const per = s.cart.netPerUnit;
      expect(net * BigInt(per.den)).toBe(BigInt(per.num) * BigInt(10000 * l.qty));
      expect(per.num * s.worstNetPerUnit.den).toBeGreaterThanOrEqual(
        s.worstNetPerUnit.num * per.den,
      );
      expect(s.exact).toBe(per.num * s.worstNetPerUnit.den === s.worstNetPerUnit.num * per.den);
    }
    // A alone: 1500 of 10000 is at most 15 %, ⌈3999 · 0.15⌉ = 600 off, (3999 − 600) · 0.94
    expect(r.skus[0]!.worstNetPerUnit).toEqual({ num: 159753, den: 50, fen: 3195 });
  });
  it("above the floor, the closest layout found stands as the witness when none reaches the figure", () => {
    // (C lets two units of A make 20000 too: a line of two units can take a fen above where
    // one cannot)
    const input: WorstCaseInputRaw = {
      skus: [
        { sku: "A", listPriceFen: 2666, costFen: 1000 },
        { sku: "B", listPriceFen: 8667, costFen: 5000 },
        { sku: "C", listPriceFen: 14668, costFen: 9000 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 20000, discountFen: 2000 }] },
        { kind: "shopCoupon", id: "c", thresholdFen: 20000, amountFen: 2000 },
        { kind: "crossShop", id: "x", stepFen: 30000, discountFen: 5000, platformShareBp: 5000 },
      ],
      settings: { feeRateBp: 600 },
    };
    const w = run(input).skus[0]!;
    // a line of two A beside C (5332 + 14668) takes every split's ceiling, spread over its two
    // units: 1909.5 before fees; a line of one A lands 20000 only beside two B, where one split
    // rounds A's way down
    expect(w.worstNetPerUnit).toEqual({ num: 179493, den: 100, fen: 1794 });
    expect(w.exact).toBe(false);
    expect(w.belowFloor).toBe(false);
    // A and two B land the basis on 20000 exactly, the other shops the step: one fen above
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["B", 2],
    ]);
    expect(w.cart.otherShopsAmountFen).toBe(10000);
    expect(w.cart.payableFen + w.cart.platformFundedFen).toBe(1910);
    const alone = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 2666, qty: 1 }],
      promotions: input.promotions ?? [],
    });
    expect(alone.lines[0]!.payableFen).toBeGreaterThan(w.cart.payableFen + 500);
    // without C, 20000 − 2 × 2666 is no sum of the catalogue's prices: A's line there is one
    // unit, beside two B, and that cart's rounding is the figure
    const one = run({ ...input, skus: input.skus.slice(0, 2) }).skus[0]!;
    expect(one.worstNetPerUnit).toEqual({ num: 8977, den: 5, fen: 1795 });
    expect(one.exact).toBe(true);
    expect(one.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["B", 2],
    ]);
  });
  it("a group's partner counts toward the threshold: 第二件半价 with a coupon, exactly", () => {
    const input: WorstCaseInputRaw = {
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 16000, costFen: 9000 },
        { sku: "B", categoryId: "h", listPriceFen: 1000, costFen: 500 },
      ],
      promotions: [
        { kind: "secondItem", id: "s", rateBp: 5000, scope: { categories: ["g"] } },
        { kind: "shopCoupon", id: "c", thresholdFen: 20000, amountFen: 2000 },
      ],
    };
    const w = run(input).skus[0]!;
    // a unit at 25 % off needs a partner: two A make a basis of 24000, not the 20000 a unit
    // alone could land on, so the coupon takes 2000 · 12000 / 24000 = 1000 of a line (the
    // per-level ratio alone would allow 1200)
    expect(w.worstNetPerUnit).toEqual({ num: 11000, den: 1, fen: 11000 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["A", 1],
    ]);
    expect(w.cart.applied).toEqual(["s", "c"]);
  });
  it("where no filler makes up the corner's basis exactly, the figure takes the basis the catalogue can make", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "c", listPriceFen: 4803, costFen: 1000 },
        { sku: "B", categoryId: "c", listPriceFen: 1033, costFen: 500 },
      ],
      promotions: [{ kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 }],
    }).skus[0]!;
    // a basis of exactly 10000 would take ⌈2000 · 4803 / 10000⌉ = 961 off A, but A and B
    // make no such basis: the least they make from 10000 up, 10639 (two A and one B), takes
    // 903 off each A, and that is the figure, reached
    expect(w.worstNetPerUnit).toEqual({ num: 3900, den: 1, fen: 3900 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => `${l.sku}×${l.qty}`).sort()).toEqual(["A×1", "A×1", "B×1"]);
    expect(w.cart.payableFen).toBe(3900);
  });
  it("a catalogue of many prices: the least basis it makes past the threshold is still the figure", () => {
    // 80 SKUs at 60.00 to 67.90 beside A: the least basis from 10000 up holding A is A and the
    // 60.00 SKU, 10803 (two A make 9606, and any other filler is dearer)
    const filler = Array.from({ length: 80 }, (_, i) => ({
      sku: `F${i}`,
      categoryId: "c",
      listPriceFen: 6000 + 10 * i,
      costFen: 1000,
    }));
    const w = run({
      skus: [{ sku: "A", categoryId: "c", listPriceFen: 4803, costFen: 1000 }, ...filler],
      promotions: [{ kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 }],
    }).skus[0]!;
    // A's share of the coupon: 2000 · 4803 / 10803 = 889.2, the leftover fen to F0's .8
    expect(w.worstNetPerUnit).toEqual({ num: 3914, den: 1, fen: 3914 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => `${l.sku}×${l.qty}`).sort()).toEqual(["A×1", "F0×1"]);
  });

  it("a catalogue of many prices: the witness lands the corner with filler of three amounts", () => {
    // 70 SKUs at 9.90 + 1.00·k yuan: every amount ends in 90 fen, so a basis from 20000 up
    // holding A (105.90) takes a multiple of ten lines; the least, 20010, only filler of three
    // amounts or more makes (no equal lines, no cheap SKU beside one other line)
    const ks = [
      1, 3, 6, 14, 18, 19, 21, 40, 42, 44, 47, 48, 51, 53, 61, 68, 73, 77, 79, 82, 89, 90, 94, 104,
      105, 109, 117, 118, 129, 138, 140, 145, 150, 157, 159, 166, 167, 168, 171, 172, 178, 182, 185,
      191, 199, 209, 210, 220, 223, 224, 241, 246, 247, 248, 251, 265, 266, 267, 269, 288, 297, 302,
      309, 312, 314, 318, 326, 330, 351, 358,
    ];
    const w = run({
      skus: [
        { sku: "A", categoryId: "c", listPriceFen: 10590, costFen: 1000 },
        ...ks.map((k) => ({
          sku: `F${k}`,
          categoryId: "c",
          listPriceFen: 990 + 100 * k,
          costFen: 100,
        })),
      ],
      promotions: [{ kind: "shopCoupon", id: "c", thresholdFen: 20000, amountFen: 3000 }],
    }).skus[0]!;
    // A's share at 20010: 3000 · 10590 / 20010 = 1587.7, the leftover fen to A
    expect(w.worstNetPerUnit).toEqual({ num: 9002, den: 1, fen: 9002 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.reduce((a, l) => a + l.listPriceFen * l.qty, 0)).toBe(20010);
    expect(new Set(w.cart.lines.map((l) => l.sku)).size).toBeGreaterThanOrEqual(4);
  });

  it("N件X元: the witness puts the SKU beside the dearest units the promotion covers", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 3000, costFen: 1000 },
        { sku: "B", categoryId: "g", listPriceFen: 9000, costFen: 4000 },
      ],
      promotions: [
        { kind: "nForX", id: "n", qty: 2, priceFen: 6000, scope: { categories: ["g"] } },
      ],
    }).skus[0]!;
    // A with B: 12000 for 6000, A's line carries 6000 · 3000 / 12000 = 1500 of it; beside a
    // set of two B too, the 18000 off spreads over 30000 and A carries 1800; beside two sets,
    // 30000 off 48000 and A carries 1875 (the witness tries as many sets as the corner's
    // basis holds, and one more: A pays 1125 beside five B). More sets of B take the share
    // towards 2/3 of A (the bound, 1000), which no finite cart reaches; the search after the
    // layouts adds B while A's share grows: ten sets (A and 19 B), 114000 off 174000, A pays
    // 3000 − 1966 = 1034
    expect(w.worstNetPerUnit).toEqual({ num: 1000, den: 1, fen: 1000 });
    expect(w.cart.lines.map((l) => l.sku)).toEqual(["A", "B"]);
    expect(w.cart.lines[1]!.qty % 2).toBe(1);
    expect(w.cart.payableFen).toBeLessThan(1125);
    expect(w.cart.payableFen).toBeGreaterThan(1000);
    expect(w.exact).toBe(false);
  });
  it("N件X元 beside a 限时折扣 over its whole category: the partners are discounted too", () => {
    const input = (limit?: number) => ({
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 3000, costFen: 1000 },
        { sku: "B", categoryId: "g", listPriceFen: 9000, costFen: 4000 },
      ],
      promotions: [
        {
          kind: "timeDiscount" as const,
          id: "t",
          rateBp: 8000,
          scope: { categories: ["g"] },
          ...(limit ? { perCustomerLimit: limit } : {}),
        },
        { kind: "nForX" as const, id: "n", qty: 2, priceFen: 6000, scope: { categories: ["g"] } },
      ],
    });
    // A at 2400 only while the discount is live, and then B costs 7200, not 9000: beside ever
    // more sets of B, A's share tends to 1 − 6000/14400 of 2400, i.e. to 1000 — as at list
    // prices. Taking A at 2400 beside B at 9000 would have given 800, which no cart reaches
    const w = run(input()).skus[0]!;
    const f = w.worstNetPerUnit.num / w.worstNetPerUnit.den;
    expect(f).toBeGreaterThan(990);
    expect(f).toBeLessThanOrEqual(1000);
    expect(w.cart.netPerUnit.num / w.cart.netPerUnit.den).toBeGreaterThanOrEqual(f);
    // with a per-customer limit the discount can stop at A's unit: A at 2400, B at 9000
    const limited = run(input(1)).skus[0]!;
    const g = limited.worstNetPerUnit.num / limited.worstNetPerUnit.den;
    const q = quoteRaw({
      lines: [
        { sku: "A", categoryId: "g", listPriceFen: 3000, qty: 1 },
        { sku: "B", categoryId: "g", listPriceFen: 9000, qty: 3 },
      ],
      promotions: input(1).promotions,
    });
    // two sets: 3 · 9000 + 2400 = 29400 for 12000, A carries 17400 · 2400 / 29400 ≈ 1420
    expect(q.lines[0]!.payableFen).toBe(980);
    expect(g).toBeLessThanOrEqual(980);
    expect(g).toBeLessThan(f);
  });
  it("N件X元 beside a 满减: the figure follows whole sets, each paying X", () => {
    const promotions = [
      { kind: "nForX" as const, id: "n", qty: 2, priceFen: 6000, scope: { categories: ["g"] } },
      { kind: "manJian" as const, id: "m", tiers: [{ thresholdFen: 20_000, discountFen: 3000 }] },
    ];
    const w = run({
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 3000, costFen: 500 },
        { sku: "B", categoryId: "g", listPriceFen: 9000, costFen: 500 },
        { sku: "F", categoryId: "f", listPriceFen: 2000, costFen: 500 },
      ],
      promotions,
    }).skus[0]!;
    const f = w.worstNetPerUnit.num / w.worstNetPerUnit.den;
    // A beside sets of B: k sets pay 6000·k, A's part 6000k·3000/(3000 + (2k − 1)·9000), which
    // falls towards 1000. Four sets (24,000) meet the 满减 with A at about 1091, three with F
    // (20,000) with A at 1125: 955 or 956 after its share of the 3000. Taking A near 1000 on a
    // basis of 20,000, as no whole number of sets makes, gave 850
    const a = (lines: [string, string, number, number][]) =>
      quoteRaw({
        lines: lines.map(([sku, categoryId, listPriceFen, qty]) => ({
          sku,
          categoryId,
          listPriceFen,
          qty,
        })),
        promotions,
      }).lines[0]!.payableFen;
    expect(
      a([
        ["A", "g", 3000, 1],
        ["B", "g", 9000, 7],
      ]),
    ).toBe(955);
    expect(
      a([
        ["A", "g", 3000, 1],
        ["B", "g", 9000, 5],
        ["F", "f", 2000, 1],
      ]),
    ).toBe(956);
    expect(f).toBeGreaterThan(950);
    expect(f).toBeLessThanOrEqual(955);
    expect(w.cart.netPerUnit.num / w.cart.netPerUnit.den).toBe(955);
  });
  it("filler from a category whose own offer it cannot meet lands the corner exactly", () => {
    const r = run({
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 13_900, costFen: 500 },
        { sku: "F", categoryId: "f", listPriceFen: 1000, costFen: 500 },
        { sku: "H", categoryId: "f", listPriceFen: 1200, costFen: 500 },
      ],
      promotions: [
        { kind: "buyNGetM", id: "g2", buyQty: 2, freeQty: 1, scope: { categories: ["g"] } },
        {
          kind: "manJian",
          id: "m",
          tiers: [
            { thresholdFen: 20_000, discountFen: 2000 },
            { thresholdFen: 40_000, discountFen: 5000 },
          ],
        },
        // f's own offer needs 30,000 of f: the 12,200 of filler the corner asks never meet it
        {
          kind: "meiManJian",
          id: "f3",
          stepFen: 30_000,
          discountFen: 3000,
          capFen: 15_000,
          scope: { categories: ["f"] },
        },
      ],
    });
    const w = r.skus[0]!;
    // three A (27,800 after 买2赠1) and 12,200 of F and H make 40,000, the 5,000 tier; before,
    // f's SKUs counted as no filler (f3 opens below the corner's 40,000) and 13 F went past it
    const fill = w.cart.lines.filter((l) => l.sku !== "A");
    expect(fill.reduce((t, l) => t + l.listPriceFen * l.qty, 0)).toBe(12_200);
    const f = w.worstNetPerUnit.num / w.worstNetPerUnit.den;
    const net = w.cart.netPerUnit.num / w.cart.netPerUnit.den;
    expect(net).toBeGreaterThanOrEqual(f);
    expect(net - f).toBeLessThanOrEqual(1);
  });
  it("several lines of the SKU share one item coupon: the witness's simulation splits it", () => {
    const r = run({
      skus: [
        { sku: "A", categoryId: "C1", listPriceFen: 1619, costFen: 890 },
        { sku: "B", categoryId: "C1", listPriceFen: 1709, costFen: 939 },
        { sku: "F", categoryId: "C9", listPriceFen: 7671, costFen: 4219 },
        { sku: "G", categoryId: "C9", listPriceFen: 10_261, costFen: 5643 },
        { sku: "H", categoryId: "C9", listPriceFen: 7331, costFen: 4032 },
      ],
      promotions: [
        { kind: "timeDiscount", id: "td", rateBp: 8700, scope: { categories: ["C9"] } },
        {
          kind: "itemCoupon",
          id: "ic",
          thresholdFen: 0,
          amountFen: 500,
          scope: { categories: ["C1"] },
        },
        {
          kind: "manZhe",
          id: "mz",
          tiers: [{ thresholdFen: 10_000, rateBp: 9500 }],
          scope: { categories: ["C9", "C1"] },
        },
        { kind: "shopCoupon", id: "sc", thresholdFen: 10_000, amountFen: 2000 },
        { kind: "crossShop", id: "xs", stepFen: 30_000, discountFen: 5000, platformShareBp: 5000 },
      ],
      settings: { feeRateBp: 600 },
    });
    const w = r.skus[0]!;
    // the 500 off goes whole to one line of A, but three lines share it (about 167 each): the
    // simulation had taken 500 off each, so three lines beside F looked lowest and the engine
    // priced them at 939, above the floor of 890. One line beside G nets about 702
    expect(w.belowFloor).toBe(true);
    expect(w.confirmed).toBe(true);
    expect(w.cart.lines.filter((l) => l.sku === "A")).toHaveLength(1);
    expect(w.cart.netPerUnit.num / w.cart.netPerUnit.den).toBeLessThan(710);
  });
  it("a figure that is a region's worst names its coupon and cross-shop offer: the witness takes them", () => {
    const r = run({
      skus: [
        { sku: "A", categoryId: "C5", listPriceFen: 5725, costFen: 3148 },
        { sku: "B", categoryId: "C5", listPriceFen: 4311, costFen: 2000 },
        { sku: "F", categoryId: "C1", listPriceFen: 990, costFen: 500 },
      ],
      promotions: [
        { kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1, scope: { categories: ["C5"] } },
        {
          kind: "manZhe",
          id: "mz",
          scope: { categories: ["C5"] },
          tiers: [{ thresholdFen: 10000, rateBp: 9500 }],
        },
        { kind: "shopCoupon", id: "cp", thresholdFen: 10000, amountFen: 2000 },
        {
          kind: "crossShop",
          id: "cs",
          platformShareBp: 5000,
          stepFen: 30000,
          discountFen: 5000,
        },
      ],
      settings: { feeRateBp: 600 },
    });
    const w = r.skus[0]!;
    // the figure bounds a 满折 cell's every basis (no single cart is known to reach it); the
    // coupon and the offer giving it are named, so the witness holds them (without them it
    // stopped at three A after the group and 满折 alone: 3408.44)
    const bound = w.worstNetPerUnit.fen;
    expect(w.cart.applied).toEqual(expect.arrayContaining(["g", "mz", "cp", "cs"]));
    expect(w.cart.otherShopsAmountFen).toBeGreaterThan(0);
    expect(w.cart.netPerUnit.fen).toBeGreaterThanOrEqual(bound);
    expect(w.cart.netPerUnit.fen).toBeLessThan(bound * 1.05);
    expect(w.confirmed).toBe(true);
  });
  it("where every SKU takes an item-level price, the SKU's own units land the threshold", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "c", listPriceFen: 1912, costFen: 1000 },
        { sku: "B", categoryId: "c", listPriceFen: 2500, costFen: 1300 },
      ],
      promotions: [
        { kind: "timeDiscount", id: "td", scope: { categories: ["c"] }, rateBp: 8900 },
        // (B's price depends on the promotion's stock: no filler whose amount the cart fixes)
        { kind: "flashSale", id: "fs", prices: { B: 2000 }, stock: 50 },
        { kind: "shopCoupon", id: "cp", thresholdFen: 10000, amountFen: 2000 },
      ],
      settings: { feeRateBp: 600 },
    }).skus[0]!;
    // no other SKU to fill the cart up to the coupon's 10000: A's own units do (6 at 1702),
    // where the witness had been A alone without the coupon (1599.88)
    expect(w.cart.lines.every((l) => l.sku === "A")).toBe(true);
    expect(w.cart.applied).toEqual(["td", "cp"]);
    expect(w.cart.netPerUnit.fen).toBeGreaterThanOrEqual(w.worstNetPerUnit.fen);
    expect(w.cart.netPerUnit.fen).toBeLessThan(w.worstNetPerUnit.fen + 10);
  });
  it("filler at a steady item-level price: another SKU's discounted units land the threshold", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "c", listPriceFen: 1912, costFen: 1000 },
        { sku: "B", categoryId: "c", listPriceFen: 2500, costFen: 1300 },
      ],
      promotions: [
        { kind: "timeDiscount", id: "td", scope: { categories: ["c"] }, rateBp: 8900 },
        { kind: "shopCoupon", id: "cp", thresholdFen: 10000, amountFen: 2000 },
      ],
      settings: { feeRateBp: 600 },
    }).skus[0]!;
    // B at 89 % (2225 a unit, whatever the cart) fills where A's own units did: two A lines
    // (1702 each) and three B make 10079, past the coupon's 10000 by less than A's units could
    // (10212): 1282.16 a unit where they gave 1285.92. The figure takes the least basis from
    // 10000 up that units of 1702, 1912, 2225 and 2500 can make, 10041: A at 1702 takes at most
    // ⌈2000 × 1702 / 10041⌉ = 340, 1280.28 a unit (a basis of exactly 10000 gave 1279.34)
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["A", 1],
      ["B", 3],
    ]);
    expect(w.cart.applied).toEqual(["td", "cp"]);
    expect(w.cart.netPerUnit).toEqual({ num: 32054, den: 25, fen: 1282 });
    expect(w.worstNetPerUnit).toEqual({ num: 32007, den: 25, fen: 1280 });
  });
  it("a group's shares near its largest are searched finely enough: the figure within 1 % of the witness", () => {
    const r = run({
      skus: [30000, 29000, 27000, 24000, 20000].map((p, i) => ({
        sku: `A${i}`,
        categoryId: "c5",
        listPriceFen: p,
        costFen: 1000,
      })),
      promotions: [
        { kind: "buyNGetM", id: "b21", buyQty: 2, freeQty: 1, scope: { categories: ["c5"] } },
        {
          kind: "manJian",
          id: "mj",
          tiers: [
            { thresholdFen: 20000, discountFen: 2000 },
            { thresholdFen: 40000, discountFen: 5000 },
          ],
        },
        { kind: "shopCoupon", id: "cp", rateBp: 9000, capFen: 3000 },
      ],
    });
    // three A0 lines (1/3 off each, 满减 5000, the coupon's cap) net 173.33; the figure bounds
    // every mix of partners a little cheaper than A0, whose shares of 买2赠1 fall just short of
    // 1/3: four halvings of the range (depth first) left it at 169.99, five best first at 171.66
    const a0 = r.skus[0]!;
    expect(a0.cart.netPerUnit.fen).toBe(17333);
    const figure = a0.worstNetPerUnit.num / a0.worstNetPerUnit.den;
    expect(figure).toBeLessThanOrEqual(17333);
    expect(figure).toBeGreaterThan(17333 * 0.99);
  });
  it("filler at a limited price, within its capacity: one flash-sale unit makes up a small rest", () => {
    const input = (state: WorstCaseInputRaw["state"]) =>
      run({
        skus: [
          { sku: "A", categoryId: "c1", listPriceFen: 19800, costFen: 10000 },
          { sku: "F", categoryId: "c2", listPriceFen: 1000, costFen: 200 },
          { sku: "Z", categoryId: "c3", listPriceFen: 1100, costFen: 500 },
        ],
        promotions: [
          { kind: "flashSale", id: "fs", prices: { F: 300 }, stock: 10, perCustomerLimit: 1 },
          { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 20000, discountFen: 2000 }] },
        ],
        ...(state ? { state } : {}),
      }).skus[0]!;
    // A needs 200 more for 满减's 20000: F at its flash price (one unit, its per-customer limit)
    // lands 20100, 1970 off A; Z (1100) lands 20900, 1895 off. No cart's basis falls between
    // 20000 and 20100, so the figure is the most A can take there, ⌈2000 × 19800 / 20100⌉ = 1971
    const w = input(undefined);
    expect(w.worstNetPerUnit).toEqual({ num: 17829, den: 1, fen: 17829 });
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["F", 1],
    ]);
    expect(w.cart.netPerUnit).toEqual({ num: 17830, den: 1, fen: 17830 });
    // with the flash sale's stock gone F costs 1000: the layouts fill with Z (20900, 1895 off
    // A), and the search after them finds F at its list price lower still (20800, 1904 off)
    const gone = input({ stockLeft: { fs: 0 } });
    expect(gone.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["F", 1],
    ]);
    expect(gone.cart.netPerUnit).toEqual({ num: 17896, den: 1, fen: 17896 });
  });
  it("filler covered by an offer the cart cannot meet: it stays in the 满减's lines", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "c1", listPriceFen: 3000, costFen: 1000 },
        { sku: "Z", categoryId: "c2", listPriceFen: 1000, costFen: 500 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1000 }] },
        {
          kind: "manZhe",
          id: "mz",
          tiers: [{ thresholdFen: 50000, rateBp: 9000 }],
          scope: { categories: ["c2"] },
        },
      ],
    }).skus[0]!;
    // Z is covered by 满折, which A is not, but a cart worth 10000 never meets its 50000: seven
    // Z make 满减's threshold exactly, 1000·3000/10000 = 300 off A. The witness had been A's own
    // units (12000, 250 off)
    expect(w.worstNetPerUnit).toEqual({ num: 2700, den: 1, fen: 2700 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["Z", 7],
    ]);
  });
  it("filler in a group promotion, for fewer units than its set: the witness lands the threshold", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "a", listPriceFen: 6000, costFen: 1000 },
        { sku: "B", categoryId: "b", listPriceFen: 2000, costFen: 1000 },
      ],
      promotions: [
        { kind: "nForX", id: "n", qty: 3, priceFen: 3000, scope: { categories: ["b"] } },
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10000, discountFen: 1000 }] },
      ],
    }).skus[0]!;
    // two B (4000, no set of three) bring A onto 10000, where A carries 600 of the 1000: 5400.
    // Three B would make a set (3000) and miss; without B, A's own second unit lands past the
    // threshold (12000) and A carries 500
    expect(w.worstNetPerUnit).toEqual({ num: 5400, den: 1, fen: 5400 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["B", 2],
    ]);
  });
  it("a group's units with an item coupon: the witness lays them out at the coupon's split", () => {
    const promotions: NonNullable<WorstCaseInputRaw["promotions"]> = [
      { kind: "buyNGetM", id: "g", buyQty: 2, freeQty: 1, scope: { categories: ["g"] } },
      { kind: "itemCoupon", id: "ic", amountFen: 500, scope: { categories: ["g"] } },
      { kind: "shopCoupon", id: "sc", thresholdFen: 10000, amountFen: 2000 },
    ];
    const w = run({
      skus: [
        { sku: "A", categoryId: "g", listPriceFen: 3000, costFen: 1000 },
        { sku: "F", categoryId: "f", listPriceFen: 700, costFen: 300 },
      ],
      promotions,
    }).skus[0]!;
    // three A make a set (3000 off, 2000 each) and the item coupon leaves them 5500: seven F
    // (4900) bring the cart onto the shop coupon's 10000. Laid out without the item coupon's
    // split (6000), six F seem enough and the cart misses the threshold
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["A", 1],
      ["A", 1],
      ["F", 7],
    ]);
    expect(w.cart.applied).toEqual(["g", "ic", "sc"]);
    expect(w.cart.netPerUnit).toEqual({ num: 1480, den: 1, fen: 1480 });
    expect(w.worstNetPerUnit.fen).toBeLessThanOrEqual(1480);
    const q = quoteRaw({ lines: w.cart.lines, promotions });
    expect(q.lines[w.cart.line]!.payableFen).toBe(w.cart.payableFen);
  });
  it("an item coupon every line of the 满减 holds is split over them all: no cheap unit takes it whole on the threshold", () => {
    const r = run({
      skus: [
        { sku: "A", categoryId: "c6", listPriceFen: 1000, costFen: 400 },
        { sku: "B", categoryId: "c6", listPriceFen: 2000, costFen: 800 },
      ],
      promotions: [
        { kind: "itemCoupon", id: "ic", amountFen: 500, scope: { categories: ["c6"] } },
        {
          kind: "manJian",
          id: "mj",
          tiers: [{ thresholdFen: 15000, discountFen: 1500 }],
          scope: { categories: ["c6"] },
        },
      ],
    });
    // every line 满减 can hold is in the coupon's scope, and no other coupon can take one: on
    // the 15000 threshold the coupon's 500 is spread over 15000 and more, so A keeps at least
    // 1000 − ⌈500·1000/15000⌉ = 966 and ends near 870. The worst is A alone with the coupon:
    // 500. The figure had let A take the whole coupon beside 满减's threshold (450)
    const [a, b] = r.skus;
    expect(a!.worstNetPerUnit).toEqual({ num: 500, den: 1, fen: 500 });
    expect(a!.exact).toBe(true);
    expect(a!.cart.lines.map((l) => [l.sku, l.qty])).toEqual([["A", 1]]);
    expect(b!.worstNetPerUnit).toEqual({ num: 1500, den: 1, fen: 1500 });
    expect(b!.exact).toBe(true);
  });
  it("an item coupon on the SKU alone stays whole beside the 满减's other lines", () => {
    const promotions: NonNullable<WorstCaseInputRaw["promotions"]> = [
      { kind: "itemCoupon", id: "ic", amountFen: 500, scope: { skus: ["A"] } },
      {
        kind: "manJian",
        id: "mj",
        tiers: [{ thresholdFen: 15000, discountFen: 1500 }],
        scope: { categories: ["c6"] },
      },
    ];
    const w = run({
      skus: [
        { sku: "A", categoryId: "c6", listPriceFen: 1000, costFen: 400 },
        { sku: "B", categoryId: "c6", listPriceFen: 2000, costFen: 800 },
      ],
      promotions,
    }).skus[0]!;
    // B's lines hold no coupon: A keeps its 500 off and 满减 takes 45 more (1500·500/16500)
    const q = quoteRaw({
      lines: [
        { sku: "A", categoryId: "c6", listPriceFen: 1000, qty: 1 },
        { sku: "B", categoryId: "c6", listPriceFen: 2000, qty: 8 },
      ],
      promotions,
    });
    expect(q.lines[0]!.payableFen).toBe(455);
    expect(w.worstNetPerUnit.num / w.worstNetPerUnit.den).toBeLessThanOrEqual(455);
  });
  it("a group's partners share the SKU's class at the shop level: the offer holding it holds them", () => {
    const w = run({
      skus: [
        { sku: "A", categoryId: "c5", listPriceFen: 30000, costFen: 10000 },
        { sku: "Z", categoryId: "c7", listPriceFen: 1000, costFen: 500 },
      ],
      promotions: [
        { kind: "buyNGetM", id: "b21", buyQty: 2, freeQty: 1, scope: { categories: ["c5"] } },
        {
          kind: "manJian",
          id: "mj",
          tiers: [
            { thresholdFen: 20000, discountFen: 2000 },
            { thresholdFen: 40000, discountFen: 5000 },
          ],
        },
        {
          kind: "manZhe",
          id: "mz",
          tiers: [{ thresholdFen: 10000, rateBp: 9500 }],
          scope: { categories: ["c7"] },
        },
      ],
    }).skus[0]!;
    // A's two partners (its own units here) are covered by every shop-level offer that covers
    // A, so 满减 holds them with it: 5000 over 60000, ⌈5000·20000/60000⌉ = 1667 off A's line.
    // The figure had let 满折 hold the partners apart, 满减's 40000 tier on A's line and 20000
    // more (17500), a cart no order of the offers makes
    expect(w.worstNetPerUnit).toEqual({ num: 18333, den: 1, fen: 18333 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => [l.sku, l.qty])).toEqual([
      ["A", 1],
      ["A", 1],
      ["A", 1],
    ]);
  });
  it("a shop-level offer holding only some of a group's SKUs can hold a unit's partners apart", () => {
    const promotions: NonNullable<WorstCaseInputRaw["promotions"]> = [
      { kind: "buyNGetM", id: "b21", buyQty: 2, freeQty: 1, scope: { categories: ["c5"] } },
      {
        kind: "manJian",
        id: "mj",
        tiers: [
          { thresholdFen: 20000, discountFen: 2000 },
          { thresholdFen: 40000, discountFen: 5000 },
        ],
      },
      {
        kind: "manZhe",
        id: "mz",
        tiers: [{ thresholdFen: 10000, rateBp: 8000 }],
        scope: { skus: ["B"] },
      },
    ];
    const w = run({
      skus: [
        { sku: "A", categoryId: "c5", listPriceFen: 30000, costFen: 10000 },
        { sku: "B", categoryId: "c5", listPriceFen: 30000, costFen: 10000 },
      ],
      promotions,
    }).skus[0]!;
    // A, A, B: 买2赠1 leaves each line 20000; 满折 takes B's line (4000 off), 满减 the two A
    // lines at its 40000 tier (5000 off, 2500 each) — 9000 in all, more than 满减 on all three
    const q = quoteRaw({
      lines: [
        { sku: "A", categoryId: "c5", listPriceFen: 30000, qty: 1 },
        { sku: "A", categoryId: "c5", listPriceFen: 30000, qty: 1 },
        { sku: "B", categoryId: "c5", listPriceFen: 30000, qty: 1 },
      ],
      promotions,
    });
    expect(q.lines.map((l) => l.payableFen)).toEqual([17500, 17500, 16000]);
    expect(w.worstNetPerUnit).toEqual({ num: 17500, den: 1, fen: 17500 });
  });
  it("an uncapped 每满减 past its first step: the figure is the cart on the next step, not the step reached", () => {
    const w = run({
      skus: [
        { sku: "A", listPriceFen: 64900, costFen: 30000 },
        { sku: "B", listPriceFen: 2510, costFen: 1000 },
      ],
      promotions: everyFull300,
    }).skus[0]!;
    // A with ten B is worth 90000: three steps take 15000, A's share ⌈15000·64900/90000⌉ =
    // 10817 at most, and the coupon's 2000·54083/75000 = 1442.21: however the ten B are laid
    // out, some line's remainder beats A's .21, so 1442: 52641. (A alone, two steps, takes
    // only 10000 and the coupon 2000: 52900. Pairing A's share on a step with the smaller
    // discount of 64900 had given 52112, which no cart reaches.)
    expect(w.worstNetPerUnit).toEqual({ num: 52641, den: 1, fen: 52641 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.reduce((t, l) => t + l.listPriceFen * l.qty, 0)).toBe(90000);
  });
  it("an uncapped 每满减 taking most of each step: the figure holds for carts many steps up", () => {
    // past a step the lines are worth less than at the bases between: A and B alone cannot make
    // 2 steps (6108), but A, A, B… land 7 steps on the nose (21380 ≈ 7 × 3054 + 2)
    const promotions: WorstCaseInputRaw["promotions"] = [
      { kind: "shopCoupon", id: "c", thresholdFen: 0, amountFen: 7 },
      {
        kind: "meiManJian",
        id: "mm",
        stepFen: 3054,
        discountFen: 2874,
        scope: { categories: ["c1"] },
      },
    ];
    const skus = [
      { sku: "A", categoryId: "c1", listPriceFen: 2630, costFen: 1 },
      { sku: "B", categoryId: "c1", listPriceFen: 5430, costFen: 1 },
      { sku: "C", categoryId: "c2", listPriceFen: 50, costFen: 1 },
    ];
    const w = run({ skus, promotions }).skus[1]!;
    const q = quoteRaw({
      lines: [
        { sku: "B", categoryId: "c1", listPriceFen: 5430, qty: 1 },
        { sku: "B", categoryId: "c1", listPriceFen: 5430, qty: 1 },
        { sku: "A", categoryId: "c1", listPriceFen: 2630, qty: 4 },
      ],
      promotions,
    });
    expect(q.lines[0]!.payableFen).toBe(318);
    expect(w.worstNetPerUnit.num / w.worstNetPerUnit.den).toBeLessThanOrEqual(318);
    expect(w.cart.netPerUnit.fen).toBeLessThanOrEqual(318);
  });
  it("a 限时折扣 with a window of its own: filler at its price lands the threshold, at an instant it is live", () => {
    const promotions: WorstCaseInputRaw["promotions"] = [
      {
        kind: "manJian",
        id: "mj",
        tiers: [{ thresholdFen: 30000, discountFen: 5000 }],
        start: "2026-11-01T00:00:00+08:00",
        end: "2026-11-12T00:00:00+08:00",
      },
      {
        kind: "timeDiscount",
        id: "td",
        rateBp: 8500,
        scope: { skus: ["B"] },
        start: "2026-11-11T00:00:00+08:00",
        end: "2026-11-11T02:00:00+08:00",
      },
    ];
    const w = run({
      skus: [
        { sku: "A", listPriceFen: 16000, costFen: 1 },
        { sku: "B", listPriceFen: 8900, costFen: 1 },
        { sku: "C", listPriceFen: 6435, costFen: 1 },
      ],
      promotions,
    }).skus[0]!;
    // only B at 7565 (its 8.5折) makes 30000 with A and C: A's share ⌈5000·16000/30000⌉ = 2667
    expect(w.worstNetPerUnit).toEqual({ num: 13333, den: 1, fen: 13333 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => l.sku).sort()).toEqual(["A", "B", "C"]);
    expect(Date.parse(w.cart.now)).toBeGreaterThanOrEqual(Date.parse("2026-11-11T00:00:00+08:00"));
    expect(Date.parse(w.cart.now)).toBeLessThan(Date.parse("2026-11-11T02:00:00+08:00"));
  });
  it("an uncapped 每满减 on a step the catalogue cannot make: the least basis past it is the figure", () => {
    const w = run({
      skus: [
        { sku: "A", listPriceFen: 54900, costFen: 1 },
        { sku: "B", listPriceFen: 5900, costFen: 1 },
      ],
      promotions: everyFull300,
    }).skus[0]!;
    // 60000 cannot be made; A and B make 60800: two steps, A's share ⌈10000·54900/60800⌉ = 9030
    // and the coupon's ⌈2000·45870/50800⌉ = 1806 (each line's leftover fen to A: .6 and .9)
    expect(w.worstNetPerUnit).toEqual({ num: 44064, den: 1, fen: 44064 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => `${l.sku}×${l.qty}`)).toEqual(["A×1", "B×1"]);
  });
  it("filler of three amounts no simpler shape makes: the corner is landed exactly", () => {
    // 47145 − 13900 = 33245 is no run of equal lines and no units of one SKU beside one line of
    // another, but 3 × 7565 + 2190 + 4 × 2090; the 60 dear SKUs leave the local search two SKUs
    const w = run({
      skus: [
        { sku: "A", listPriceFen: 13900, costFen: 1 },
        { sku: "B", listPriceFen: 7565, costFen: 1 },
        { sku: "C", listPriceFen: 2090, costFen: 1 },
        { sku: "D", listPriceFen: 2190, costFen: 1 },
        ...Array.from({ length: 60 }, (_, i) => ({
          sku: `E${i}`,
          listPriceFen: 99000 + i,
          costFen: 1,
        })),
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 47145, discountFen: 8000 }] },
      ],
    }).skus[0]!;
    // A's share of 8000 over 47145: ⌈2358.68⌉ = 2359
    expect(w.worstNetPerUnit).toEqual({ num: 11541, den: 1, fen: 11541 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.reduce((t, l) => t + l.listPriceFen * l.qty, 0)).toBe(47145);
  });
  it("one unit beside one line: the coupon's leftover fen goes to the larger remainder, the figure follows", () => {
    // the demo shop's 双12: 满400减50 and a 满299减30 coupon. The cheapest basis from 40000 is
    // 37900 + 2190: A's share of 5000 is 4726.87 (its remainder beats B's .13, so 4727), of the
    // coupon 3000 × 33173 / 35090 = 2836.13, and beside one line a remainder of .13 is beaten
    // (a line takes the fen above its part only with a remainder of at least 1/lines)
    const promotions: WorstCaseInputRaw["promotions"] = [
      {
        kind: "manJian",
        id: "mj",
        tiers: [
          { thresholdFen: 20000, discountFen: 2000 },
          { thresholdFen: 40000, discountFen: 5000 },
        ],
      },
      { kind: "shopCoupon", id: "c", thresholdFen: 29900, amountFen: 3000 },
    ];
    const w = run({
      skus: [
        { sku: "A", listPriceFen: 37900, costFen: 1 },
        { sku: "B", listPriceFen: 2190, costFen: 1 },
        { sku: "C", listPriceFen: 2090, costFen: 1 },
      ],
      promotions,
    }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 30337, den: 1, fen: 30337 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.map((l) => `${l.sku}×${l.qty}`)).toEqual(["A×1", "B×1"]);
    // with 1-fen units in the catalogue a cart has room for many lines: A beside 2100 of them
    // lands 40000 exactly, every fen above its parts possible, and the figure is that cart's
    const low = run({
      skus: [
        { sku: "A", listPriceFen: 37900, costFen: 1 },
        { sku: "B", listPriceFen: 2190, costFen: 1 },
        { sku: "D", listPriceFen: 1, costFen: 0 },
      ],
      promotions,
    }).skus[0]!;
    // 37900 − ⌈4737.5⌉ = 33162, then the coupon's 3000 × 33162 / 35000 = 2842.46: ⌈·⌉ = 2843
    expect(low.worstNetPerUnit).toEqual({ num: 30319, den: 1, fen: 30319 });
    expect(low.exact).toBe(true);
    expect(low.cart.lines.reduce((t, l) => t + l.listPriceFen * l.qty, 0)).toBe(40000);
  });
  it("carts taking the fen above at the 满减 and carts taking it at the coupon: not one cart taking both", () => {
    // 38900 of 60000 under 每满300减50 takes 6483.33 of the 10000, then 2000 × 32416 / 50000 =
    // 1296.64 of the coupon: the ceilings would leave 31119. The fillers of 21100 from these
    // three prices make 30 layouts: some hand A the fen above at the 满减, some at the coupon,
    // none at both
    const skus = [
      { sku: "A", listPriceFen: 38900, costFen: 1 },
      { sku: "F1", listPriceFen: 2090, costFen: 1 },
      { sku: "F2", listPriceFen: 2290, costFen: 1 },
      { sku: "F3", listPriceFen: 3590, costFen: 1 },
    ];
    const w = run({ skus, promotions: everyFull300 }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 31120, den: 1, fen: 31120 });
    expect(w.exact).toBe(true);
    // every layout of A beside lines worth 21100 (a line: units of one filler SKU)
    const amounts = skus
      .slice(1)
      .flatMap((f) =>
        Array.from({ length: Math.floor(21100 / f.listPriceFen) }, (_, i) => ({
          sku: f.sku,
          listPriceFen: f.listPriceFen,
          qty: i + 1,
        })),
      )
      .sort((x, y) => x.listPriceFen * x.qty - y.listPriceFen * y.qty);
    const seen = { mj: false, c: false, both: false, carts: 0, least: Number.POSITIVE_INFINITY };
    const walk = (from: number, rest: number, lines: typeof amounts): void => {
      if (rest === 0) {
        const q = quoteRaw({
          lines: [{ sku: "A", listPriceFen: 38900, qty: 1 }, ...lines],
          promotions: everyFull300,
        });
        const a = q.lines[0]!;
        const part = (id: string) => a.shares.find((x) => x.promoId === id)!;
        const mj = part("mm").amountFen > Math.floor((38900 * 10000) / 60000);
        const c = part("c").amountFen > Math.floor((part("c").beforeFen * 2000) / 50000);
        seen.mj ||= mj && !c;
        seen.c ||= c && !mj;
        seen.both ||= mj && c;
        seen.carts++;
        seen.least = Math.min(seen.least, a.payableFen);
        return;
      }
      for (let i = from; i < amounts.length; i++) {
        const l = amounts[i]!;
        if (l.listPriceFen * l.qty > rest) break;
        walk(i, rest - l.listPriceFen * l.qty, [...lines, l]);
      }
    };
    walk(0, 21100, []);
    expect(seen).toEqual({ mj: true, c: true, both: false, carts: 30, least: 31120 });
  });
  it("the cart the bound lays out to prove a fen above both splits is the witness", () => {
    // 14900 at 30030 takes the fen above at the 满减 and at the coupon only beside lines whose
    // remainders fall right: two lines of one 2090 and one of five 2190 do, the witness's
    // usual layouts (a run of equal lines, one SKU beside another) do not
    const skus = [
      { sku: "A", listPriceFen: 14900, costFen: 1 },
      { sku: "B", listPriceFen: 2090, costFen: 1 },
      { sku: "C", listPriceFen: 2190, costFen: 1 },
      { sku: "D", listPriceFen: 2290, costFen: 1 },
    ];
    const w = run({ skus, promotions: everyFull300 }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 11426, den: 1, fen: 11426 });
    expect(w.exact).toBe(true);
    expect(w.cart.lines.reduce((t, l) => t + l.listPriceFen * l.qty, 0)).toBe(30030);
    const q = quoteRaw({ lines: w.cart.lines, promotions: everyFull300 });
    expect(q.lines[0]!.payableFen).toBe(11426);
  });
  it("a SKU the 满减 and the coupon leave out lays no line in their splits", () => {
    // with X in both, A beside two F1 and two X (lines of 4180 and 4980) takes the fen above at
    // the 满减 and at the coupon: 16032. Left out of both, X's lines split nothing, and among
    // the carts of F1 and F2 none hands A both
    const skus = [
      { sku: "A", listPriceFen: 20900, costFen: 1 },
      { sku: "F1", listPriceFen: 2090, costFen: 1 },
      { sku: "F2", listPriceFen: 2890, costFen: 1 },
      { sku: "X", listPriceFen: 2490, costFen: 1 },
    ];
    const all = run({ skus, promotions: everyFull300 }).skus[0]!;
    expect(all.worstNetPerUnit).toEqual({ num: 16032, den: 1, fen: 16032 });
    expect(all.exact).toBe(true);
    const promotions = everyFull300.map((p) => ({
      ...p,
      scope: { all: true, excludeSkus: ["X"] },
    })) as WorstCaseInputRaw["promotions"];
    const w = run({ skus, promotions }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 16033, den: 1, fen: 16033 });
    expect(w.exact).toBe(true);
    let least = Number.POSITIVE_INFINITY;
    for (let n1 = 0; n1 <= 5; n1++)
      for (let n2 = 0; n2 <= 4; n2++)
        for (let nx = 0; nx <= 2; nx++) {
          const basis = 20900 + n1 * 2090 + n2 * 2890;
          if (basis < 30000 || basis > 30600) continue;
          const lines = [
            { sku: "A", listPriceFen: 20900, qty: 1 },
            ...Array.from({ length: n1 }, () => ({ sku: "F1", listPriceFen: 2090, qty: 1 })),
            ...(n2 > 0 ? [{ sku: "F2", listPriceFen: 2890, qty: n2 }] : []),
            ...(nx > 0 ? [{ sku: "X", listPriceFen: 2490, qty: nx }] : []),
          ];
          least = Math.min(least, quoteRaw({ lines, promotions }).lines[0]!.payableFen);
        }
    expect(least).toBe(16033);
  });
  it("a basis a line of several units makes too: one unit's rounding exactly, their ceilings per unit", () => {
    // 30160 = 3 × 8990 + 3190 is three lines of one A beside C, or one line of three A: a line
    // of one unit there takes its parts' fen above only as the other lines let it, a line of
    // three every ceiling, spread over its three units (6902 before: every ceiling on one unit)
    const skus = [
      { sku: "A", listPriceFen: 8990, costFen: 1 },
      { sku: "B", listPriceFen: 3290, costFen: 1 },
      { sku: "C", listPriceFen: 3190, costFen: 1 },
    ];
    const w = run({ skus, promotions: everyFull300 }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 6903, den: 1, fen: 6903 });
    expect(w.exact).toBe(true);
    // no cart of up to three A (one line, or lines of one) and up to nine of B and C near the
    // first step nets A less
    let least = Number.POSITIVE_INFINITY;
    for (let na = 1; na <= 3; na++)
      for (const singles of [false, true])
        for (let nb = 0; nb <= 9; nb++)
          for (let nc = 0; nc <= 9; nc++) {
            const basis = na * 8990 + nb * 3290 + nc * 3190;
            if (basis < 29000 || basis > 31000) continue;
            const a = { sku: "A", listPriceFen: 8990 };
            const lines = [
              ...(singles
                ? Array.from({ length: na }, () => ({ ...a, qty: 1 }))
                : [{ ...a, qty: na }]),
              ...(nb > 0 ? [{ sku: "B", listPriceFen: 3290, qty: nb }] : []),
              ...(nc > 0 ? [{ sku: "C", listPriceFen: 3190, qty: nc }] : []),
            ];
            const q = quoteRaw({ lines, promotions: everyFull300 });
            for (const l of q.lines)
              if (l.sku === "A") least = Math.min(least, l.payableFen / l.qty);
          }
    expect(least).toBe(6903);
  });
  it("a 满折 over one category: its lines' least basis past the tier is one the catalogue makes", () => {
    // A needs F beside it for the 满折's 10,000: its lines are worth 10,403 at least, not the
    // tier's 10,000, so the coupon's 2,000 splits over 9,883, not 9,500 (7,058 before)
    const skus = [
      { sku: "A", categoryId: "c1", listPriceFen: 9413, costFen: 1 },
      { sku: "F", categoryId: "c1", listPriceFen: 990, costFen: 1 },
      { sku: "G", categoryId: "c2", listPriceFen: 1500, costFen: 1 },
    ];
    const promotions: WorstCaseInputRaw["promotions"] = [
      {
        kind: "manZhe",
        id: "mz",
        scope: { categories: ["c1"] },
        tiers: [{ thresholdFen: 10000, rateBp: 9500 }],
      },
      { kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 },
    ];
    const w = run({ skus, promotions }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 7131, den: 1, fen: 7131 });
    // every cart of A beside up to twelve F and eight G nets A 7,132 or more (the fen between is
    // the rounding of two splits)
    let least = Number.POSITIVE_INFINITY;
    for (let nf = 0; nf <= 12; nf++)
      for (let ng = 0; ng <= 8; ng++) {
        const lines = [
          { sku: "A", categoryId: "c1", listPriceFen: 9413, qty: 1 },
          ...(nf > 0 ? [{ sku: "F", categoryId: "c1", listPriceFen: 990, qty: nf }] : []),
          ...(ng > 0 ? [{ sku: "G", categoryId: "c2", listPriceFen: 1500, qty: ng }] : []),
        ];
        least = Math.min(least, quoteRaw({ lines, promotions }).lines[0]!.payableFen);
      }
    expect(least).toBe(7132);
    expect(w.cart.payableFen).toBe(7132);
  });
  it("a catalogue of more than 4,096 prices: the least basis past a threshold is still known", () => {
    // 5,000 SKUs of 5,000 prices from 9.90 yuan: A of 99.99 meets the coupon's 100 yuan only
    // beside another unit, at 109.89 at least (1,820 off A, where a basis of 100 yuan would take
    // 2,000)
    const skus = Array.from({ length: 5000 }, (_, i) => ({
      sku: `S${i}`,
      listPriceFen: 990 + ((i * 7919) % 30000),
    }));
    const a = { sku: "A", listPriceFen: 9999 };
    const promotions = [
      PromotionSchema.parse({ kind: "shopCoupon", id: "c", thresholdFen: 10000, amountFen: 2000 }),
    ];
    const bound = boundCalculator([a, ...skus], promotions, { feeRateBp: 0, cumulative: false });
    const b = bound(a);
    // 2,000 · 9,999 / 10,989 = 1,819.8: A's line pays 8,179 at least
    expect(Number(b.num) / Number(b.den)).toBe(8179);
  });
  it("the rest of a cart under another 满减 whose own rate starts higher: each threshold takes its own rate", () => {
    // A is in no shop-level offer; the rest of its cart can be held by a 95% 满折 from 100 yuan,
    // or a 每满300减30 from 300 yuan. Rest worth 100–300 yuan loses at most 5 %, not the 10 %
    // the 每满减 takes past its step (5,230 with every rest losing 10 % from 100 yuan); and the
    // region from 100 yuan ends where the coupon's cap is reached, so its worst beyond takes the
    // cross-shop share only that far (5,261 with it unbounded)
    const skus = [
      { sku: "A", categoryId: "c1", listPriceFen: 6479, costFen: 1 },
      { sku: "F", categoryId: "c2", listPriceFen: 2000, costFen: 1 },
      { sku: "G", categoryId: "c3", listPriceFen: 3000, costFen: 1 },
    ];
    const promotions = heldRest(["c2"], ["c3"]);
    const w = run({ skus, promotions }).skus[0]!;
    expect(w.worstNetPerUnit).toEqual({ num: 5267, den: 1, fen: 5267 });
    // every cart of A beside up to twelve F and sixteen G, the other shops' amount landing each
    // of the first three steps, nets A 5,269 or more
    let least = Number.POSITIVE_INFINITY;
    for (let nf = 0; nf <= 12; nf++)
      for (let ng = 0; ng <= 16; ng++)
        for (let k = 1; k <= 3; k++) {
          const other = 30000 * k - (6479 + nf * 2000 + ng * 3000);
          if (other < 0) continue;
          const lines = [
            { sku: "A", categoryId: "c1", listPriceFen: 6479, qty: 1 },
            ...(nf > 0 ? [{ sku: "F", categoryId: "c2", listPriceFen: 2000, qty: nf }] : []),
            ...(ng > 0 ? [{ sku: "G", categoryId: "c3", listPriceFen: 3000, qty: ng }] : []),
          ];
          const l = quoteRaw({ lines, promotions, otherShopsAmountFen: other }).lines[0]!;
          least = Math.min(least, l.payableFen + l.platformFundedFen);
        }
    expect(least).toBe(5269);
  });
  it("the witness fills a corner's rest with what another 满折 holds: those lines take less of the coupon and cross-shop splits", () => {
    // S31 is in no shop-level offer. Beside about 100 yuan of goods under the 满折 (each worth
    // 95 % of its price after it), it takes more of the coupon's and the cross-shop offer's
    // splits, which are reckoned on the basis before the 满折: the witness lands that rest with
    // the 满折's SKUs, not with SKUs no offer holds (alone, S31 nets 5,291)
    const skus = Array.from({ length: 300 }, (_, i) => ({
      sku: `S${i}`,
      categoryId: `C${i % 10}`,
      listPriceFen: 990 + ((i * 7919) % 30000),
      costFen: 1,
    }));
    const promotions = heldRest(["C9", "C5"], ["C8"]);
    const w = run({ skus, promotions }).skus.find((x) => x.sku === "S31")!;
    const net = w.cart.netPerUnit.num / w.cart.netPerUnit.den;
    expect(net).toBeLessThan(5291);
    expect(net).toBeGreaterThanOrEqual(w.worstNetPerUnit.num / w.worstNetPerUnit.den);
    expect(w.cart.lines.some((l) => l.categoryId === "C9" || l.categoryId === "C5")).toBe(true);
    // the engine charges the witness what it says
    const l = quoteRaw({
      lines: w.cart.lines,
      promotions,
      otherShopsAmountFen: w.cart.otherShopsAmountFen,
    }).lines[w.cart.line]!;
    expect(l.payableFen + l.platformFundedFen).toBe(net);
  });
});
