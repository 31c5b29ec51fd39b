/** Small pieces shared by the outreach panels: bilingual texts, audience and time labels. */
import { Tag } from "antd";
import type { TFunction } from "i18next";
import { addDays } from "../format.ts";
import { currentLanguage } from "../i18n/index.ts";
import type { Audience, Bilingual, Channel, StepRow } from "../outreachApi.ts";
import type { SavedSegment } from "../segmentsApi.ts";

/** One language of a bilingual server text. */
export function pick(b: Bilingual | undefined): string {
  if (!b) return "";
  return currentLanguage() === "en" ? b.en : b.zh;
}

/** The audience of a step in words. */
export function audienceLabel(
  a: Audience,
  segments: readonly SavedSegment[] | undefined,
  t: TFunction,
): string {
  if (a.kind === "segment" && "segmentId" in a) {
    const s = segments?.find((x) => x.id === a.segmentId);
    return `${t("outreach.steps.audienceKind.segment")}：${s?.name ?? `#${String(a.segmentId)}`}`;
  }
  if (a.kind === "playbook" && "playbook" in a) {
    return t(`outreach.playbookAudience.${String(a.playbook)}`);
  }
  return t("outreach.steps.logistics");
}

const channelColor: Record<Channel, string> = { sms: "blue", email: "purple", phone: "orange" };

export function ChannelTag({ channel, t }: { channel: Channel; t: TFunction }) {
  return <Tag color={channelColor[channel]}>{t(`outreach.channel.${channel}`)}</Tag>;
}

/** "T-10" / "T" / "T+3". */
export function offsetLabel(offset: number): string {
  return offset === 0 ? "T" : offset > 0 ? `T+${offset}` : `T${offset}`;
}

/** The step's days and window in the shop's wall-clock time ("2026-11-01 ~ 11-05 18:00–19:30"). */
export function plannedLabel(step: StepRow, tDate: string | null): string {
  const from = step.window_from.slice(0, 5);
  const to = step.window_to.slice(0, 5);
  if (!tDate) return `${offsetLabel(step.offset_days)} ${from}–${to}`;
  const first = addDays(tDate, step.offset_days);
  const days = step.span_days > 0 ? `${first} ~ ${addDays(first, step.span_days).slice(5)}` : first;
  return `${days}\n${from}–${to}`;
}

/** True when another phone step runs on the same day (the SMS window check then suggests keeping the calls). */
export function hasPhoneSameDay(steps: readonly StepRow[], offsetDays: number): boolean {
  return steps.some((s) => s.channel === "phone" && s.offset_days === offsetDays);
}
