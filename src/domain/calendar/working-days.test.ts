import { describe, expect, it } from "vitest";
import { holidayCalendar } from "./holidays/index.ts";
import {
  addWorkingDays,
  isWorkingDay,
  nextWorkingDay,
  previousWorkingDay,
  workingDayInfo,
} from "./working-days.ts";

const holidays = holidayCalendar();

describe("isWorkingDay", () => {
  it("follows the official days off and make-up workdays", () => {
    expect(isWorkingDay("2026-02-16", holidays)).toBe(false); // 春节
    expect(isWorkingDay("2026-02-14", holidays)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay("2026-02-28", holidays)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay("2026-03-01", holidays)).toBe(false); // ordinary Sunday
    expect(isWorkingDay("2026-03-02", holidays)).toBe(true);
    expect(isWorkingDay("2024-06-08", holidays)).toBe(false); // joined weekend: still a weekend
    expect(isWorkingDay("2024-02-09", holidays)).toBe(true); // 除夕 2024 only encouraged
  });

  it("explains the day and its basis", () => {
    expect(workingDayInfo("2026-02-14", holidays)).toEqual({
      date: "2026-02-14",
      isWorkingDay: true,
      reason: "makeUpWorkday",
      holidayName: "春节",
      basis: "official",
    });
    expect(workingDayInfo("2026-10-01", holidays).reason).toBe("officialDayOff");
    expect(workingDayInfo("2027-10-01", holidays)).toEqual({
      date: "2027-10-01",
      isWorkingDay: true,
      reason: "weekday",
      basis: "weekendsOnly",
    });
  });
});

describe("addWorkingDays", () => {
  it("crosses the 2026 Spring Festival and its make-up Saturdays", () => {
    expect(addWorkingDays("2026-02-13", 1, holidays)).toEqual({
      date: "2026-02-14",
      basis: "official",
    });
    expect(addWorkingDays("2026-02-14", 1, holidays).date).toBe("2026-02-24");
    expect(addWorkingDays("2026-02-24", -1, holidays).date).toBe("2026-02-14");
    expect(addWorkingDays("2026-02-24", -2, holidays).date).toBe("2026-02-13");
    // 2-24 … 2-27 are 4 working days, then Saturday 2-28 is a make-up workday
    expect(addWorkingDays("2026-02-23", 5, holidays).date).toBe("2026-02-28");
    expect(addWorkingDays("2026-02-23", 6, holidays).date).toBe("2026-03-02");
  });

  it("crosses National Day 2026", () => {
    expect(addWorkingDays("2026-09-30", 1, holidays).date).toBe("2026-10-08");
    expect(addWorkingDays("2026-10-09", 1, holidays).date).toBe("2026-10-10"); // Saturday worked
    expect(addWorkingDays("2026-09-21", -1, holidays).date).toBe("2026-09-20"); // Sunday worked
  });

  it("uses weekends only for a year not announced, and says so", () => {
    expect(addWorkingDays("2027-10-01", 1, holidays)).toEqual({
      date: "2027-10-04",
      basis: "weekendsOnly",
    });
    // crossing from an announced into an unknown year
    expect(addWorkingDays("2026-12-31", 1, holidays)).toEqual({
      date: "2027-01-01",
      basis: "weekendsOnly",
    });
  });

  it("returns the date itself for n = 0 and rejects fractions", () => {
    expect(addWorkingDays("2026-02-15", 0, holidays).date).toBe("2026-02-15");
    expect(() => addWorkingDays("2026-02-15", 1.5, holidays)).toThrow(RangeError);
  });
});

describe("next and previous working day", () => {
  it("skips days off", () => {
    expect(nextWorkingDay("2026-09-30", holidays).date).toBe("2026-10-08");
    expect(previousWorkingDay("2026-10-01", holidays).date).toBe("2026-09-30");
    expect(previousWorkingDay("2025-02-04", holidays).date).toBe("2025-01-27");
    expect(nextWorkingDay("2025-01-25", holidays).date).toBe("2025-01-26"); // Sunday worked
  });

  it("with inclusive returns a working day itself", () => {
    expect(nextWorkingDay("2026-10-08", holidays, { inclusive: true }).date).toBe("2026-10-08");
    expect(previousWorkingDay("2026-10-04", holidays, { inclusive: true }).date).toBe("2026-09-30");
    expect(nextWorkingDay("2026-10-08", holidays).date).toBe("2026-10-09");
  });
});
