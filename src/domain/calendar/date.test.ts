import { describe, expect, it } from "vitest";
import {
  addDays,
  daysBetween,
  fromDayNumber,
  isIsoDate,
  nthWeekdayOfMonth,
  parseIsoDate,
  toDayNumber,
  weekday,
} from "./date.ts";

describe("date helpers", () => {
  it("validates ISO dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-01")).toBe(false);
    expect(() => parseIsoDate("nope")).toThrow(RangeError);
  });

  it("does day arithmetic across months, years and before 1970", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("1901-01-01", -1)).toBe("1900-12-31");
    expect(fromDayNumber(toDayNumber("1905-06-07"))).toBe("1905-06-07");
    expect(daysBetween("2026-11-01", "2026-11-11")).toBe(10);
  });

  it("knows the weekday", () => {
    expect(weekday("2026-02-14")).toBe(6);
    expect(weekday("2026-01-04")).toBe(0);
    expect(weekday("1970-01-01")).toBe(4);
    expect(weekday("1901-01-01")).toBe(2);
  });

  it("finds the n-th weekday of a month", () => {
    expect(nthWeekdayOfMonth(2026, 5, 0, 2)).toBe("2026-05-10");
    expect(nthWeekdayOfMonth(2026, 6, 0, 3)).toBe("2026-06-21");
    expect(() => nthWeekdayOfMonth(2026, 2, 0, 5)).toThrow(RangeError);
  });
});
