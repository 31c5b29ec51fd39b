/**
 * Small, pure time helpers for outreach rules: strict ISO 8601 parsing, wall-clock parts in
 * an IANA time zone (through `Intl`, no I/O), and formatting with an explicit offset.
 */

import { zoneOffsetMs } from "../time/zone.ts";

/** Something that names an instant: a `Date`, epoch milliseconds, or ISO 8601 with offset. */
export type InstantInput = Date | number | string;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * Parses an ISO 8601 date-time that carries its offset (`Z` or `±HH:MM`) into epoch
 * milliseconds. Fractions finer than a millisecond are truncated. Returns `undefined` for
 * anything else (no offset, impossible date, 24:00, leap second).
 *
 * @example
 * parseIsoInstant("2026-11-10T12:00:00Z") === parseIsoInstant("2026-11-10T20:00:00+08:00"); // true
 * parseIsoInstant("2026-11-10T20:00:00"); // undefined (no offset)
 */
export function parseIsoInstant(s: string): number | undefined {
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, sec, frac, off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec ?? "0");
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number((frac ?? "").padEnd(3, "0").slice(0, 3));
  let offsetMin = 0;
  if (off && off !== "Z") {
    const oh = Number(off.slice(1, 3));
    const om = Number(off.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMin = (off.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  // Date.UTC maps years 0..99 to 1900..1999; set the year explicitly.
  const fixed = new Date(utc);
  fixed.setUTCFullYear(year);
  return fixed.getTime() - offsetMin * 60_000;
}

/**
 * Turns an instant input into epoch milliseconds, or `undefined` when it is not valid.
 *
 * @example
 * toEpochMs("2026-11-10T12:00:00Z"); // 1794312000000
 */
export function toEpochMs(at: InstantInput): number | undefined {
  if (typeof at === "string") return parseIsoInstant(at);
  const ms = typeof at === "number" ? at : at.getTime();
  return Number.isFinite(ms) ? Math.trunc(ms) : undefined;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * Formats an instant with a fixed offset in minutes: `YYYY-MM-DDTHH:mm:ss±HH:MM`, with
 * `.SSS` only when the milliseconds are not zero.
 *
 * @example
 * formatWithOffset(Date.UTC(2026, 10, 11, 0), 480); // "2026-11-11T08:00:00+08:00"
 */
export function formatWithOffset(ms: number, offsetMinutes: number): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const millis = d.getUTCMilliseconds();
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    (millis ? `.${pad(millis, 3)}` : "") +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Wall-clock fields in some time zone. `weekday`: 1 = Monday … 7 = Sunday. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly millisecond: number;
  readonly weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * True when `timeZone` is an IANA zone name this runtime knows.
 *
 * @example
 * isValidTimeZone("America/Los_Angeles"); // true
 */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Wall-clock fields of an instant in an IANA time zone.
 *
 * @example
 * wallTimeIn(Date.UTC(2026, 10, 10, 12), "Asia/Shanghai").hour; // 20
 */
export function wallTimeIn(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    millisecond,
    weekday: dow === 0 ? 7 : dow,
  };
}

/**
 * Offset of a time zone from UTC at an instant, in minutes (Asia/Shanghai: 480).
 *
 * @example
 * zoneOffsetMinutes(Date.UTC(2026, 6, 1), "America/Los_Angeles"); // -420
 */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  return Math.round(zoneOffsetMs(timeZone, ms) / 60_000);
}

/**
 * The instant at which a wall-clock time occurs in a time zone. A time skipped by a DST jump
 * resolves to the instant after the gap; a repeated time resolves to its first occurrence.
 *
 * @example
 * zonedToEpochMs({ year: 2026, month: 11, day: 10, hour: 20 }, "Asia/Shanghai");
 * // Date.UTC(2026, 10, 10, 12)
 */
export function zonedToEpochMs(
  wall: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
    readonly hour?: number;
    readonly minute?: number;
    readonly second?: number;
    readonly millisecond?: number;
  },
  timeZone: string,
): number {
  const asUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour ?? 0,
    wall.minute ?? 0,
    wall.second ?? 0,
    wall.millisecond ?? 0,
  );
  const candidates = new Set<number>();
  for (const probe of [asUtc - 86_400_000, asUtc, asUtc + 86_400_000]) {
    candidates.add(asUtc - zoneOffsetMinutes(probe, timeZone) * 60_000);
  }
  const exact = [...candidates]
    .filter((c) => c - asUtc === -zoneOffsetMinutes(c, timeZone) * 60_000)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return exact[0];
  // In a DST gap: use the offset in force before the gap, which lands after it.
  const before = zoneOffsetMinutes(asUtc - 86_400_000, timeZone);
  return asUtc - before * 60_000;
}

/**
 * Formats an instant in a time zone with its offset at that instant.
 *
 * @example
 * formatInZone(Date.UTC(2026, 10, 10, 12), "America/Los_Angeles"); // "2026-11-10T04:00:00-08:00"
 */
export function formatInZone(ms: number, timeZone: string): string {
  return formatWithOffset(ms, zoneOffsetMinutes(ms, timeZone));
}

/**
 * Parses `HH:mm` (00:00–24:00) into minutes after midnight, or `undefined`.
 *
 * @example
 * parseClock("21:30"); // 1290
 */
export function parseClock(s: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return undefined;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi !== 0)) return undefined;
  return h * 60 + mi;
}

/**
 * A local interval on one calendar date in a time zone, as instants: `from`–`to` in `HH:mm`;
 * a `to` at or before `from` ends on the next day (e.g. 22:00–02:00).
 * Throws `RangeError` on a bad date or clock.
 *
 * @example
 * // Wave 3 of a Los Angeles shop: T-1 20:00–22:00 local.
 * zonedInterval({ date: "2026-11-10", from: "20:00", to: "22:00" }, "America/Los_Angeles");
 * // { start: Date.UTC(2026, 10, 11, 4), end: Date.UTC(2026, 10, 11, 6) }
 */
export function zonedInterval(
  local: { readonly date: string; readonly from: string; readonly to: string },
  timeZone: string,
): { start: number; end: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(local.date);
  const from = parseClock(local.from);
  const to = parseClock(local.to);
  if (!m || parseIsoInstant(`${local.date}T00:00:00Z`) === undefined) {
    throw new RangeError(`date must be YYYY-MM-DD, got ${JSON.stringify(local.date)}`);
  }
  if (from === undefined) throw new RangeError(`from must be HH:mm, got ${local.from}`);
  if (to === undefined) throw new RangeError(`to must be HH:mm, got ${local.to}`);
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const at = (minutes: number, extraDays: number) => {
    const d = new Date(Date.UTC(day.year, day.month - 1, day.day + extraDays));
    return zonedToEpochMs(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: Math.floor(minutes / 60),
        minute: minutes % 60,
      },
      timeZone,
    );
  };
  return { start: at(from, 0), end: at(to, to <= from ? 1 : 0) };
}
