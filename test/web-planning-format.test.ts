/** Amounts and rates typed on the planning pages: 元 → integer fen, % → basis points, ROI text. */
import { describe, expect, it } from "vitest";
import { fenToYuanInput, formatBp, parseYuanToFen } from "../web/src/format.ts";
import { bpToPercentInput, formatRoi, parsePercentToBp } from "../web/src/planning/shared.ts";

describe("parseYuanToFen", () => {
  it("turns typed 元 into integer fen without float drift", () => {
    expect(parseYuanToFen("19.99")).toBe(1999);
    expect(parseYuanToFen("0.1")).toBe(10);
    expect(parseYuanToFen("0.29")).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(parseYuanToFen("1,000,000")).toBe(100_000_000);
    expect(parseYuanToFen("¥80000.00")).toBe(8_000_000);
    expect(parseYuanToFen(".5")).toBe(50);
    expect(parseYuanToFen("12.")).toBe(1200);
    expect(parseYuanToFen("-3.2")).toBe(-320);
  });
  it("refuses what is not an amount", () => {
    expect(parseYuanToFen("")).toBeNull();
    expect(parseYuanToFen("1.234")).toBeNull();
    expect(parseYuanToFen("abc")).toBeNull();
    expect(parseYuanToFen("1e5")).toBeNull();
    expect(parseYuanToFen(".")).toBeNull();
  });
  it("round-trips through the input text", () => {
    for (const fen of [0, 5, 10, 1999, 100_000_000, 123_456_789]) {
      expect(parseYuanToFen(fenToYuanInput(fen))).toBe(fen);
    }
  });
});

describe("rates and ROI", () => {
  it("reads percentages as basis points", () => {
    expect(parsePercentToBp("20")).toBe(2000);
    expect(parsePercentToBp("20.5")).toBe(2050);
    expect(parsePercentToBp("0.05%")).toBe(5);
    expect(parsePercentToBp("100.01")).toBeNull();
    expect(parsePercentToBp("x")).toBeNull();
    expect(bpToPercentInput(2050)).toBe("20.5");
    expect(bpToPercentInput(4500)).toBe("45");
    expect(bpToPercentInput(5)).toBe("0.05");
  });
  it("shows ROI ×100 with two decimals and margins as percentages", () => {
    expect(formatRoi(1250)).toBe("12.50");
    expect(formatRoi(7)).toBe("0.07");
    expect(formatRoi(null)).toBe("—");
    expect(formatBp(3075)).toBe("30.75%");
    expect(formatBp(-1200)).toBe("-12%");
  });
});
