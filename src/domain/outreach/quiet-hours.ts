/**
 * Quiet hours: the shop's own "do not disturb" span, in the shop's time zone (unlike the
 * carriers' marketing window, which is always Beijing time). Pure.
 */

import {
  formatInZone,
  type InstantInput,
  parseClock,
  toEpochMs,
  wallTimeIn,
  zonedToEpochMs,
} from "./time.ts";

/** A daily quiet span `[start, end)` in local `HH:mm`; it wraps midnight when start > end. */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

/** The default quiet hours: 21:00 to 09:00 the next morning. */
export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "09:00" };

/** Input of {@link quietHoursCheck}. */
export interface QuietHoursInput {
  readonly at: InstantInput;
  /** The shop's IANA time zone, e.g. "Asia/Shanghai" or "America/Los_Angeles". */
  readonly timeZone: string;
  /** Default {@link DEFAULT_QUIET_HOURS}. Equal start and end mean no quiet hours. */
  readonly quietHours?: QuietHours;
}

/** Result of {@link quietHoursCheck}. */
export interface QuietHoursResult {
  readonly quiet: boolean;
  /** `at` itself when not quiet, else the end of the quiet span; in the shop's zone. */
  readonly nextAllowed: string;
  /** The same as epoch milliseconds. */
  readonly nextAllowedMs: number;
}

function clockOrThrow(s: string, field: string): number {
  const m = parseClock(s);
  if (m === undefined) throw new RangeError(`${field} must be HH:mm, got ${JSON.stringify(s)}`);
  return m;
}

/** True when the local minute-of-day `m` falls in `[start, end)` (wrapping midnight). */
export function inDailySpan(m: number, start: number, end: number): boolean {
  if (start === end) return false;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/**
 * Checks whether `at` falls in the shop's quiet hours (local time of the shop's zone, to the
 * minute) and when sending may resume. Throws `RangeError` on an invalid instant or clock.
 *
 * @example
 * quietHoursCheck({ at: "2026-11-10T21:30:00+08:00", timeZone: "Asia/Shanghai" });
 * // { quiet: true, nextAllowed: "2026-11-11T09:00:00+08:00", nextAllowedMs: … }
 */
export function quietHoursCheck(input: QuietHoursInput): QuietHoursResult {
  const ms = toEpochMs(input.at);
  if (ms === undefined) throw new RangeError(`invalid instant: ${String(input.at)}`);
  const q = input.quietHours ?? DEFAULT_QUIET_HOURS;
  const start = clockOrThrow(q.start, "quietHours.start");
  const end = clockOrThrow(q.end, "quietHours.end");
  const w = wallTimeIn(ms, input.timeZone);
  const minute = w.hour * 60 + w.minute;
  if (!inDailySpan(minute, start, end)) {
    return { quiet: false, nextAllowed: formatInZone(ms, input.timeZone), nextAllowedMs: ms };
  }
  // The quiet span ends at `end` today if that is still ahead, else tomorrow.
  let next = 0;
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const d = new Date(Date.UTC(w.year, w.month - 1, w.day + dayOffset));
    next = zonedToEpochMs(
      {
        year: d.getUTCFullYear(),
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: Math.floor(end / 60),
        minute: end % 60,
      },
      input.timeZone,
    );
    if (next > ms) break;
  }
  return { quiet: true, nextAllowed: formatInZone(next, input.timeZone), nextAllowedMs: next };
}
