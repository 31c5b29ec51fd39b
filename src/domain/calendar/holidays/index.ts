/**
 * Official holidays (放假调休) of mainland China, year by year.
 *
 * Bundled years follow the State Council's notices exactly (see each year's file). Years the
 * product learns later (entered by the owner or imported) are passed in as data: nothing here
 * reads files or the network.
 */
import { addDays, type IsoDate } from "../date.ts";
import { HOLIDAYS_2024 } from "./2024.ts";
import { HOLIDAYS_2025 } from "./2025.ts";
import { HOLIDAYS_2026 } from "./2026.ts";
import {
  type HolidayDay,
  type HolidayYear,
  type HolidayYearStatus,
  holidayYearSchema,
} from "./types.ts";

export { HOLIDAYS_2024 } from "./2024.ts";
export { HOLIDAYS_2025 } from "./2025.ts";
export { HOLIDAYS_2026 } from "./2026.ts";
export * from "./types.ts";

/** The years bundled with Dacu. */
export const BUNDLED_HOLIDAY_YEARS: readonly HolidayYear[] = [
  HOLIDAYS_2024,
  HOLIDAYS_2025,
  HOLIDAYS_2026,
];

/** A lookup of official days across the known years. Build it with {@link holidayCalendar}. */
export interface HolidayCalendar {
  /** Known years by year number. */
  readonly years: ReadonlyMap<number, HolidayYear>;
  /** Every official day off and make-up workday by date. */
  readonly days: ReadonlyMap<IsoDate, HolidayDay>;
}

/** The days of one year as the `holidays --json` command prints them. */
export interface HolidayYearListing {
  readonly year: number;
  readonly status: HolidayYearStatus;
  readonly days: readonly HolidayDay[];
}

/**
 * The official days of one year's arrangements, sorted by date: each day off of each span,
 * then the make-up workdays.
 *
 * @example
 * expandHolidayYear(HOLIDAYS_2026)[0]; // { date: "2026-01-01", name: "元旦", isOffDay: true }
 */
export function expandHolidayYear(data: HolidayYear): HolidayDay[] {
  const days: HolidayDay[] = [];
  for (const a of data.arrangements) {
    for (let d = a.offFrom; d <= a.offTo; d = addDays(d, 1)) {
      days.push({ date: d, name: a.name, isOffDay: true });
    }
    for (const d of a.makeUpWorkdays) days.push({ date: d, name: a.name, isOffDay: false });
  }
  return days.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/**
 * Builds the holiday lookup from the bundled years plus `extra` years (owner-entered or
 * imported). An extra year replaces a bundled year with the same number. Every year is
 * validated; invalid data throws a `ZodError`.
 *
 * @example
 * const holidays = holidayCalendar();
 * holidays.days.get("2026-02-14"); // { date: "2026-02-14", name: "春节", isOffDay: false }
 * const withOwnerData = holidayCalendar([myHolidays2027]);
 */
export function holidayCalendar(extra: readonly HolidayYear[] = []): HolidayCalendar {
  const years = new Map<number, HolidayYear>();
  for (const y of BUNDLED_HOLIDAY_YEARS) years.set(y.year, y);
  for (const y of extra) years.set(y.year, holidayYearSchema.parse(y) as HolidayYear);
  const days = new Map<IsoDate, HolidayDay>();
  for (const year of [...years.keys()].sort((a, b) => a - b)) {
    const data = years.get(year);
    if (data) for (const day of expandHolidayYear(data)) days.set(day.date, day);
  }
  return { years, days };
}

/**
 * Whether the official arrangements of a year are known.
 *
 * @example
 * holidayYearStatus(2026, holidayCalendar()); // "announced"
 * holidayYearStatus(2027, holidayCalendar()); // "not_announced"
 */
export function holidayYearStatus(year: number, holidays: HolidayCalendar): HolidayYearStatus {
  return holidays.years.has(year) ? "announced" : "not_announced";
}

/**
 * One year's official days off and make-up workdays, as that year's notice lists them, sorted
 * by date; empty when the year is not announced.
 *
 * @example
 * const y = holidaysForYear(2026, holidayCalendar());
 * y.status; // "announced"
 * y.days.filter((d) => !d.isOffDay).map((d) => d.date);
 * // ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
 */
export function holidaysForYear(year: number, holidays: HolidayCalendar): HolidayYearListing {
  const data = holidays.years.get(year);
  if (!data) return { year, status: "not_announced", days: [] };
  return { year, status: "announced", days: expandHolidayYear(data) };
}
