/**
 * Chinese lunisolar calendar and solar terms, through `tyme4ts`.
 *
 * `tyme4ts` follows the official tables (Purple Mountain / Hong Kong Observatory), including
 * the years before 1929, when the calendar was reckoned in Beijing local time (UTC+7:45:40)
 * rather than UTC+8. Node's `Intl` chinese calendar is not used: it gets some new-year dates
 * wrong (2027, 2030).
 */
import { LunarDay, LunarMonth, SolarTerm } from "tyme4ts";
import { addDays, formatIsoDate, type IsoDate } from "./date.ts";

/** The solar terms (节气) by their Chinese names, in `tyme4ts` order starting at 冬至. */
export type SolarTermName =
  | "冬至"
  | "小寒"
  | "大寒"
  | "立春"
  | "雨水"
  | "惊蛰"
  | "春分"
  | "清明"
  | "谷雨"
  | "立夏"
  | "小满"
  | "芒种"
  | "夏至"
  | "小暑"
  | "大暑"
  | "立秋"
  | "处暑"
  | "白露"
  | "秋分"
  | "寒露"
  | "霜降"
  | "立冬"
  | "小雪"
  | "大雪";

/** First and last Gregorian years the calendar module supports. */
export const MIN_YEAR = 1901;
export const MAX_YEAR = 2100;

/**
 * The Gregorian date of a day of a (non-leap) lunar month in lunar year `lunarYear`.
 *
 * @example
 * lunarToSolar(2026, 8, 15); // "2026-09-25" (Mid-Autumn)
 */
export function lunarToSolar(lunarYear: number, month: number, day: number): IsoDate {
  const solar = LunarDay.fromYmd(lunarYear, month, day).getSolarDay();
  return formatIsoDate(solar.getYear(), solar.getMonth(), solar.getDay());
}

/**
 * Lunar New Year's Day (正月初一) falling in Gregorian year `year`.
 *
 * @example
 * lunarNewYear(2026); // "2026-02-17"
 */
export function lunarNewYear(year: number): IsoDate {
  return lunarToSolar(year, 1, 1);
}

/**
 * Lunar New Year's Eve (除夕) falling in Gregorian year `year`: the last day of lunar month 12
 * of the previous lunar year, the 29th or the 30th.
 *
 * @example
 * lunarNewYearsEve(2026); // "2026-02-16" (month 12 had 29 days)
 */
export function lunarNewYearsEve(year: number): IsoDate {
  const lastDay = LunarMonth.fromYm(year - 1, 12).getDayCount();
  const eve = lunarToSolar(year - 1, 12, lastDay);
  // By construction the eve is the day before New Year's Day; keep the invariant explicit.
  if (addDays(eve, 1) !== lunarNewYear(year)) {
    throw new Error(`Lunar calendar inconsistency in ${year}`);
  }
  return eve;
}

/**
 * The Gregorian date of a solar term in `year` (Beijing time).
 *
 * @example
 * solarTermDate(2026, "清明"); // "2026-04-05"
 */
export function solarTermDate(year: number, name: SolarTermName): IsoDate {
  // tyme4ts counts a year's terms from the previous December's 冬至; ask the next year then.
  let solar = SolarTerm.fromName(year, name).getJulianDay().getSolarDay();
  if (solar.getYear() < year)
    solar = SolarTerm.fromName(year + 1, name)
      .getJulianDay()
      .getSolarDay();
  return formatIsoDate(solar.getYear(), solar.getMonth(), solar.getDay());
}
