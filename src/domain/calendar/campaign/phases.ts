/**
 * Campaign phases around a node's main day T (playbook §2): a 10-day warm-up (T-10…T-1), the
 * peak day T and a 10-day thank-you period (T+1…T+10).
 */
import { addDays, daysBetween, type IsoDate } from "../date.ts";

/** The phases of a campaign. */
export type CampaignPhaseKey = "warmUp" | "peak" | "thankYou";

/** A phase as offsets from T (days, both inclusive). */
export interface PhaseTemplate {
  readonly key: CampaignPhaseKey;
  readonly name: string;
  readonly nameEn: string;
  readonly fromOffset: number;
  readonly toOffset: number;
}

/** A phase placed on the calendar. */
export interface CampaignPhase extends PhaseTemplate {
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** Default phases: 10-day warm-up, peak day, 10-day thank-you period. */
export const DEFAULT_PHASES: readonly PhaseTemplate[] = [
  { key: "warmUp", name: "预热期", nameEn: "Warm-up", fromOffset: -10, toOffset: -1 },
  { key: "peak", name: "爆发日", nameEn: "Peak day", fromOffset: 0, toOffset: 0 },
  { key: "thankYou", name: "答谢期", nameEn: "Thank-you period", fromOffset: 1, toOffset: 10 },
];

/**
 * Places the phases around T. Phases are calendar days (customers shop on days off too), so
 * they are not moved for holidays.
 *
 * @example
 * campaignPhases("2026-11-11").map((p) => `${p.key} ${p.start}…${p.end}`);
 * // ["warmUp 2026-11-01…2026-11-10", "peak 2026-11-11…2026-11-11",
 * //  "thankYou 2026-11-12…2026-11-21"]
 */
export function campaignPhases(
  t: IsoDate,
  phases: readonly PhaseTemplate[] = DEFAULT_PHASES,
): CampaignPhase[] {
  return phases.map((p) => ({
    ...p,
    start: addDays(t, p.fromOffset),
    end: addDays(t, p.toOffset),
  }));
}

/** Where a date lies relative to a campaign: in a phase, before it or after it. */
export type CampaignStage = CampaignPhaseKey | "preparation" | "afterward";

/**
 * The stage of a date in the campaign around T.
 *
 * @example
 * campaignStage("2026-10-20", "2026-11-11"); // "preparation"
 * campaignStage("2026-11-05", "2026-11-11"); // "warmUp"
 */
export function campaignStage(
  date: IsoDate,
  t: IsoDate,
  phases: readonly PhaseTemplate[] = DEFAULT_PHASES,
): CampaignStage {
  const offset = daysBetween(t, date);
  const phase = phases.find((p) => offset >= p.fromOffset && offset <= p.toOffset);
  if (phase) return phase.key;
  const first = Math.min(...phases.map((p) => p.fromOffset));
  return offset < first ? "preparation" : "afterward";
}
