import { describe, expect, it } from "vitest";
import { weekday } from "../date.ts";
import {
  BUNDLED_HOLIDAY_YEARS,
  type HolidayYear,
  holidayCalendar,
  holidaysForYear,
  holidayYearSchema,
} from "./index.ts";

const holidays = holidayCalendar();
const offDays = (year: number) =>
  holidaysForYear(year, holidays)
    .days.filter((d) => d.isOffDay)
    .map((d) => d.date);
const workdays = (year: number) =>
  holidaysForYear(year, holidays)
    .days.filter((d) => !d.isOffDay)
    .map((d) => d.date);

describe("bundled notices", () => {
  it("validate against the schema", () => {
    for (const y of BUNDLED_HOLIDAY_YEARS) expect(() => holidayYearSchema.parse(y)).not.toThrow();
  });

  it("2024: 28 days off, 8 make-up workdays", () => {
    expect(offDays(2024)).toHaveLength(28);
    expect(workdays(2024)).toEqual([
      "2024-02-04",
      "2024-02-18",
      "2024-04-07",
      "2024-04-28",
      "2024-05-11",
      "2024-09-14",
      "2024-09-29",
      "2024-10-12",
    ]);
    const off = offDays(2024);
    // 端午 "6月10日放假，与周末连休": the joined weekend is not listed; nor is 除夕 (encouraged).
    expect(off).toContain("2024-06-10");
    expect(off).not.toContain("2024-06-08");
    expect(off).not.toContain("2024-06-09");
    expect(off).not.toContain("2024-02-09");
    expect(off.filter((d) => d.startsWith("2024-02"))).toEqual([
      "2024-02-10",
      "2024-02-11",
      "2024-02-12",
      "2024-02-13",
      "2024-02-14",
      "2024-02-15",
      "2024-02-16",
      "2024-02-17",
    ]);
  });

  it("2025: 28 days off, 5 make-up workdays, 端午 includes the weekend", () => {
    expect(offDays(2025)).toHaveLength(28);
    expect(workdays(2025)).toEqual([
      "2025-01-26",
      "2025-02-08",
      "2025-04-27",
      "2025-09-28",
      "2025-10-11",
    ]);
    const off = offDays(2025);
    expect(off).toEqual(expect.arrayContaining(["2025-05-31", "2025-06-01", "2025-06-02"]));
    expect(off.filter((d) => d >= "2025-01-28" && d <= "2025-02-04")).toHaveLength(8);
    expect(off.filter((d) => d >= "2025-05-01" && d <= "2025-05-05")).toHaveLength(5);
    expect(off.filter((d) => d >= "2025-10-01" && d <= "2025-10-08")).toHaveLength(8);
    const oct1 = holidaysForYear(2025, holidays).days.find((d) => d.date === "2025-10-01");
    expect(oct1?.name).toBe("国庆节、中秋节");
  });

  it("2026: 33 days off, 6 make-up workdays", () => {
    expect(offDays(2026)).toHaveLength(33);
    expect(workdays(2026)).toEqual([
      "2026-01-04",
      "2026-02-14",
      "2026-02-28",
      "2026-05-09",
      "2026-09-20",
      "2026-10-10",
    ]);
    const off = offDays(2026);
    expect(off.filter((d) => d >= "2026-02-15" && d <= "2026-02-23")).toHaveLength(9);
    expect(off).toEqual(
      expect.arrayContaining(["2026-01-03", "2026-04-06", "2026-06-21", "2026-09-27"]),
    );
    expect(holidaysForYear(2026, holidays).days[0]).toEqual({
      date: "2026-01-01",
      name: "元旦",
      isOffDay: true,
    });
  });

  it("weekdays match the notices' (周X) labels", () => {
    // 2025: 1月28日（周二）… 2月4日（周二）; 5月31日（周六）; 10月8日（周三）
    expect(weekday("2025-01-28")).toBe(2);
    expect(weekday("2025-02-04")).toBe(2);
    expect(weekday("2025-05-31")).toBe(6);
    expect(weekday("2025-10-08")).toBe(3);
    // 2026: 2月15日（周日）至23日（周一）; 4月4日（周六）; 10月7日（周三）
    expect(weekday("2026-02-15")).toBe(0);
    expect(weekday("2026-02-23")).toBe(1);
    expect(weekday("2026-04-04")).toBe(6);
    expect(weekday("2026-10-07")).toBe(3);
    // every make-up workday is a Saturday or Sunday
    for (const year of [2024, 2025, 2026]) {
      for (const d of workdays(year)) expect([0, 6]).toContain(weekday(d));
    }
  });

  it("lists days sorted by date", () => {
    for (const year of [2024, 2025, 2026]) {
      const dates = holidaysForYear(year, holidays).days.map((d) => d.date);
      expect(dates).toEqual([...dates].sort());
    }
  });
});

describe("years not announced and owner data", () => {
  it("reports a year without data as not announced", () => {
    expect(holidaysForYear(2027, holidays)).toEqual({
      year: 2027,
      status: "not_announced",
      days: [],
    });
  });

  const owner2027: HolidayYear = {
    year: 2027,
    source: { title: "店主录入 2027", origin: "owner" },
    arrangements: [
      {
        name: "元旦",
        nameEn: "New Year's Day",
        offFrom: "2027-01-01",
        offTo: "2027-01-03",
        makeUpWorkdays: [],
      },
    ],
  };

  it("accepts owner-entered years", () => {
    const withOwner = holidayCalendar([owner2027]);
    const y = holidaysForYear(2027, withOwner);
    expect(y.status).toBe("announced");
    expect(y.days.map((d) => d.date)).toEqual(["2027-01-01", "2027-01-02", "2027-01-03"]);
    // bundled years are still there
    expect(holidaysForYear(2026, withOwner).status).toBe("announced");
  });

  it("rejects invalid owner data", () => {
    const bad = {
      ...owner2027,
      arrangements: [{ ...owner2027.arrangements[0]!, offFrom: "2027-01-05" }],
    };
    expect(() => holidayCalendar([bad])).toThrow(/offTo/);
    const twice = {
      ...owner2027,
      arrangements: [owner2027.arrangements[0]!, owner2027.arrangements[0]!],
    };
    expect(() => holidayCalendar([twice])).toThrow(/twice/);
    expect(() => holidayCalendar([{ ...owner2027, year: 1800 }])).toThrow();
  });
});

describe("cross-check with the tyme4ts holiday table", () => {
  it("agrees on every date, except the 2024 端午 weekend tyme4ts lists as off", async () => {
    const { SolarDay } = await import("tyme4ts");
    for (const year of [2024, 2025, 2026]) {
      const theirs: string[] = [];
      let d = SolarDay.fromYmd(year, 1, 1);
      while (d.getYear() === year) {
        const h = d.getLegalHoliday();
        const iso = `${year}-${String(d.getMonth()).padStart(2, "0")}-${String(d.getDay()).padStart(2, "0")}`;
        if (h) theirs.push(`${iso}:${h.isWork() ? "work" : "off"}`);
        d = d.next(1);
      }
      const ours = holidaysForYear(year, holidays).days.map(
        (x) => `${x.date}:${x.isOffDay ? "off" : "work"}`,
      );
      const expected =
        year === 2024
          ? theirs.filter((x) => x !== "2024-06-08:off" && x !== "2024-06-09:off")
          : theirs;
      expect(ours).toEqual(expected);
    }
  });
});
