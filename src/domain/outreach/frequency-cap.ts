/**
 * Frequency caps: how many messages one customer may get per channel per day and per week.
 * Days and weeks are calendar periods in the shop's time zone (weeks start on Monday). Pure.
 */

import { formatInZone, type InstantInput, toEpochMs, wallTimeIn, zonedToEpochMs } from "./time.ts";

/** The outreach channels a journey step can use. */
export type OutreachChannel = "sms" | "email" | "phone";

/** A cap per period; an absent field means no cap for that period. */
export interface FrequencyCap {
  readonly perDay?: number;
  readonly perWeek?: number;
}

/** Default caps per channel. */
export const DEFAULT_FREQUENCY_CAPS: Readonly<Record<OutreachChannel, FrequencyCap>> = {
  sms: { perDay: 1, perWeek: 3 },
  email: { perDay: 1, perWeek: 3 },
  phone: { perDay: 1, perWeek: 2 },
};

/** A message already sent (or scheduled) to the same customer. */
export interface PriorSend {
  readonly channel: OutreachChannel;
  readonly at: InstantInput;
}

/** Input of {@link frequencyCapCheck}: one customer, one channel. */
export interface FrequencyCapInput {
  readonly at: InstantInput;
  readonly channel: OutreachChannel;
  /** This customer's sends on any channel; only the same channel counts. */
  readonly priorSends: readonly PriorSend[];
  /** The shop's IANA time zone. */
  readonly timeZone: string;
  /** Default {@link DEFAULT_FREQUENCY_CAPS}. */
  readonly caps?: Partial<Record<OutreachChannel, FrequencyCap>>;
}

/** Result of {@link frequencyCapCheck}. */
export interface FrequencyCapResult {
  readonly allowed: boolean;
  /** Which cap blocks the send, when one does (`per_week` wins when both do). */
  readonly reason?: "per_day" | "per_week";
  /** Same-channel sends in the local day / week of `at`. */
  readonly sentToday: number;
  readonly sentThisWeek: number;
  /** `at` when allowed, else the start of the first local day the caps allow; shop's zone. */
  readonly nextAllowed: string;
  readonly nextAllowedMs: number;
}

function localDayStart(ms: number, timeZone: string, addDays = 0): number {
  const w = wallTimeIn(ms, timeZone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + addDays));
  return zonedToEpochMs(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    timeZone,
  );
}

function localWeekStart(ms: number, timeZone: string): number {
  return localDayStart(ms, timeZone, 1 - wallTimeIn(ms, timeZone).weekday);
}

/**
 * Checks the day and week caps for one customer on one channel, counting same-channel sends
 * in the local calendar day and week (Monday start) of `at`.
 *
 * @example
 * frequencyCapCheck({
 *   at: "2026-11-10T15:00:00+08:00", channel: "sms", timeZone: "Asia/Shanghai",
 *   priorSends: [{ channel: "sms", at: "2026-11-10T09:00:00+08:00" }],
 * });
 * // { allowed: false, reason: "per_day", sentToday: 1, sentThisWeek: 1,
 * //   nextAllowed: "2026-11-11T00:00:00+08:00", nextAllowedMs: … }
 */
export function frequencyCapCheck(input: FrequencyCapInput): FrequencyCapResult {
  const at = toEpochMs(input.at);
  if (at === undefined) throw new RangeError(`invalid instant: ${String(input.at)}`);
  const cap = input.caps?.[input.channel] ?? DEFAULT_FREQUENCY_CAPS[input.channel];
  for (const [k, v] of Object.entries(cap)) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < 0)) {
      throw new RangeError(`caps.${input.channel}.${k} must be a non-negative integer`);
    }
  }
  const sends: number[] = [];
  for (const s of input.priorSends) {
    if (s.channel !== input.channel) continue;
    const ms = toEpochMs(s.at);
    if (ms === undefined) throw new RangeError(`invalid prior send instant: ${String(s.at)}`);
    sends.push(ms);
  }
  const zone = input.timeZone;
  const count = (from: number, to: number) => sends.filter((t) => t >= from && t < to).length;
  const evaluate = (t: number) => {
    const day = localDayStart(t, zone);
    const week = localWeekStart(t, zone);
    const today = count(day, localDayStart(t, zone, 1));
    const thisWeek = count(week, localDayStart(week, zone, 7));
    const weekFull = cap.perWeek !== undefined && thisWeek >= cap.perWeek;
    const dayFull = cap.perDay !== undefined && today >= cap.perDay;
    return { today, thisWeek, weekFull, dayFull, day, week };
  };

  const first = evaluate(at);
  if (!first.weekFull && !first.dayFull) {
    return {
      allowed: true,
      sentToday: first.today,
      sentThisWeek: first.thisWeek,
      nextAllowed: formatInZone(at, zone),
      nextAllowedMs: at,
    };
  }
  // Walk forward one local day (or to next Monday) until both caps allow; bounded.
  let t = at;
  let e = first;
  for (let i = 0; i < 60 && (e.weekFull || e.dayFull); i++) {
    t = e.weekFull ? localDayStart(e.week, zone, 7) : localDayStart(e.day, zone, 1);
    e = evaluate(t);
  }
  return {
    allowed: false,
    reason: first.weekFull ? "per_week" : "per_day",
    sentToday: first.today,
    sentThisWeek: first.thisWeek,
    nextAllowed: formatInZone(t, zone),
    nextAllowedMs: t,
  };
}
