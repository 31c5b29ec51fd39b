/**
 * Shop-local wall-clock times (`2017-11-11 00:00:01`) → UTC instants, for any IANA zone.
 * Offsets are looked up once per zone and hour and cached, so a million rows cost a few
 * thousand time-zone lookups.
 */

import { isValidTimeZone, zoneOffsetMs } from "../time/zone.ts";

const LOCAL =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export { isValidTimeZone, zoneOffsetMs };

/**
 * Parses a shop-local date-time (`YYYY-MM-DD HH:mm[:ss]`, `/` also accepted, a date alone
 * meaning midnight) or an ISO 8601 instant with a zone, and returns UTC epoch milliseconds,
 * or null when the text is not a valid time.
 * @example parseLocalTime("2017-11-11 00:00:01", "Asia/Shanghai") // Date.UTC(2017, 10, 10, 16, 0, 1)
 */
export function parseLocalTime(text: string, timeZone: string): number | null {
  const s = text.trim();
  const m = LOCAL.exec(s);
  if (!m) {
    if (ISO_WITH_ZONE.test(s)) {
      const ms = Date.parse(s);
      return Number.isNaN(ms) ? null : ms;
    }
    return null;
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4] ?? 0);
  const mi = Number(m[5] ?? 0);
  const sec = Number(m[6] ?? 0);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec);
  if (new Date(wall).getUTCDate() !== d) return null; // 2月30日
  const first = wall - zoneOffsetMs(timeZone, wall);
  const second = zoneOffsetMs(timeZone, first);
  return wall - second;
}

/**
 * Formats a UTC instant as shop-local `YYYY-MM-DD HH:mm:ss`.
 * @example formatLocalTime(Date.UTC(2017, 10, 10, 16, 0, 1), "Asia/Shanghai") // "2017-11-11 00:00:01"
 */
export function formatLocalTime(utcMs: number, timeZone: string): string {
  const d = new Date(utcMs + zoneOffsetMs(timeZone, utcMs));
  const p = (n: number) => (n < 10 ? `0${n}` : String(n));
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
