import { describe, expect, it } from "vitest";
import { forecast, hourlyPlan, PlanInput, peakDayCurveBp } from "./plan.ts";

describe("campaign forecast", () => {
  it("reads ROI as GMV over budget and margin after discounts, cost, fees and budget", () => {
    const f = forecast(
      PlanInput.parse({
        channelTargets: [
          { channel: "tmall", gmvFen: 80_000_000 },
          { channel: "jd", gmvFen: 20_000_000 },
        ],
        budget: [
          { kind: "onsite_ads", amountFen: 6_000_000 },
          { kind: "gifts", amountFen: 1_500_000 },
          { kind: "sms", amountFen: 500_000 },
        ],
        expectedDiscountBp: 2000,
        costRateBp: 4000,
        feeRateBp: 500,
      }),
    );
    expect(f.expectedGmvFen).toBe(100_000_000);
    expect(f.budgetFen).toBe(8_000_000);
    expect(f.roi).toEqual({ num: 100_000_000, den: 8_000_000, x100: 1250 });
    // list value 125,000,000 × 40 % = 50,000,000 cost; fees 5,000,000
    expect(f.cogsFen).toBe(50_000_000);
    expect(f.feesFen).toBe(5_000_000);
    expect(f.marginFen).toBe(100_000_000 - 50_000_000 - 5_000_000 - 8_000_000);
    expect(f.marginRateBp).toBe(3700);
    expect(f.budgetByKind.gifts).toBe(1_500_000);
  });
  it("falls back to hero SKU targets and has no ROI without budget", () => {
    const f = forecast(PlanInput.parse({ skuTargets: [{ skuCode: "A", gmvFen: 500, units: 5 }] }));
    expect(f.expectedGmvFen).toBe(500);
    expect(f.roi).toBeNull();
  });
  it("rejects negative or fractional money", () => {
    expect(() => PlanInput.parse({ budget: [{ kind: "sms", amountFen: -1 }] })).toThrow();
    expect(() => PlanInput.parse({ budget: [{ kind: "sms", amountFen: 1.5 }] })).toThrow();
  });
  it("splits the peak-day target over 24 hours exactly, heaviest in the first hour", () => {
    expect(peakDayCurveBp.reduce((a, b) => a + b, 0)).toBe(10000);
    const h = hourlyPlan(1_000_001);
    expect(h).toHaveLength(24);
    expect(h.reduce((a, b) => a + b, 0)).toBe(1_000_001);
    expect(Math.max(...h)).toBe(h[0]);
  });
});
