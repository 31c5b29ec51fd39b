/**
 * Plan-time checks of one journey step: SMS lint, the provider's Beijing window, the shop's
 * quiet hours, frequency caps, consent and suppression, and SMS credit against the planned
 * volume. Pure: the counts come from the database, the instants from the caller.
 */

import type { OutreachChannel } from "../frequency-cap.ts";
import { DEFAULT_QUIET_HOURS, type QuietHours, quietHoursCheck } from "../quiet-hours.ts";
import { type Bilingual, lintSms, type SmsPhraseAdditions, type SmsType } from "../sms-lint.ts";
import { planSmsSendWarnings, type SmsWindowProvider } from "../sms-window.ts";
import { formatInZone } from "../time.ts";
import { RETURNING_FORBIDDEN, renderTemplate, type StepAudience } from "./templates.ts";

/** What a plan warning is about. */
export type PlanWarningCode =
  | "sms_lint"
  | "sms_window_blocked"
  | "sms_window_partly_blocked"
  | "quiet_hours"
  | "frequency_cap"
  | "no_consent"
  | "suppressed"
  | "insufficient_balance"
  | "returning_discount"
  | "missing_variable"
  | "empty_audience"
  | "email_not_configured";

/** One finding of the plan checks. `error` blocks a launch; `warning` informs. */
export interface PlanWarning {
  readonly code: PlanWarningCode;
  readonly severity: "error" | "warning";
  readonly message: Bilingual;
  readonly suggestion?: Bilingual;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Counts of a step's audience, from SQL. */
export interface AudienceCounts {
  /** Members of the audience. */
  readonly audience: number;
  /** Without consent on the channel (or without an address). */
  readonly noConsent: number;
  /** On the suppression list for the channel. */
  readonly suppressed: number;
  /** Would exceed the per-day cap of the channel on the send day. */
  readonly capped: number;
  /** Left to send to. */
  readonly recipients: number;
}

/** Input of {@link checkStep}. */
export interface StepCheckInput {
  readonly channel: OutreachChannel;
  readonly smsType: SmsType;
  readonly audience: StepAudience;
  readonly template: string;
  /** Planned send interval `[start, end)`, epoch ms. */
  readonly start: number;
  readonly end: number;
  readonly timeZone: string;
  readonly provider: SmsWindowProvider;
  /** True when the journey also calls these customers by phone at the same time. */
  readonly withPhoneCalls?: boolean;
  readonly quietHours?: QuietHours;
  readonly counts: AudienceCounts;
  /** SMS credit in segments, when the provider reports it. */
  readonly balanceSegments?: number;
  readonly unitPriceFen: number;
  readonly phrases?: SmsPhraseAdditions;
}

/** Result of {@link checkStep}. */
export interface StepCheckResult {
  readonly ok: boolean;
  readonly warnings: readonly PlanWarning[];
  /** SMS segments per message (0 for other channels). */
  readonly segments: number;
  readonly chars: number;
  /** Planned volume in segments and its cost. */
  readonly totalSegments: number;
  readonly costFen: number;
  readonly sample: string;
}

const SAMPLE = {
  name: "张伟",
  shop: "小店",
  coupon: "DC2026",
  link: "t.cn/A1b2C3",
  orderNo: "100000000000000001",
  trackingNo: "SF1234567890",
  product: "羊毛围巾",
  start: "11-11 00:00",
  end: "11-11 23:59",
  unsubscribe: "https://shop.example/u/x",
} as const;

/**
 * Checks one step. Every SMS text goes through `lintSms` (rendered with a sample of the
 * longest plausible values); the window through the provider's Beijing marketing window;
 * the start and end through the shop's quiet hours (its own zone).
 *
 * @example
 * checkStep({ channel: "sms", smsType: "marketing", template: "【小店】…回T退订", … }).warnings;
 */
export function checkStep(input: StepCheckInput): StepCheckResult {
  const warnings: PlanWarning[] = [];
  const rendered = renderTemplate(input.template, SAMPLE);
  let segments = 0;
  let chars = 0;
  if (rendered.unknown.length > 0) {
    warnings.push({
      code: "missing_variable",
      severity: "error",
      message: {
        zh: `模板含未知变量：${rendered.unknown.join("、")}`,
        en: `The template uses unknown variables: ${rendered.unknown.join(", ")}`,
      },
      details: { unknown: rendered.unknown },
    });
  }
  if (input.channel === "sms") {
    const lint = lintSms({ text: rendered.text, type: input.smsType }, input.phrases);
    segments = lint.segments;
    chars = lint.chars;
    if (lint.problems.length > 0) {
      warnings.push({
        code: "sms_lint",
        severity: lint.ok ? "warning" : "error",
        message: {
          zh: `短信文案检查未通过：${lint.problems.join(", ")}`,
          en: `SMS text check: ${lint.problems.join(", ")}`,
        },
        details: { problems: lint.problems, chars: lint.chars, segments: lint.segments },
      });
    }
    for (const w of planSmsSendWarnings({
      provider: input.provider,
      type: input.smsType,
      start: input.start,
      end: input.end,
      timeZone: input.timeZone,
      withPhoneCalls: input.withPhoneCalls ?? false,
    })) {
      warnings.push({
        code: w.code,
        severity: "warning",
        message: w.message,
        suggestion: w.suggestion,
        details: { sendBefore: w.sendBefore, sendBeforeLocal: w.sendBeforeLocal },
      });
    }
  }
  const returning =
    input.audience.kind === "playbook" &&
    (input.audience.playbook === "loyal" || input.audience.playbook === "active");
  const hit = RETURNING_FORBIDDEN.find((p) => input.template.includes(p));
  if (returning && hit) {
    warnings.push({
      code: "returning_discount",
      severity: "warning",
      message: {
        zh: `老客不要推"${hit}"，请推新品和老客满额礼包`,
        en: `Do not push "${hit}" to returning customers; push new products and an old-customer gift pack`,
      },
    });
  }
  if (input.channel !== "email" || input.smsType === "marketing") {
    const q = input.quietHours ?? DEFAULT_QUIET_HOURS;
    const last = Math.max(input.start, input.end - 60_000);
    const quietAt = [input.start, last].filter(
      (t) => quietHoursCheck({ at: t, timeZone: input.timeZone, quietHours: q }).quiet,
    );
    if (quietAt.length > 0 && input.smsType === "marketing") {
      const first = quietAt[0] ?? input.start;
      warnings.push({
        code: "quiet_hours",
        severity: "warning",
        message: {
          zh: `计划时段落在店铺免打扰时间 ${q.start}–${q.end}（${input.timeZone}）`,
          en: `The planned interval falls in the shop's quiet hours ${q.start}–${q.end} (${input.timeZone})`,
        },
        details: { at: formatInZone(first, input.timeZone) },
      });
    }
  }
  const c = input.counts;
  if (c.audience === 0) {
    warnings.push({
      code: "empty_audience",
      severity: "warning",
      message: { zh: "受众为空", en: "The audience is empty" },
    });
  }
  if (c.noConsent > 0) {
    warnings.push({
      code: "no_consent",
      severity: "warning",
      message: {
        zh: `${c.noConsent} 位客户未授权此渠道或缺少联系方式，已排除`,
        en: `${c.noConsent} customers without consent or address for this channel are excluded`,
      },
      details: { count: c.noConsent },
    });
  }
  if (c.suppressed > 0) {
    warnings.push({
      code: "suppressed",
      severity: "warning",
      message: {
        zh: `${c.suppressed} 位客户已退订，已排除`,
        en: `${c.suppressed} customers opted out and are excluded`,
      },
      details: { count: c.suppressed },
    });
  }
  if (c.capped > 0) {
    warnings.push({
      code: "frequency_cap",
      severity: "warning",
      message: {
        zh: `${c.capped} 位客户当天已达发送上限，已排除`,
        en: `${c.capped} customers already reached the daily cap and are excluded`,
      },
      details: { count: c.capped },
    });
  }
  const totalSegments = segments * c.recipients;
  const costFen = totalSegments * input.unitPriceFen;
  if (
    input.channel === "sms" &&
    input.balanceSegments !== undefined &&
    totalSegments > input.balanceSegments
  ) {
    warnings.push({
      code: "insufficient_balance",
      severity: "error",
      message: {
        zh: `短信余额不足：需要 ${totalSegments} 条计费，剩余 ${input.balanceSegments}`,
        en: `Not enough SMS credit: ${totalSegments} segments needed, ${input.balanceSegments} left`,
      },
      suggestion: { zh: "请在活动前充值", en: "Top up before the campaign" },
      details: { needed: totalSegments, remaining: input.balanceSegments },
    });
  }
  return {
    ok: !warnings.some((w) => w.severity === "error"),
    warnings,
    segments,
    chars,
    totalSegments,
    costFen,
    sample: rendered.text,
  };
}
