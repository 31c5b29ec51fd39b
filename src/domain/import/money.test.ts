import { describe, expect, it } from "vitest";
import { formatFenAsYuan, parseFen, parseYuanToFen } from "./money.ts";

describe("money", () => {
  it.each([
    ["0.29", 29],
    ["1.10", 110],
    ["1.1", 110],
    ["201.12", 20112],
    ["19999999.99", 1999999999],
    ["0元", 0],
    ["0.00", 0],
    ["¥12.30", 1230],
    ["1,234.50", 123450],
    ["'5.00", 500],
    ['="8.08"', 808],
    ["1.100", 110],
  ])("parses %s yuan as %i fen exactly", (text, fen) => {
    expect(parseYuanToFen(text)).toEqual({ ok: true, fen });
  });
  it("is exact where floats are not", () => {
    // 0.29 * 100 = 28.999999999999996 and 1.1 * 100 = 110.00000000000001 in floating point
    expect(parseYuanToFen("0.29")).toEqual({ ok: true, fen: 29 });
    const wrong: number[] = [];
    for (let f = 0; f < 20000; f++) {
      const r = parseYuanToFen(formatFenAsYuan(f));
      if (!r.ok || r.fen !== f) wrong.push(f);
    }
    expect(wrong).toEqual([]);
  });
  it("refuses what is not money", () => {
    expect(parseYuanToFen("1.234")).toEqual({ ok: false, reason: "precision" });
    expect(parseYuanToFen("-1.00")).toEqual({ ok: false, reason: "negative" });
    expect(parseYuanToFen("abc")).toEqual({ ok: false, reason: "invalid" });
    expect(parseYuanToFen("12,34")).toEqual({ ok: false, reason: "invalid" });
    expect(parseYuanToFen("99999999999999.00")).toEqual({ ok: false, reason: "too_large" });
    expect(parseFen("12.5")).toEqual({ ok: false, reason: "invalid" });
    expect(parseFen("20112")).toEqual({ ok: true, fen: 20112 });
  });
  it("formats fen as yuan with two decimals", () => {
    expect(formatFenAsYuan(20112)).toBe("201.12");
    expect(formatFenAsYuan(5)).toBe("0.05");
    expect(formatFenAsYuan(1999999999)).toBe("19999999.99");
  });
});
