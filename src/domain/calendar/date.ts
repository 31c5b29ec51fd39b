/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), with no time and no time zone.
 *
 * A festival, an official day off or a due date is a civil date in China; carrying it as a
 * plain string keeps it free of the host's time zone. Arithmetic goes through a day number
 * (days since 1970-01-01) computed with `Date.UTC`, which never depends on the local zone.
 */

/** A civil date written `YYYY-MM-DD`. */
export type IsoDate = string;

/** Day of the week, 0 = Sunday … 6 = Saturday (as `Date#getUTCDay`). */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Year, month (1–12) and day of a date. */
export interface YearMonthDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Whether a string is a real calendar date written `YYYY-MM-DD`.
 *
 * @example
 * isIsoDate("2026-02-28"); // true
 * isIsoDate("2026-02-29"); // false
 */
export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Splits a date into its parts; throws a `RangeError` on anything but a real `YYYY-MM-DD`.
 *
 * @example
 * parseIsoDate("2026-09-25"); // { year: 2026, month: 9, day: 25 }
 */
export function parseIsoDate(value: IsoDate): YearMonthDay {
  if (!isIsoDate(value)) throw new RangeError(`Invalid date / 日期无效: "${value}"`);
  return {
    year: Number(value.slice(0, 4)),
    month: Number(value.slice(5, 7)),
    day: Number(value.slice(8, 10)),
  };
}

/**
 * Writes a date as `YYYY-MM-DD`.
 *
 * @example
 * formatIsoDate(2026, 2, 17); // "2026-02-17"
 */
export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Number of days in a Gregorian month.
 *
 * @example
 * daysInMonth(2024, 2); // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Days since 1970-01-01 (negative before).
 *
 * @example
 * toDayNumber("1970-01-02"); // 1
 */
export function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

/**
 * The date of a day number (inverse of {@link toDayNumber}).
 *
 * @example
 * fromDayNumber(0); // "1970-01-01"
 */
export function fromDayNumber(dayNumber: number): IsoDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  return formatIsoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/**
 * Adds (or with a negative `n`, subtracts) calendar days.
 *
 * @example
 * addDays("2026-02-28", 1); // "2026-03-01"
 * addDays("2026-11-11", -10); // "2026-11-01"
 */
export function addDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * Whole days from `from` to `to` (positive when `to` is later).
 *
 * @example
 * daysBetween("2026-11-01", "2026-11-11"); // 10
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekday("2026-02-14"); // 6 (Saturday)
 */
export function weekday(date: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as Weekday;
}

/**
 * Whether a date falls on Saturday or Sunday.
 *
 * @example
 * isWeekend("2026-02-14"); // true
 */
export function isWeekend(date: IsoDate): boolean {
  const w = weekday(date);
  return w === 0 || w === 6;
}

/**
 * The n-th given weekday of a month (n from 1), e.g. the 2nd Sunday of May.
 *
 * @example
 * nthWeekdayOfMonth(2026, 5, 0, 2); // "2026-05-10" (Mother's Day)
 */
export function nthWeekdayOfMonth(year: number, month: number, day: Weekday, n: number): IsoDate {
  const first = formatIsoDate(year, month, 1);
  const offset = (day - weekday(first) + 7) % 7;
  const result = addDays(first, offset + (n - 1) * 7);
  if (parseIsoDate(result).month !== month) {
    throw new RangeError(`No weekday #${n} in ${year}-${month}`);
  }
  return result;
}

/**
 * Year of a date.
 *
 * @example
 * yearOf("2026-02-17"); // 2026
 */
export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}
