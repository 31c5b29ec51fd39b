/**
 * Calendar days in a shop's time zone. Storage is UTC; people reason in local days.
 * Uses Intl's IANA zone data (offsets only — no calendar arithmetic).
 */

/** Offset of `zone` from UTC at instant `at`, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60000);
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
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
