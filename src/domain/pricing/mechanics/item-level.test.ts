import { describe, expect, it } from "vitest";
import { quoteRaw, reasonOf, shareOf } from "../testing.ts";
import { flashSaleUnit } from "./flash-sale.ts";
import { memberPriceUnit } from "./member-price.ts";
import { salePriceUnit } from "./sale-price.ts";
import { timeDiscountUnit } from "./time-discount.ts";

const A = { sku: "A", listPriceFen: 1999, qty: 1 };

describe("sale price 促销价", () => {
  it("replaces the list price", () => {
    expect(salePriceUnit({ prices: { A: 1500 } }, "A", 1999)).toBe(1500);
    const r = quoteRaw({
      lines: [A],
      promotions: [{ kind: "salePrice", id: "s", prices: { A: 1500 } }],
    });
    expect(r.totals.totalFen).toBe(1500);
    expect(shareOf(r, 0, "s")).toBe(499);
  });
  it("never raises a price", () => {
    const r = quoteRaw({
      lines: [A],
      promotions: [{ kind: "salePrice", id: "s", prices: { A: 2500 } }],
    });
    expect(r.totals.totalFen).toBe(1999);
    expect(reasonOf(r, "s")).toBe("no_benefit");
  });
});

describe("member price 会员价", () => {
  it("applies to members only", () => {
    expect(memberPriceUnit({ prices: { A: 1800 } }, "A")).toBe(1800);
    const promotions = [{ kind: "memberPrice" as const, id: "m", prices: { A: 1800 } }];
    expect(quoteRaw({ lines: [A], promotions }).totals.totalFen).toBe(1999);
    expect(reasonOf(quoteRaw({ lines: [A], promotions }), "m")).toBe("not_eligible");
    const r = quoteRaw({ lines: [A], promotions, customer: { member: true } });
    expect(r.totals.totalFen).toBe(1800);
  });
});

describe("limited-time discount 限时折扣", () => {
  it("rounds each unit half up: 8.5折 of 1999 → 1699, of 1990 → 1692", () => {
    expect(timeDiscountUnit({ rateBp: 8500 }, "A", 1999)).toBe(1699);
    expect(timeDiscountUnit({ rateBp: 8500 }, "A", 1990)).toBe(1692);
    const r = quoteRaw({
      lines: [A, { sku: "B", listPriceFen: 1990, qty: 3 }],
      promotions: [{ kind: "timeDiscount", id: "t", rateBp: 8500 }],
    });
    expect(r.lines[0]!.payableFen).toBe(1699);
    expect(r.lines[1]!.payableFen).toBe(1692 * 3);
  });
  it("is live in [start, end)", () => {
    const p = {
      kind: "timeDiscount" as const,
      id: "t",
      rateBp: 5000,
      start: "2026-11-11T00:00:00+08:00",
      end: "2026-11-12T00:00:00+08:00",
    };
    expect(
      quoteRaw({ now: "2026-11-11T00:00:00+08:00", lines: [A], promotions: [p] }).totals.totalFen,
    ).toBe(1000);
    expect(
      reasonOf(
        quoteRaw({ now: "2026-11-10T23:59:59.999+08:00", lines: [A], promotions: [p] }),
        "t",
      ),
    ).toBe("not_started");
    expect(
      reasonOf(quoteRaw({ now: "2026-11-12T00:00:00+08:00", lines: [A], promotions: [p] }), "t"),
    ).toBe("ended");
  });
  it("fixed prices per SKU", () => {
    const r = quoteRaw({
      lines: [A],
      promotions: [{ kind: "timeDiscount", id: "t", prices: { A: 1234 } }],
    });
    expect(r.totals.totalFen).toBe(1234);
  });
});

