/**
 * Calendar days in a shop's time zone. Storage is UTC; people reason in local days.
 * Uses Intl's IANA zone data (offsets only — no calendar arithmetic).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: hour since the epoch → offset in ms. */
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds. Looked up once per
 * zone and hour and cached (zones change offset on the hour), so a million rows cost a few
 * thousand Intl look-ups.
 */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const hour = Math.floor(utcMs / 3_600_000);
  let zone = offsets.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsets.set(timeZone, zone);
  }
  const cached = zone.get(hour);
  if (cached !== undefined) return cached;
  const at = hour * 3_600_000;
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== "literal") p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  const offset = wall - at;
  if (zone.size > 100_000) zone.clear();
  zone.set(hour, offset);
  return offset;
}

/** Offset of `zone` from UTC at instant `at`, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  return Math.round(zoneOffsetMs(zone, at.getTime()) / 60_000);
}

/**
 * The UTC instant of local wall time `YYYY-MM-DD[THH:mm[:ss]]` in `zone`.
 * @example zonedTimeToUtc("2026-11-11", "Asia/Shanghai").toISOString() // "2026-11-10T16:00:00.000Z"
 */
export function zonedTimeToUtc(local: string, zone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
  if (!m) throw new RangeError(`invalid local time ${local}`);
  const naive = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  );
  // Two passes settle the offset around DST changes.
  let guess = naive - zoneOffsetMinutes(zone, new Date(naive)) * 60000;
  guess = naive - zoneOffsetMinutes(zone, new Date(guess)) * 60000;
  return new Date(guess);
}

/**
 * The local calendar day `YYYY-MM-DD` of an instant in `zone`.
 * @example localDay(new Date("2026-11-10T16:00:00Z"), "Asia/Shanghai") // "2026-11-11"
 */
export function localDay(at: Date, zone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(at);
}

export { addDays } from "../calendar/date.ts";

export function isValidTimeZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}
