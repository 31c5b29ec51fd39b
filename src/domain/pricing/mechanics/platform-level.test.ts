import { describe, expect, it } from "vitest";
import { quoteRaw, reasonOf } from "../testing.ts";
import { crossShopOutcome } from "./cross-shop.ts";
import { depositReduction } from "./deposit.ts";
import { redPacketUsed } from "./red-packet.ts";

describe("cross-shop 跨店满减", () => {
  it("computed on all shops' basis; this shop carries its part, rounded half up", () => {
    expect(
      crossShopOutcome(
        { tiers: [{ thresholdFen: 30000, discountFen: 5000 }] },
        20000,
        10000,
        20000,
      ),
    ).toMatchObject({
      met: true,
      discountFen: 3333,
    });
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 20000, qty: 1 }],
      otherShopsAmountFen: 10000,
      promotions: [
        {
          kind: "crossShop",
          id: "x",
          tiers: [
            { thresholdFen: 30000, discountFen: 5000 },
            { thresholdFen: 40000, discountFen: 8000 },
          ],
          platformShareBp: 5000,
        },
      ],
    });
    expect(r.totals.totalFen).toBe(20000 - 3333);
    expect(r.applied[0]).toMatchObject({
      discountFen: 3333,
      platformFundedFen: 1667,
      merchantFundedFen: 1666,
    });
    expect(r.lines[0]!.merchantNetFen).toBe(20000 - 3333 + 1667);
    expect(r.hints[0]).toMatchObject({ shortfallFen: 10000, extraDiscountFen: 3000 });
  });
  it("every-full form with shortfall counting other shops", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 10000, qty: 1 }],
      otherShopsAmountFen: 15000,
      promotions: [
        { kind: "crossShop", id: "x", stepFen: 30000, discountFen: 5000, fundedBy: "platform" },
      ],
    });
    expect(r.notApplied[0]).toMatchObject({ reason: "threshold_not_met", shortfallFen: 5000 });
  });
});

describe("platform coupon 平台券", () => {
  it("at most one, after cross-shop; platform-funded part raises the merchant's net", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 6000, qty: 1 },
        { sku: "B", listPriceFen: 4000, qty: 1 },
      ],
      promotions: [
        {
          kind: "platformCoupon",
          id: "p1",
          thresholdFen: 10000,
          amountFen: 1001,
          fundedBy: "platform",
        },
        { kind: "platformCoupon", id: "p2", amountFen: 500 },
      ],
    });
    expect(r.totals.totalFen).toBe(10000 - 1001);
    expect(r.totals.merchantNetFen).toBe(10000);
    expect(r.lines.map((l) => l.platformFundedFen)).toEqual([601, 400]);
    expect(reasonOf(r, "p2")).toBe("worse_than:p1");
  });
});

describe("deposit pre-sale 定金膨胀", () => {
  it("E − D off after every level, never below the deposit paid", () => {
    expect(depositReduction({ depositFen: 5000, creditFen: 10000 }, 1, 30000)).toBe(5000);
    expect(depositReduction({ depositFen: 5000, creditFen: 10000 }, 1, 7000)).toBe(2000);
    expect(depositReduction({ depositFen: 5000, creditFen: 10000 }, 1, 4000)).toBe(0);
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 30000, qty: 2 }],
      redPacketFen: 100000,
      promotions: [
        { kind: "deposit", id: "d", depositFen: 5000, creditFen: 10000, scope: { skus: ["A"] } },
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 60000, discountFen: 6000 }] },
      ],
    });
    expect(r.totals.totalFen).toBe(60000 - 6000 - 10000);
    expect(r.totals.depositPaidFen).toBe(10000);
    expect(r.totals.redPacketUsedFen).toBe(34000);
    expect(r.totals.cashFen).toBe(0);
    expect(r.totals.merchantNetFen).toBe(44000);
  });
});

describe("red packets 红包", () => {
  it("a payment instrument: lowers cash only", () => {
    expect(redPacketUsed(5000, 12000, 10000)).toBe(2000);
    const r = quoteRaw({ lines: [{ sku: "A", listPriceFen: 10000, qty: 1 }], redPacketFen: 1500 });
    expect(r.totals).toMatchObject({
      totalFen: 10000,
      redPacketUsedFen: 1500,
      cashFen: 8500,
      merchantNetFen: 10000,
    });
  });
});
