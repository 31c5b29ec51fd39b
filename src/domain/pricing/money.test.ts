import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyRateBp,
  formatYuan,
  formatYuanShort,
  formatZhe,
  frac,
  fracToJson,
  largestRemainder,
  rateDiscount,
  roundHalfUpDiv,
} from "./money.ts";

describe("money helpers", () => {
  it("rounds 8.5折 half up to the fen (PRICING.md)", () => {
    expect(applyRateBp(1999, 8500)).toBe(1699);
    expect(applyRateBp(1990, 8500)).toBe(1692);
    expect(rateDiscount(1990, 8500)).toBe(298);
    expect(roundHalfUpDiv(5, 2)).toBe(3);
    expect(roundHalfUpDiv(4, 2)).toBe(2);
  });
  it("is exact beyond 2^53", () => {
    expect(roundHalfUpDiv(2 ** 53 + 2, 2)).toBe(2 ** 52 + 1);
    expect(applyRateBp(9_000_000_000_000, 8500)).toBe(7_650_000_000_000);
  });
  it("splits by largest remainder, ties to the earlier line", () => {
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(largestRemainder(300, [1699, 3384])).toEqual([100, 200]);
    expect(largestRemainder(1, [5, 5])).toEqual([1, 0]);
    expect(largestRemainder(0, [5, 5])).toEqual([0, 0]);
    expect(largestRemainder(7, [0, 10, 0])).toEqual([0, 7, 0]);
    // many leftover fen, equal remainders: the earlier lines first
    expect(largestRemainder(10, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toEqual([
      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0,
    ]);
  });
  it("hands every leftover fen to the largest remainder left, ties to the earlier line", () => {
    // the definition, one fen at a time, against the split
    const reference = (total: number, ws: number[]) => {
      const sum = ws.reduce((a, b) => a + b, 0);
      const out = ws.map((w) => Math.floor((total * w) / sum));
      const rems = ws.map((w, i) => total * w - out[i]! * sum);
      for (let left = total - out.reduce((a, b) => a + b, 0); left > 0; left--) {
        let best = 0;
        for (let i = 1; i < ws.length; i++) if (rems[i]! > rems[best]!) best = i;
        out[best]!++;
        rems[best] = -1;
      }
      return out;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 0, max: 100_000 }),
        (ws, total) => {
          expect(largestRemainder(total, ws)).toEqual(reference(total, ws));
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
  it("formats yuan and 折", () => {
    expect(formatYuan(1200)).toBe("12.00");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuanShort(3000)).toBe("30");
    expect(formatZhe(8500)).toBe("8.5折");
    expect(formatZhe(8000)).toBe("8折");
  });
  it("a fraction's JSON: its integers and the whole fen rounded down, negative ones too", () => {
    expect(fracToJson(frac(416749n, 25n))).toEqual({ num: 416749, den: 25, fen: 16669 });
    expect(fracToJson(frac(8178n, 1n))).toEqual({ num: 8178, den: 1, fen: 8178 });
    expect(fracToJson(frac(-7n, 2n))).toEqual({ num: -7, den: 2, fen: -4 });
    expect(fracToJson(frac(-6n, 2n))).toEqual({ num: -3, den: 1, fen: -3 });
    // compared with a whole-fen floor, the rounded figure says what the fraction says
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1_000_000_000n, max: 1_000_000_000n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.integer({ min: -100_000, max: 100_000 }),
        (n, d, floor) => {
          const f = frac(n, d);
          expect(fracToJson(f).fen < floor).toBe(f.num < BigInt(floor) * f.den);
        },
      ),
    );
  });
});
