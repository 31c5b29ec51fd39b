import { describe, expect, it } from "vitest";
import { type RefundInputRaw, RefundInputSchema, refund } from "./refund.ts";
import { quoteRaw } from "./testing.ts";

const run = (i: RefundInputRaw) => refund(RefundInputSchema.parse(i));

describe("refund unit formula", () => {
  it("units r+1…r+n return ⌊payable·(r+n)/q⌋ − ⌊payable·r/q⌋; all units return the payable", () => {
    const order = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 1000, qty: 3 },
        { sku: "B", listPriceFen: 1, qty: 1 },
      ],
      promotions: [{ kind: "shopCoupon", id: "c", amountFen: 1 }],
    });
    expect(order.lines[0]!.payableFen).toBe(2999);
    const r1 = run({ order, refund: [{ line: 0, qty: 1 }] });
    expect(r1.refundFen).toBe(999);
    const r2 = run({
      order,
      refund: [{ line: 0, qty: 1 }],
      previousRefunds: [[{ line: 0, qty: 1 }]],
    });
    expect(r2.lines[0]).toMatchObject({ fromUnit: 2, toUnit: 2, grossFen: 1000 });
    const r3 = run({
      order,
      refund: [{ line: 0, qty: 1 }],
      previousRefunds: [[{ line: 0, qty: 2 }]],
    });
    expect(r1.refundFen + r2.refundFen + r3.refundFen).toBe(2999);
  });
  it("rejects refunding more than bought", () => {
    const order = quoteRaw({ lines: [{ sku: "A", listPriceFen: 1000, qty: 1 }] });
    const p = RefundInputSchema.safeParse({ order, refund: [{ line: 0, qty: 2 }] });
    expect(p.success).toBe(false);
  });
});

describe("refund policies", () => {
  const order = quoteRaw({
    lines: [
      { sku: "A", listPriceFen: 1500, qty: 1 },
      { sku: "B", listPriceFen: 500, qty: 1 },
    ],
    promotions: [{ kind: "manJian", id: "mj", tiers: [{ thresholdFen: 2000, discountFen: 200 }] }],
  });
  it("keep returns the frozen payable of the refunded units", () => {
    expect(order.lines.map((l) => l.payableFen)).toEqual([1350, 450]);
    expect(run({ order, refund: [{ line: 1, qty: 1 }] }).refundFen).toBe(450);
  });
  it("clawback deducts what the kept units no longer earn", () => {
    const r = run({ order, refund: [{ line: 1, qty: 1 }], policy: "clawback" });
    expect(r.clawbacks).toEqual([
      { promoId: "mj", kind: "manJian", totalFen: 150, previousFen: 0, thisRefundFen: 150 },
    ]);
    expect(r.refundFen).toBe(300);
    // refunding the rest later: the earlier deduction is handed back
    const r2 = run({
      order,
      refund: [{ line: 0, qty: 1 }],
      previousRefunds: [[{ line: 1, qty: 1 }]],
      policy: "clawback",
    });
    expect(r2.clawbacks[0]).toMatchObject({ totalFen: 0, previousFen: 150, thisRefundFen: -150 });
    expect(r.refundFen + r2.refundFen).toBe(1800);
  });
  it("a refund never goes below 0", () => {
    const o = quoteRaw({
      lines: [
        { sku: "A", listPriceFen: 10000, qty: 1 },
        { sku: "B", listPriceFen: 100, qty: 1 },
      ],
      promotions: [
        { kind: "manJian", id: "mj", tiers: [{ thresholdFen: 10100, discountFen: 5000 }] },
      ],
    });
    const r = run({ order: o, refund: [{ line: 1, qty: 1 }], policy: "clawback" });
    expect(r.refundFen).toBe(0);
  });
});

describe("gifts on refund", () => {
  const order = quoteRaw({
    lines: [
      { sku: "A", listPriceFen: 6000, qty: 1 },
      { sku: "B", listPriceFen: 4000, qty: 1 },
    ],
    promotions: [
      {
        kind: "manSong",
        id: "g",
        thresholdFen: 10000,
        gifts: [{ sku: "G", qty: 1, costFen: 800, unitPriceFen: 1500 }],
      },
    ],
  });
  it("return: asks for the gift back once", () => {
    const r = run({ order, refund: [{ line: 1, qty: 1 }] });
    expect(r.gifts).toEqual([{ promoId: "g", sku: "G", qty: 1, action: "return", deductFen: 0 }]);
    expect(r.refundFen).toBe(4000);
    const again = run({
      order,
      refund: [{ line: 0, qty: 1 }],
      previousRefunds: [[{ line: 1, qty: 1 }]],
    });
    expect(again.gifts).toEqual([]);
  });
  it("deduct: takes the gift's price off this refund", () => {
    const r = run({ order, refund: [{ line: 1, qty: 1 }], giftOnRefund: "deduct" });
    expect(r.refundFen).toBe(4000 - 1500);
  });
});
