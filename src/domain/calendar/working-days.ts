/**
 * Working-day arithmetic on the official calendar of mainland China: weekends are off,
 * official days off are off, make-up workdays (调休上班) are working days.
 *
 * For a year whose arrangements are not announced (and not entered by the owner), only
 * weekends count as days off; results carry `basis: "weekendsOnly"` so the product can say so.
 */
import { addDays, type IsoDate, isWeekend, parseIsoDate, yearOf } from "./date.ts";
import type { HolidayCalendar } from "./holidays/index.ts";

/** Why a day is or is not a working day. */
export type WorkingDayReason = "weekday" | "weekend" | "officialDayOff" | "makeUpWorkday";

/** Whether the official arrangements were known for the dates involved. */
export type WorkingDayBasis = "official" | "weekendsOnly";

/** Details of one day. */
export interface WorkingDayInfo {
  readonly date: IsoDate;
  readonly isWorkingDay: boolean;
  readonly reason: WorkingDayReason;
  /** Festival name for an official day off or make-up workday. */
  readonly holidayName?: string;
  readonly basis: WorkingDayBasis;
}

/** A date found by working-day arithmetic. */
export interface WorkingDayResult {
  readonly date: IsoDate;
  /** `weekendsOnly` when any year crossed has no known arrangements. */
  readonly basis: WorkingDayBasis;
}

function basisOf(date: IsoDate, holidays: HolidayCalendar): WorkingDayBasis {
  return holidays.years.has(yearOf(date)) || holidays.days.has(date) ? "official" : "weekendsOnly";
}

/**
 * Details of a day: working or not, why, and on which basis.
 *
 * @example
 * workingDayInfo("2026-02-14", holidayCalendar());
 * // { date: "2026-02-14", isWorkingDay: true, reason: "makeUpWorkday", holidayName: "春节",
 * //   basis: "official" }
 */
export function workingDayInfo(date: IsoDate, holidays: HolidayCalendar): WorkingDayInfo {
  parseIsoDate(date);
  const basis = basisOf(date, holidays);
  const official = holidays.days.get(date);
  if (official) {
    return official.isOffDay
      ? { date, isWorkingDay: false, reason: "officialDayOff", holidayName: official.name, basis }
      : { date, isWorkingDay: true, reason: "makeUpWorkday", holidayName: official.name, basis };
  }
  return isWeekend(date)
    ? { date, isWorkingDay: false, reason: "weekend", basis }
    : { date, isWorkingDay: true, reason: "weekday", basis };
}

/**
 * Whether a date is a working day.
 *
 * @example
 * const holidays = holidayCalendar();
 * isWorkingDay("2026-02-16", holidays); // false (春节)
 * isWorkingDay("2026-02-28", holidays); // true (Saturday, 调休上班)
 */
export function isWorkingDay(date: IsoDate, holidays: HolidayCalendar): boolean {
  return workingDayInfo(date, holidays).isWorkingDay;
}

/** Steps day by day in `direction` until `count` working days have been passed. */
function step(
  date: IsoDate,
  count: number,
  direction: 1 | -1,
  holidays: HolidayCalendar,
): WorkingDayResult {
  let basis: WorkingDayBasis = basisOf(date, holidays);
  let d = date;
  let left = count;
  while (left > 0) {
    d = addDays(d, direction);
    const info = workingDayInfo(d, holidays);
    if (info.basis === "weekendsOnly") basis = "weekendsOnly";
    if (info.isWorkingDay) left--;
  }
  return { date: d, basis };
}

/**
 * Moves `n` working days forward (or back, for negative `n`); the start date itself is not
 * counted, so it need not be a working day. `n = 0` returns the date unchanged.
 *
 * @example
 * const holidays = holidayCalendar();
 * addWorkingDays("2026-02-13", 1, holidays).date; // "2026-02-14" (Saturday make-up workday)
 * addWorkingDays("2026-02-14", 1, holidays).date; // "2026-02-24" (after the 春节 break)
 * addWorkingDays("2026-02-24", -1, holidays).date; // "2026-02-14"
 */
export function addWorkingDays(
  date: IsoDate,
  n: number,
  holidays: HolidayCalendar,
): WorkingDayResult {
  if (!Number.isInteger(n)) throw new RangeError(`n must be an integer / n 须为整数: ${n}`);
  if (n === 0) {
    parseIsoDate(date);
    return { date, basis: basisOf(date, holidays) };
  }
  return step(date, Math.abs(n), n > 0 ? 1 : -1, holidays);
}

/** Options of {@link nextWorkingDay} and {@link previousWorkingDay}. */
export interface AdjacentWorkingDayOptions {
  /** Return `date` itself when it is a working day (default `false`: strictly after/before). */
  readonly inclusive?: boolean;
}

/**
 * The first working day after `date` (or on it, with `inclusive`).
 *
 * @example
 * nextWorkingDay("2026-09-30", holidayCalendar()).date; // "2026-10-08"
 * nextWorkingDay("2026-10-08", holidayCalendar(), { inclusive: true }).date; // "2026-10-08"
 */
export function nextWorkingDay(
  date: IsoDate,
  holidays: HolidayCalendar,
  options: AdjacentWorkingDayOptions = {},
): WorkingDayResult {
  if (options.inclusive) {
    const info = workingDayInfo(date, holidays);
    if (info.isWorkingDay) return { date, basis: info.basis };
  }
  return step(date, 1, 1, holidays);
}

/**
 * The last working day before `date` (or `date` itself, with `inclusive`).
 *
 * @example
 * previousWorkingDay("2026-10-01", holidayCalendar()).date; // "2026-09-30"
 * previousWorkingDay("2026-10-04", holidayCalendar(), { inclusive: true }).date; // "2026-09-30"
 */
export function previousWorkingDay(
  date: IsoDate,
  holidays: HolidayCalendar,
  options: AdjacentWorkingDayOptions = {},
): WorkingDayResult {
  if (options.inclusive) {
    const info = workingDayInfo(date, holidays);
    if (info.isWorkingDay) return { date, basis: info.basis };
  }
  return step(date, 1, -1, holidays);
}
