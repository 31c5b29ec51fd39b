/**
 * The playbook's pre-sale segments (seed 001, wave 1): loyal (bought several times), active
 * (bought recently) and general (everyone else). Each customer is in exactly one, by
 * precedence loyal > active > general.
 */
import type { PlaybookSegment } from "./definition.ts";
import type { SegmentSettings } from "./settings.ts";

export interface PlaybookLabel {
  code: PlaybookSegment;
  zh: string;
  en: string;
}

export const playbookSegments: readonly PlaybookLabel[] = [
  { code: "loyal", zh: "忠诚客户", en: "Loyal" },
  { code: "active", zh: "活跃客户", en: "Active" },
  { code: "general", zh: "一般客户", en: "General" },
];

/**
 * The playbook segment of one customer. `recencyDays` is the number of local calendar days
 * since the last paid order (null when never paid).
 * @example playbookSegmentOf({ paidOrders: 3, recencyDays: 400 }, defaults) // "loyal"
 */
export function playbookSegmentOf(
  c: { paidOrders: number; recencyDays: number | null },
  s: Pick<SegmentSettings, "activeDays" | "loyalMinOrders">,
): PlaybookSegment {
  if (c.paidOrders >= s.loyalMinOrders) return "loyal";
  if (c.recencyDays !== null && c.recencyDays <= s.activeDays) return "active";
  return "general";
}
