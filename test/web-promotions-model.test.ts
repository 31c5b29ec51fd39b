/** The promotion editor's form ↔ engine definition: 元 as fen, 折 as basis points, error fields. */
import { describe, expect, it } from "vitest";
import { PromotionSchema } from "../src/domain/pricing/index.ts";
import {
  formFieldOf,
  fromDefinition,
  lastYearWindow,
  parseCustomerIds,
  toDefinition,
  zheToBp,
  zonedToIso,
} from "../web/src/promotions/model.ts";

describe("promotion form model", () => {
  it("stores 元 input as integer fen and 折 as basis points", () => {
    const mj = toDefinition({
      kind: "manJian",
      name: "x",
      tiers: [
        { threshold: "299", discount: "30" },
        { threshold: "1,000.5", discount: "120.05" },
      ],
      skus: ["A"],
    });
    expect(mj).toEqual({
      kind: "manJian",
      scope: { skus: ["A"] },
      tiers: [
        { thresholdFen: 29900, discountFen: 3000 },
        { thresholdFen: 100050, discountFen: 12005 },
      ],
    });
    expect(PromotionSchema.safeParse({ ...mj, id: "P1" }).success).toBe(true);
    expect(zheToBp("8.5")).toBe(8500);
    expect(zheToBp("9.95")).toBe(9950);
    const coupon = toDefinition({ kind: "shopCoupon", name: "x", threshold: "", amount: "10" });
    expect(coupon).toEqual({ kind: "shopCoupon", thresholdFen: 0, amountFen: 1000 });
    expect(PromotionSchema.safeParse({ ...coupon, id: "P1" }).success).toBe(true);
    // Bad 元 text is not silently turned into a number the server would accept.
    const bad = toDefinition({ kind: "meiManJian", name: "x", step: "1.234", discount: "5" });
    expect(PromotionSchema.safeParse({ ...bad, id: "P1" }).success).toBe(false);
  });

  it("round-trips every form kind through the engine schema", () => {
    const defs = [
      { kind: "manJian", tiers: [{ thresholdFen: 30000, discountFen: 3000 }] },
      { kind: "manZhe", tiers: [{ thresholdFen: 20000, rateBp: 9000 }] },
      { kind: "meiManJian", stepFen: 30000, discountFen: 4000, capFen: 10000 },
      { kind: "timeDiscount", rateBp: 8500, scope: { skus: ["A"] } },
      { kind: "salePrice", prices: { A: 1999 } },
      { kind: "flashSale", prices: { A: 999 }, stock: 10, perCustomerLimit: 1 },
      { kind: "shopCoupon", thresholdFen: 10000, amountFen: 1000 },
      { kind: "itemCoupon", thresholdFen: 0, amountFen: 500, scope: { skus: ["B"] } },
      { kind: "manSong", thresholdFen: 10000, gifts: [{ sku: "G", qty: 2, costFen: 800 }] },
      { kind: "buyNGetM", buyQty: 2, freeQty: 1 },
    ];
    for (const d of defs) {
      const values = { ...fromDefinition(d.kind, d), name: "n" };
      const back = toDefinition(values);
      expect(back).toEqual(d);
      expect(PromotionSchema.safeParse({ ...back, id: "P1" }).success).toBe(true);
    }
  });

  it("maps server error paths onto form fields", () => {
    expect(formFieldOf("definition.tiers[1].discountFen", "manJian")).toEqual([
      "tiers",
      1,
      "discount",
    ]);
    expect(formFieldOf("definition.tiers.0.rateBp", "manZhe")).toEqual(["tiers", 0, "rate"]);
    expect(formFieldOf("definition.amountFen", "shopCoupon")).toEqual(["amount"]);
    expect(formFieldOf("coupon.perCustomerLimit", "shopCoupon")).toEqual(["coupon", "perCustomer"]);
    expect(formFieldOf("definition.buyQty", "buyNGetM")).toEqual(["json"]);
    expect(formFieldOf("name", "manJian")).toEqual(["name"]);
    expect(formFieldOf("lines.sku", "manJian")).toBeUndefined();
  });

  it("turns shop-local wall time into an instant", () => {
    expect(zonedToIso("2026-11-11 00:00", "Asia/Shanghai")).toBe("2026-11-10T16:00:00.000Z");
    expect(zonedToIso("2026-07-01 12:30", "America/New_York")).toBe("2026-07-01T16:30:00.000Z");
  });

  it("takes the replay's default period one year back, 29 February onto 28", () => {
    expect(lastYearWindow("2026-11-01", "2026-11-11")).toEqual({
      from: "2025-11-01",
      to: "2025-11-11",
    });
    expect(lastYearWindow("2028-02-20", "2028-02-29")).toEqual({
      from: "2027-02-20",
      to: "2027-02-28",
    });
    expect(lastYearWindow("2027-12-25", "2028-01-03")).toEqual({
      from: "2026-12-25",
      to: "2027-01-03",
    });
  });

  it("reads pasted customer ids, refusing anything but positive whole numbers", () => {
    expect(parseCustomerIds("12, 7\n12；30 ,，5")).toEqual([12, 7, 30, 5]);
    expect(parseCustomerIds("  ")).toEqual([]);
    expect(parseCustomerIds("12 abc")).toBeUndefined();
    expect(parseCustomerIds("0")).toBeUndefined();
    expect(parseCustomerIds("1.5")).toBeUndefined();
    expect(parseCustomerIds("-3")).toBeUndefined();
    expect(parseCustomerIds("99999999999999999999")).toBeUndefined();
  });
});
