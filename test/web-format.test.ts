/** The web UI's display helpers: money in 元 from integer fen, times in the shop's zone. */
import { describe, expect, it } from "vitest";
import {
  addDays,
  formatDate,
  formatDateTime,
  formatFen,
  formatInt,
  formatPercent,
  formatYuanCompact,
  todayIn,
} from "../web/src/format.ts";

describe("formatFen", () => {
  it("shows 元 with two decimals and thousands separators", () => {
    expect(formatFen(123456)).toBe("¥1,234.56");
    expect(formatFen(0)).toBe("¥0.00");
    expect(formatFen(5)).toBe("¥0.05");
    expect(formatFen(100)).toBe("¥1.00");
    expect(formatFen(123456789012)).toBe("¥1,234,567,890.12");
  });

  it("keeps the sign in front and works on integers only", () => {
    expect(formatFen(-5)).toBe("-¥0.05");
    expect(formatFen(-123456)).toBe("-¥1,234.56");
    // 0.1 + 0.2 style float noise never reaches the screen
    expect(formatFen(29.999999)).toBe("¥0.30");
  });

  it("shows a dash for missing amounts", () => {
    expect(formatFen(null)).toBe("—");
    expect(formatFen(undefined)).toBe("—");
    expect(formatFen(Number.NaN)).toBe("—");
  });
});

describe("numbers", () => {
  it("groups integers and formats ratios", () => {
    expect(formatInt(1234567)).toBe("1,234,567");
    expect(formatPercent(1, 8)).toBe("12.5%");
    expect(formatPercent(1, 0)).toBe("—");
  });

  it("abbreviates chart axes in each language", () => {
    expect(formatYuanCompact(12_000, "zh-CN")).toBe("¥1.2万");
    expect(formatYuanCompact(340_000_000, "zh-CN")).toBe("¥3.4亿");
    expect(formatYuanCompact(12_000, "en")).toBe("¥12k");
    expect(formatYuanCompact(500, "en")).toBe("¥500");
  });
});

describe("times in the shop's time zone", () => {
  it("shows a UTC instant as the local date and time", () => {
    expect(formatDateTime("2026-11-10T16:00:00Z", "Asia/Shanghai")).toBe("2026-11-11 00:00");
    expect(formatDate("2026-11-10T15:59:59Z", "Asia/Shanghai")).toBe("2026-11-10");
    expect(formatDateTime("2026-11-10T16:00:00Z", "America/Los_Angeles")).toBe("2026-11-10 08:00");
    expect(formatDateTime(null, "Asia/Shanghai")).toBe("—");
  });

  it("knows today in the zone and adds calendar days", () => {
    expect(todayIn("Asia/Shanghai", new Date("2026-11-23T19:42:00Z"))).toBe("2026-11-24");
    expect(addDays("2026-11-24", -364)).toBe("2025-11-25");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
  });
});
