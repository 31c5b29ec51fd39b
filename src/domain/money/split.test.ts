import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulDivRoundHalfUp, splitByLargestRemainder } from "./split.ts";

describe("largest-remainder split", () => {
  it("hands leftover fen to the largest remainders, ties to the earlier", () => {
    expect(splitByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(splitByLargestRemainder(10, [3, 3, 4])).toEqual([3, 3, 4]);
    expect(splitByLargestRemainder(5, [1999, 1999])).toEqual([3, 2]);
    expect(splitByLargestRemainder(7, [0, 0])).toEqual([7, 0]);
    expect(splitByLargestRemainder(0, [5, 5])).toEqual([0, 0]);
  });
  it("always adds up exactly and never exceeds ⌈proportional⌉", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 10_000_000 }),
        fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const s = splitByLargestRemainder(total, weights);
          expect(s.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          if (sum > 0)
            s.forEach((x, i) => {
              expect(Math.abs(x - (total * weights[i]!) / sum)).toBeLessThan(1 + 1e-9);
            });
        },
      ),
    );
  });
  it("rounds a·b/c half up", () => {
    expect(mulDivRoundHalfUp(1999, 8500, 10000)).toBe(1699);
    expect(mulDivRoundHalfUp(1990, 8500, 10000)).toBe(1692);
  });
});
