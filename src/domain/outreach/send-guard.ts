/**
 * One place to ask "may this customer get this message now, and if not, when?": the
 * provider's Beijing marketing window (SMS only), the shop's local quiet hours, and the
 * per-channel frequency caps. Pure.
 */

import {
  DEFAULT_FREQUENCY_CAPS,
  type FrequencyCap,
  frequencyCapCheck,
  type OutreachChannel,
  type PriorSend,
} from "./frequency-cap.ts";
import { type QuietHours, quietHoursCheck } from "./quiet-hours.ts";
import type { SmsType } from "./sms-lint.ts";
import { formatBeijing, type SmsWindowProvider, smsSendWindow } from "./sms-window.ts";
import { formatInZone, type InstantInput, parseIsoInstant, toEpochMs } from "./time.ts";

/** A rule that can hold a message back. */
export type SendBlocker = "sms_window" | "quiet_hours" | "per_day" | "per_week";

/** Input of {@link earliestSend}. */
export interface SendGuardInput {
  readonly at: InstantInput;
  readonly channel: OutreachChannel;
  /** Marketing or notification; notifications skip the SMS window (quiet hours still apply). */
  readonly type: SmsType;
  /** SMS provider window rules; ignored for other channels. Default `default`. */
  readonly provider?: SmsWindowProvider;
  readonly timeZone: string;
  /** Omit for the default 21:00–09:00; `null` to switch quiet hours off. */
  readonly quietHours?: QuietHours | null;
  readonly priorSends?: readonly PriorSend[];
  readonly caps?: Partial<Record<OutreachChannel, FrequencyCap>>;
}

/** Result of {@link earliestSend}. */
export interface SendGuardResult {
  /** True when the message may go at `at`. */
  readonly allowedNow: boolean;
  /** Rules that block a send at `at` (empty when allowed). */
  readonly blockedBy: SendBlocker[];
  /** Earliest instant at or after `at` that passes every rule, in the shop's zone. */
  readonly earliest: string;
  /** The same instant in Beijing time. */
  readonly earliestBeijing: string;
}

/**
 * Finds the earliest instant at or after `at` that passes the SMS window, the quiet hours
 * and the frequency caps.
 *
 * @example
 * // A Los Angeles shop at 17:00 local (09:00 Beijing): the Beijing window is open,
 * // the local quiet hours are not, so the SMS may go now.
 * earliestSend({
 *   at: "2026-11-09T17:00:00-08:00", channel: "sms", type: "marketing",
 *   provider: "aliyun", timeZone: "America/Los_Angeles",
 * }).allowedNow; // true
 */
export function earliestSend(input: SendGuardInput): SendGuardResult {
  const start = toEpochMs(input.at);
  if (start === undefined) throw new RangeError(`invalid instant: ${String(input.at)}`);
  const zone = input.timeZone;
  const provider = input.provider ?? "default";
  const priorSends = input.priorSends ?? [];
  const caps = input.caps ?? DEFAULT_FREQUENCY_CAPS;

  const check = (t: number): { blockers: SendBlocker[]; next: number } => {
    const blockers: SendBlocker[] = [];
    let next = t;
    if (input.channel === "sms") {
      const w = smsSendWindow({ provider, type: input.type, at: t });
      if (!w.allowed) {
        blockers.push("sms_window");
        next = Math.max(next, parseIsoInstant(w.nextAllowed) ?? t);
      }
    }
    if (input.quietHours !== null) {
      const q = quietHoursCheck({
        at: t,
        timeZone: zone,
        ...(input.quietHours ? { quietHours: input.quietHours } : {}),
      });
      if (q.quiet) {
        blockers.push("quiet_hours");
        next = Math.max(next, q.nextAllowedMs);
      }
    }
    const c = frequencyCapCheck({
      at: t,
      channel: input.channel,
      priorSends,
      timeZone: zone,
      caps,
    });
    if (!c.allowed && c.reason) {
      blockers.push(c.reason);
      next = Math.max(next, c.nextAllowedMs);
    }
    return { blockers, next };
  };

  const first = check(start);
  let t = start;
  let r = first;
  for (let i = 0; i < 100 && r.blockers.length > 0; i++) {
    t = r.next;
    r = check(t);
  }
  if (r.blockers.length > 0) {
    throw new RangeError("no send time passes the rules within the search horizon");
  }
  return {
    allowedNow: first.blockers.length === 0,
    blockedBy: first.blockers,
    earliest: formatInZone(t, zone),
    earliestBeijing: formatBeijing(t),
  };
}
