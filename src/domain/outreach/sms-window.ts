/**
 * When marketing SMS may be sent. Carriers and providers enforce the window in Beijing time
 * (UTC+8, no DST) whatever the shop's time zone; notifications have no window.
 *
 * Pure: no I/O, no clock. Instants are ISO 8601 strings with an offset, `Date`s or epoch ms.
 */

import type { Bilingual, SmsType } from "./sms-lint.ts";
import { formatInZone, formatWithOffset, type InstantInput, toEpochMs } from "./time.ts";

/** The providers whose windows Dacu knows. `default` covers the local fake and any other. */
export type SmsWindowProvider = "aliyun" | "tencent" | "default";

/** Every provider name the window rules accept, in a stable order. */
export const SMS_WINDOW_PROVIDERS: readonly SmsWindowProvider[] = ["aliyun", "tencent", "default"];

/** A daily window in Beijing time, `[startHour, endHour)`. */
export interface BeijingWindow {
  readonly startHour: number;
  readonly endHour: number;
}

/** Marketing windows per provider (Beijing time). */
export const SMS_MARKETING_WINDOWS: Readonly<Record<SmsWindowProvider, BeijingWindow>> = {
  aliyun: { startHour: 8, endHour: 20 },
  tencent: { startHour: 8, endHour: 22 },
  default: { startHour: 8, endHour: 20 },
};

/** Beijing's fixed offset from UTC in minutes. */
export const BEIJING_OFFSET_MINUTES = 480;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;

/**
 * The window rules for an adapter name: `aliyun` and `tencent` have their own; anything else
 * (the local fake, an unknown provider) gets the stricter `default`.
 *
 * @example
 * windowProviderFor("fake"); // "default"
 */
export function windowProviderFor(adapterName: string): SmsWindowProvider {
  return adapterName === "aliyun" || adapterName === "tencent" ? adapterName : "default";
}

/** Input of {@link smsSendWindow}. */
export interface SmsWindowInput {
  readonly provider: SmsWindowProvider;
  readonly type: SmsType;
  readonly at: InstantInput;
}

/** Result of {@link smsSendWindow}. Exactly these two fields. */
export interface SmsWindowResult {
  readonly allowed: boolean;
  /** `at` itself when allowed, else the next 08:00:00 Beijing; always written with `+08:00`. */
  readonly nextAllowed: string;
}

/**
 * Formats an instant in Beijing time: `YYYY-MM-DDTHH:mm:ss+08:00`, with `.SSS` only when the
 * milliseconds are not zero.
 *
 * @example
 * formatBeijing(Date.UTC(2026, 10, 10, 12)); // "2026-11-10T20:00:00+08:00"
 */
export function formatBeijing(ms: number): string {
  return formatWithOffset(ms, BEIJING_OFFSET_MINUTES);
}

function beijingDayStart(ms: number): number {
  const local = ms + BEIJING_OFFSET_MS;
  return local - (((local % DAY) + DAY) % DAY) - BEIJING_OFFSET_MS;
}

function epochOrThrow(at: InstantInput): number {
  const ms = toEpochMs(at);
  if (ms === undefined) throw new RangeError(`invalid instant: ${String(at)}`);
  return ms;
}

/**
 * Decides whether an SMS may be sent at `at`. Marketing SMS: inside the provider's Beijing
 * window, half-open to the millisecond. Notifications: always.
 * Throws a `RangeError` when `at` is not a valid instant.
 *
 * @example
 * smsSendWindow({ provider: "aliyun", type: "marketing", at: "2026-11-10T20:00:00+08:00" });
 * // { allowed: false, nextAllowed: "2026-11-11T08:00:00+08:00" }
 * smsSendWindow({ provider: "aliyun", type: "marketing", at: "2026-11-10T03:00:00Z" });
 * // { allowed: true, nextAllowed: "2026-11-10T11:00:00+08:00" }
 */
export function smsSendWindow(input: SmsWindowInput): SmsWindowResult {
  const ms = epochOrThrow(input.at);
  if (input.type === "notification") return { allowed: true, nextAllowed: formatBeijing(ms) };
  const w = SMS_MARKETING_WINDOWS[input.provider];
  const day = beijingDayStart(ms);
  const open = day + w.startHour * HOUR;
  const close = day + w.endHour * HOUR;
  if (ms >= open && ms < close) return { allowed: true, nextAllowed: formatBeijing(ms) };
  return { allowed: false, nextAllowed: formatBeijing(ms < open ? open : open + DAY) };
}

/** A planned send, e.g. wave 3: T-1 20:00–22:00 in the shop's zone. `[start, end)`. */
export interface PlannedSmsSend {
  readonly provider: SmsWindowProvider;
  readonly type: SmsType;
  readonly start: InstantInput;
  readonly end: InstantInput;
  /** The shop's IANA time zone, used to show local times. Default Asia/Shanghai. */
  readonly timeZone?: string;
  /** True when the same step also places phone calls (they are kept). */
  readonly withPhoneCalls?: boolean;
}

