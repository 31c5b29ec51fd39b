/** The promotion editor's form ↔ engine definition: 元 as fen, 折 as basis points, error fields. */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "../src/app/promotions/service.ts";
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
      { kind: "bundle", skus: ["A", "B", "C"], priceFen: 19900 },
      { kind: "buyNGetM", buyQty: 2, freeQty: 1 },
      { kind: "buyNGetM", buyQty: 3, freeQty: 1, scope: { skus: ["A", "B"] } },
      { kind: "nForX", qty: 3, priceFen: 9900, scope: { skus: ["A"] } },
      { kind: "secondItem", rateBp: 5000 },
      { kind: "secondItem", rateBp: 8000, scope: { skus: ["A"] } },
      { kind: "nAtRate", qty: 2, rateBp: 8800 },
      { kind: "memberPrice", prices: { A: 1800, B: 0 } },
      { kind: "jiaJiaGou", thresholdFen: 9900, redeemSku: "Z", priceFen: 990, maxQty: 2 },
      { kind: "freeShipping", thresholdFen: 4900, scope: { skus: ["A"] } },
      { kind: "deposit", depositFen: 5000, creditFen: 10000, scope: { skus: ["A"] } },
      { kind: "moreForSame", perQty: 2, gift: { sku: "G", qty: 1, costFen: 300 } },
    ];
    for (const d of defs) {
      const values = { ...fromDefinition(d.kind, d), name: "n" };
      const back = toDefinition(values);
      expect(back).toEqual(d);
      expect(PromotionSchema.safeParse({ ...back, id: "P1" }).success).toBe(true);
    }
  });

  it("keeps the stored fields a form does not show when saved again", () => {
    // As the server stores them: parsed with the engine's defaults, plus settings set by API.
    const defs = [
      {
        kind: "manJian",
        priority: 3,
        budgetFen: 500000,
        customer: { memberOnly: true },
        scope: { skus: ["A"], categories: ["C1"], excludeSkus: ["X"] },
        tiers: [{ thresholdFen: 30000, discountFen: 3000 }],
      },
      { kind: "memberPrice", priority: 0, overLimit: "nextPrice", stock: 50, prices: { A: 1800 } },
      { kind: "bundle", priority: 0, excludes: ["P7"], skus: ["A", "B"], priceFen: 19900 },
      {
        kind: "deposit",
        priority: 0,
        scope: { categories: ["C1"] },
        depositFen: 100,
        creditFen: 300,
      },
      { kind: "shopCoupon", priority: 0, scope: { skus: ["A"] }, thresholdFen: 0, amountFen: 500 },
    ];
    for (const d of defs) {
      const values = fromDefinition(d.kind, d);
      expect(toDefinition({ ...values, name: "n" })).toEqual(d);
      // What the editor sends: the kept fields with the form's fields, not its unshown values.
      if (d.kind === "shopCoupon") {
        const { skus: _s, ...shown } = values;
        expect(toDefinition({ ...shown, name: "n" })).toEqual(d);
      }
    }
    // A tier's 包邮 is a form field; its gifts are kept as they were.
    const withExtras = {
      kind: "manJian",
      tiers: [
        { thresholdFen: 30000, discountFen: 3000, freeShipping: true },
        { thresholdFen: 50000, discountFen: 6000, gifts: [{ sku: "G", qty: 1, costFen: 800 }] },
      ],
    };
    const tiered = fromDefinition("manJian", withExtras);
    expect(tiered.tiers?.map((t) => t.freeShipping)).toEqual([true, false]);
    expect(toDefinition({ ...tiered, name: "n" })).toEqual(withExtras);
    // Unticking 包邮 in the form drops it; the rate tiers of 满折 keep theirs too.
    expect(
      toDefinition({
        ...tiered,
        name: "n",
        tiers: tiered.tiers?.map((t) => ({ ...t, freeShipping: false })),
      }),
    ).toEqual({
      kind: "manJian",
      tiers: [
        { thresholdFen: 30000, discountFen: 3000 },
        { thresholdFen: 50000, discountFen: 6000, gifts: [{ sku: "G", qty: 1, costFen: 800 }] },
      ],
    });
    const mz = {
      kind: "manZhe",
      tiers: [{ thresholdFen: 10000, rateBp: 9000, freeShipping: true }],
    };
    expect(toDefinition({ ...fromDefinition("manZhe", mz), name: "n" })).toEqual(mz);
    // Clearing the scope's SKUs in the form keeps the categories it does not show.
    const mj = fromDefinition("manJian", defs[0]!);
    expect(toDefinition({ ...mj, name: "n", skus: [] }).scope).toEqual({
      categories: ["C1"],
      excludeSkus: ["X"],
    });
    // A field the form edits is never taken from the stored copy.
    const cap = fromDefinition("meiManJian", {
      kind: "meiManJian",
      stepFen: 100,
      discountFen: 10,
      capFen: 50,
    });
    expect(toDefinition({ ...cap, name: "n", cap: "" })).toEqual({
      kind: "meiManJian",
      stepFen: 100,
      discountFen: 10,
    });
  });

  it("stores the new forms' 元 and 折 as fen and basis points", () => {
    expect(
      toDefinition({ kind: "bundle", name: "x", bundleSkus: ["A", "B"], price: "199.9" }),
    ).toEqual({ kind: "bundle", skus: ["A", "B"], priceFen: 19990 });
    expect(toDefinition({ kind: "nForX", name: "x", qty: 3, price: "99" })).toEqual({
      kind: "nForX",
      qty: 3,
      priceFen: 9900,
    });
    expect(toDefinition({ kind: "secondItem", name: "x", rate: "5" })).toEqual({
      kind: "secondItem",
      rateBp: 5000,
    });
    expect(toDefinition({ kind: "nAtRate", name: "x", qty: 2, rate: "8.8" })).toEqual({
      kind: "nAtRate",
      qty: 2,
      rateBp: 8800,
    });
    expect(
      toDefinition({ kind: "memberPrice", name: "x", prices: [{ sku: "A", price: "18.5" }] }),
    ).toEqual({ kind: "memberPrice", prices: { A: 1850 } });
    // 加价购 and 包邮 without a threshold: from the first 元; 加价购 one unit unless told.
    expect(
      toDefinition({ kind: "jiaJiaGou", name: "x", redeemSku: "Z", price: "9.9", maxQty: null }),
    ).toEqual({ kind: "jiaJiaGou", thresholdFen: 0, redeemSku: "Z", priceFen: 990, maxQty: 1 });
    expect(toDefinition({ kind: "freeShipping", name: "x", threshold: "49" })).toEqual({
      kind: "freeShipping",
      thresholdFen: 4900,
    });
    expect(toDefinition({ kind: "deposit", name: "x", deposit: "50", credit: "100.5" })).toEqual({
      kind: "deposit",
      depositFen: 5000,
      creditFen: 10050,
    });
    // A stored 第二件 without a rate is 半价 (the engine's default) in the form.
    expect(fromDefinition("secondItem", { kind: "secondItem" }).rate).toBe("5");
  });

  it("names the form field of invalid input, as the server reports it", () => {
    const fieldOf = (values: Parameters<typeof toDefinition>[0]) => {
      try {
        validateDefinition(toDefinition(values));
      } catch (err) {
        return formFieldOf((err as { field?: string }).field, values.kind);
      }
      return "accepted";
    };
    expect(fieldOf({ kind: "bundle", name: "x", bundleSkus: ["A"], price: "10" })).toEqual([
      "bundleSkus",
    ]);
    expect(fieldOf({ kind: "bundle", name: "x", bundleSkus: ["A", "B"], price: "1.234" })).toEqual([
      "price",
    ]);
    expect(fieldOf({ kind: "bundle", name: "x", bundleSkus: ["A", "B"], price: "10" })).toBe(
      "accepted",
    );
    expect(fieldOf({ kind: "buyNGetM", name: "x", buyQty: 0, freeQty: 1 })).toEqual(["buyQty"]);
    expect(fieldOf({ kind: "buyNGetM", name: "x", buyQty: 2 })).toEqual(["freeQty"]);
    expect(fieldOf({ kind: "nForX", name: "x", qty: 3, price: "-1" })).toEqual(["price"]);
    expect(fieldOf({ kind: "nAtRate", name: "x", qty: 2, rate: "abc" })).toEqual(["rate"]);
    expect(fieldOf({ kind: "secondItem", name: "x", rate: "" })).toEqual(["rate"]);
    expect(fieldOf({ kind: "memberPrice", name: "x", prices: [{ sku: "A", price: "x" }] })).toEqual(
      ["prices"],
    );
    expect(fieldOf({ kind: "jiaJiaGou", name: "x", price: "9.9" })).toEqual(["redeemSku"]);
    expect(
      fieldOf({ kind: "jiaJiaGou", name: "x", redeemSku: "Z", price: "9.9", maxQty: 0 }),
    ).toEqual(["maxQty"]);
    expect(fieldOf({ kind: "freeShipping", name: "x", threshold: "4.999" })).toEqual(["threshold"]);
    // 膨胀后 below the deposit: refused by the engine's rule, on the 膨胀 field.
    expect(fieldOf({ kind: "deposit", name: "x", deposit: "100", credit: "50" })).toEqual([
      "credit",
    ]);
    expect(fieldOf({ kind: "deposit", name: "x", deposit: "", credit: "50" })).toEqual(["deposit"]);
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
    expect(formFieldOf("definition.buyQty", "buyNGetM")).toEqual(["buyQty"]);
    expect(formFieldOf("definition.skus[1]", "bundle")).toEqual(["bundleSkus"]);
    expect(formFieldOf("definition.scope.skus[0]", "bundle")).toEqual(["skus"]);
    expect(formFieldOf("definition.creditFen", "deposit")).toEqual(["credit"]);
    expect(formFieldOf("definition.prices.A", "memberPrice")).toEqual(["prices"]);
    expect(formFieldOf("definition.perQty", "moreForSame")).toEqual(["json"]);
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
