import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "./date.ts";
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

describe("working-day arithmetic properties", () => {
  const dateArb = fc
    .integer({ min: 0, max: 4 * 366 })
    .map((offset) => addDays("2023-10-01", offset));

  it("lands on a working day, in the right direction, and round-trips from a working day", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -30, max: 30 }), (date, n) => {
        const r = addWorkingDays(date, n, holidays);
        if (n === 0) return r.date === date;
        expect(isWorkingDay(r.date, holidays)).toBe(true);
        expect(n > 0 ? r.date > date : r.date < date).toBe(true);
        if (isWorkingDay(date, holidays)) {
          expect(addWorkingDays(r.date, -n, holidays).date).toBe(date);
        }
        return true;
      }),
    );
  });

  it("counts exactly n working days between start and result", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 20 }), (date, n) => {
        const end = addWorkingDays(date, n, holidays).date;
        let count = 0;
        for (let d = addDays(date, 1); d <= end; d = addDays(d, 1)) {
          if (isWorkingDay(d, holidays)) count++;
        }
        expect(count).toBe(n);
      }),
    );
  });

  it("next/previous working day agree with addWorkingDays(±1)", () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(nextWorkingDay(date, holidays).date).toBe(addWorkingDays(date, 1, holidays).date);
        expect(previousWorkingDay(date, holidays).date).toBe(
          addWorkingDays(date, -1, holidays).date,
        );
      }),
    );
  });
});
