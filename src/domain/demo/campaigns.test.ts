import { describe, expect, it } from "vitest";
import { WorstCaseInputSchema, worstCase } from "../pricing/index.ts";
import {
  type DemoSkuFigures,
  demoCampaignNodes,
  floorExclusions,
  floorTrap,
  keepsFloor,
  nodeManJian,
  priceEndingIn9,
  seededCodes,
  taskProgress,
  thresholdRateBp,
} from "./campaigns.ts";
import { generateCatalog } from "./catalog.ts";

const pick = (today: string) => {
  const { finished, upcoming } = demoCampaignNodes(today);
  return [finished.date, `${upcoming.key}@${upcoming.date}`];
};

describe("demo campaign nodes", () => {
  it("takes the latest 双11 before today and the next sale node after it", () => {
    expect(pick("2026-11-24")).toEqual(["2026-11-11", "double-12@2026-12-12"]);
    expect(pick("2026-11-11")).toEqual(["2025-11-11", "double-12@2026-12-12"]);
    expect(pick("2026-11-12")).toEqual(["2026-11-11", "double-12@2026-12-12"]);
    expect(pick("2026-11-05")).toEqual(["2025-11-11", "double-11@2026-11-11"]);
    // 年货节: 20 days before the Lunar New Year of 2027 (02-06).
    expect(pick("2026-12-20")).toEqual(["2026-11-11", "new-year-goods@2027-01-17"]);
    expect(pick("2027-02-01")).toEqual(["2026-11-11", "queens-day@2027-03-08"]);
    expect(pick("2027-07-01")).toEqual(["2026-11-11", "99@2027-09-09"]);
  });

  it("uses the 满减 of the demo's orders for the node", () => {
    const { finished, upcoming } = demoCampaignNodes("2026-11-24");
    expect(nodeManJian(finished)).toEqual({ stepFen: 30_000, offFen: 5_000 });
    expect(nodeManJian(upcoming)).toEqual({ stepFen: 20_000, offFen: 2_000 });
  });
});

const sku = (
  code: string,
  priceFen: number,
  floorFen: number | null,
  units = 0,
): DemoSkuFigures => ({
  code,
  title: code,
  priceFen,
  costFen: Math.round(priceFen / 2),
  floorFen,
  isHero: false,
  units,
  gmvFen: 0,
});

describe("floors", () => {
  it("bounds an offer's share by its rate at the threshold, rounded up", () => {
    expect(thresholdRateBp([{ thresholdFen: 30_000, offFen: 5_000 }])).toBe(1667);
    expect(
      thresholdRateBp([
        { thresholdFen: 20_000, offFen: 2_000 },
        { thresholdFen: 40_000, offFen: 5_000 },
      ]),
    ).toBe(1250);
  });

  it("keeps a SKU in when its floor survives the rate with 2 fen to spare", () => {
    expect(keepsFloor(sku("A", 10_000, null), 9_000)).toBe(true);
    expect(keepsFloor(sku("A", 10_000, 7_998), 2_000)).toBe(true);
    expect(keepsFloor(sku("A", 10_000, 7_999), 2_000)).toBe(false);
  });

  it("leaves out exactly the SKUs the engine would take below floor (seeded catalogues)", () => {
    for (const seed of [1, 3, 42]) {
      const skus = generateCatalog(seed, 2026, 0).skus.map((s) =>
        sku(s.code, s.priceFen, s.floorPriceFen),
      );
      const rate = 1667 + 1006; // every ¥300 −50, coupon ¥199 −20
      const excluded = floorExclusions(skus, rate);
      const scope = { all: true, excludeSkus: excluded };
      const r = worstCase(
        WorstCaseInputSchema.parse({
          skus: skus.map((s) => ({
            sku: s.code,
            listPriceFen: s.priceFen,
            costFen: s.costFen,
            ...(s.floorFen !== null ? { floorFen: s.floorFen } : {}),
          })),
          promotions: [
            { id: "A", kind: "meiManJian", stepFen: 30_000, discountFen: 5_000, scope },
            { id: "B", kind: "shopCoupon", thresholdFen: 19_900, amountFen: 2_000, scope },
          ],
        }),
      );
      expect(excluded.length).toBeGreaterThan(0);
      expect(r.violations).toEqual([]);
    }
  });

  it("cuts a floored SKU still in the offers to its lowest 9-ending price", () => {
    expect(priceEndingIn9(20_900)).toBe(20_900);
    expect(priceEndingIn9(21_000)).toBe(21_900);
    expect(priceEndingIn9(20_901)).toBe(21_900);
    const skus = [
      sku("A", 27_900, 20_900, 5),
      { ...sku("B", 27_900, 20_900, 1), isHero: true },
      sku("C", 10_000, null, 50),
      sku("D", 21_900, 20_900, 99),
    ];
    expect(floorTrap(skus, [])).toEqual({ sku: skus[1], priceFen: 20_900 });
    expect(floorTrap(skus, ["B"])).toEqual({ sku: skus[0], priceFen: 20_900 });
    expect(floorTrap(skus, ["A", "B"])).toBeNull(); // D: a cut under 5 %
  });
});

describe("schedule progress and codes", () => {
  it("marks tasks due before today done, started ones in progress", () => {
    const p = taskProgress(
      [
        { id: 3, startDate: null, dueDate: "2026-11-20" },
        { id: 4, startDate: "2026-11-19", dueDate: "2026-11-20" },
        { id: 5, startDate: "2026-11-20", dueDate: "2026-11-24" },
        { id: 6, startDate: null, dueDate: "2026-11-24" },
        { id: 7, startDate: "2026-11-25", dueDate: "2026-11-30" },
      ],
      "2026-11-24",
    );
    expect(p).toEqual([
      { id: 3, status: "done", doneAt: "2026-11-20 17:30" },
      { id: 4, status: "done", doneAt: "2026-11-19 20:10" },
      { id: 5, status: "doing", doneAt: null },
    ]);
  });

  it("makes the same codes for the same seed and stream", () => {
    const a = seededCodes(42, "x", "ABC");
    const b = seededCodes(42, "x", "ABC");
    const c = seededCodes(42, "y", "ABC");
    const as = [a(12), a(8)];
    expect([b(12), b(8)]).toEqual(as);
    expect(c(12)).not.toBe(as[0]);
    expect(as[0]).toMatch(/^[ABC]{12}$/);
  });
});