describe("flash sale 秒杀, stock and limits", () => {
  it("takes the lowest live price; they never stack", () => {
    expect(flashSaleUnit({ prices: { A: 999 } }, "A")).toBe(999);
    const r = quoteRaw({
      lines: [A],
      promotions: [
        { kind: "flashSale", id: "f", prices: { A: 999 } },
        { kind: "timeDiscount", id: "t", rateBp: 8000 },
        { kind: "salePrice", id: "s", prices: { A: 1500 } },
      ],
    });
    expect(r.totals.totalFen).toBe(999);
    expect(reasonOf(r, "t")).toBe("worse_than:f");
    expect(reasonOf(r, "s")).toBe("worse_than:f");
  });
  it("uses promo stock in cart-line order, the rest at the next-best price", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 1000, qty: 2 },
        { sku: "B", listPriceFen: 1000, qty: 2 },
      ],
      promotions: [
        { kind: "flashSale", id: "f", prices: { A: 500, B: 500 }, stock: 3 },
        { kind: "timeDiscount", id: "t", rateBp: 9000 },
      ],
    });
    expect(r.lines[0]!.payableFen).toBe(1000);
    expect(r.lines[1]!.payableFen).toBe(500 + 900);
    expect(shareOf(r, 1, "t")).toBe(100);
  });
  it("per-customer limit counts earlier purchases; the smallest capacity applies", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 3 }],
      promotions: [
        {
          kind: "flashSale",
          id: "f",
          prices: { A: 500 },
          perCustomerLimit: 2,
          perOrderLimit: 5,
          stock: 10,
        },
      ],
      state: { customerUsedQty: { f: 1 } },
    });
    expect(r.lines[0]!.payableFen).toBe(500 + 1000 + 1000);
    const r2 = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 3 }],
      promotions: [{ kind: "flashSale", id: "f", prices: { A: 500 }, perOrderLimit: 2 }],
    });
    expect(r2.lines[0]!.payableFen).toBe(2000);
  });
  it("overLimit refuse refuses the cart", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 3 }],
      promotions: [
        {
          kind: "flashSale",
          id: "f",
          prices: { A: 500 },
          perCustomerLimit: 2,
          overLimit: "refuse",
        },
      ],
    });
    expect(r.status).toBe("refused");
    expect(r.refusal).toEqual({ code: "over_limit", promoId: "f", sku: "A", allowedQty: 2 });
  });
  it("reports out_of_stock and limit_reached", () => {
    const promotions = [
      { kind: "flashSale" as const, id: "f", prices: { A: 500 }, stock: 10, perCustomerLimit: 1 },
    ];
    expect(
      reasonOf(quoteRaw({ lines: [A], promotions, state: { stockLeft: { f: 0 } } }), "f"),
    ).toBe("out_of_stock");
    expect(
      reasonOf(quoteRaw({ lines: [A], promotions, state: { customerUsedQty: { f: 1 } } }), "f"),
    ).toBe("limit_reached");
  });
  it("budget: a promotion whose discount exceeds the budget is not given", () => {
    const r = quoteRaw({
      lines: [{ sku: "A", listPriceFen: 1000, qty: 3 }],
      promotions: [{ kind: "flashSale", id: "f", prices: { A: 500 }, budgetFen: 1000 }],
    });
    expect(r.totals.totalFen).toBe(3000);
    expect(reasonOf(r, "f")).toBe("budget_exhausted");
  });
  it("eligibility by category with exclusions", () => {
    const r = quoteRaw({
      lines: [
        { sku: "A", categoryId: "shoes", listPriceFen: 1000, qty: 1 },
        { sku: "B", categoryId: "shoes", listPriceFen: 1000, qty: 1 },
        { sku: "C", categoryId: "hats", listPriceFen: 1000, qty: 1 },
      ],
      promotions: [
        {
          kind: "timeDiscount",
          id: "t",
          rateBp: 5000,
          scope: { categories: ["shoes"], excludeSkus: ["B"] },
        },
      ],
    });
    expect(r.lines.map((l) => l.payableFen)).toEqual([500, 1000, 1000]);
  });
});