/** A planning warning about the SMS window. */
export interface SmsPlanWarning {
  /** `sms_window_blocked`: the whole interval is outside the window; `…_partly_…`: part of it. */
  readonly code: "sms_window_blocked" | "sms_window_partly_blocked";
  readonly severity: "warning";
  readonly message: Bilingual;
  readonly suggestion: Bilingual;
  /**
   * Send before this instant (Beijing, exclusive): when blocked, the last window close at or
   * before the planned start; when partly blocked, the end of the allowed part.
   */
  readonly sendBefore: string;
  /** The same instant in the shop's time zone. */
  readonly sendBeforeLocal: string;
  /** Allowed part of the interval, if any (Beijing). */
  readonly allowedPart?: { readonly start: string; readonly end: string };
}

const hhmm = (h: number) => `${String(h).padStart(2, "0")}:00`;

/**
 * Checks a planned send interval against the provider's marketing window and returns
 * warnings with a suggestion (send the SMS before the window closes, keep the phone calls).
 * Returns `[]` when the whole interval is allowed or the SMS is a notification.
 *
 * @example
 * planSmsSendWarnings({
 *   provider: "aliyun", type: "marketing", withPhoneCalls: true,
 *   start: "2026-11-10T20:00:00+08:00", end: "2026-11-10T22:00:00+08:00",
 * })[0]?.suggestion.en;
 * // "Send the SMS before 20:00 Beijing time (2026-11-10T20:00:00+08:00) and keep the phone calls."
 */
export function planSmsSendWarnings(plan: PlannedSmsSend): SmsPlanWarning[] {
  const start = epochOrThrow(plan.start);
  const end = epochOrThrow(plan.end);
  if (end < start) throw new RangeError("end is before start");
  if (plan.type === "notification") return [];
  const w = SMS_MARKETING_WINDOWS[plan.provider];
  const zone = plan.timeZone ?? "Asia/Shanghai";

  // Allowed parts of [start, end): intersect with each Beijing day's window it touches.
  const allowed: [number, number][] = [];
  for (let day = beijingDayStart(start) - DAY; day < end; day += DAY) {
    const a = Math.max(start, day + w.startHour * HOUR);
    const b = Math.min(end, day + w.endHour * HOUR);
    if (a < b) allowed.push([a, b]);
  }
  const covered = allowed.reduce((sum, [a, b]) => sum + (b - a), 0);
  if (end > start ? covered === end - start : smsSendWindow({ ...plan, at: start }).allowed) {
    return [];
  }

  // Blocked: the window close at or before the planned start. Partly: the allowed part.
  const part = allowed[0];
  const startDay = beijingDayStart(start);
  const closeSameDay = startDay + w.endHour * HOUR;
  const sendBefore = part ? part[1] : closeSameDay <= start ? closeSameDay : closeSameDay - DAY;
  const sendBeforeBj = formatBeijing(sendBefore);
  const sendBeforeLocal = formatInZone(sendBefore, zone);
  const endHour = hhmm(w.endHour);
  const windowText = `${hhmm(w.startHour)}–${endHour}`;
  const shanghai = zone === "Asia/Shanghai";
  const phoneZh = plan.withPhoneCalls ? "，电话外呼照常保留" : "";
  const phoneEn = plan.withPhoneCalls ? " and keep the phone calls" : "";
  const code = part ? "sms_window_partly_blocked" : "sms_window_blocked";
  const where = {
    zh: code === "sms_window_blocked" ? "全部" : "部分",
    en: code === "sms_window_blocked" ? "entirely" : "partly",
  };
  const message: Bilingual = {
    zh: `营销短信只能在北京时间 ${windowText} 发送（${plan.provider}），计划时段${where.zh}在窗口外`,
    en: `Marketing SMS may only be sent ${windowText} Beijing time (${plan.provider}); the planned interval is ${where.en} outside it`,
  };
  let suggestion: Bilingual;
  if (part) {
    const a = formatBeijing(part[0]);
    const b = formatBeijing(part[1]);
    const la = shanghai
      ? ""
      : `；店铺时区 ${zone}：${formatInZone(part[0], zone)} 至 ${formatInZone(part[1], zone)}`;
    const lae = shanghai
      ? ""
      : `; in the shop's zone ${zone}: ${formatInZone(part[0], zone)} to ${formatInZone(part[1], zone)}`;
    suggestion = {
      zh: `短信请只在允许时段内发送（北京时间 ${a} 至 ${b}${la}）${phoneZh}。`,
      en: `Send the SMS only within the allowed part (Beijing ${a} to ${b}${lae})${phoneEn}.`,
    };
  } else {
    const ln = shanghai ? "" : `；店铺时区 ${zone}：${sendBeforeLocal} 前`;
    const lne = shanghai ? "" : `; in the shop's zone ${zone}: before ${sendBeforeLocal}`;
    suggestion = {
      zh: `短信请在北京时间 ${endHour} 前发送（${sendBeforeBj}${ln}）${phoneZh}。`,
      en: `Send the SMS before ${endHour} Beijing time (${sendBeforeBj}${lne})${phoneEn}.`,
    };
  }
  return [
    {
      code,
      severity: "warning",
      message,
      suggestion,
      sendBefore: sendBeforeBj,
      sendBeforeLocal,
      ...(part
        ? { allowedPart: { start: formatBeijing(part[0]), end: formatBeijing(part[1]) } }
        : {}),
    },
  ];
}
