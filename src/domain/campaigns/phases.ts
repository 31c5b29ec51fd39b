/**
 * A campaign's three stages around its main day T (seed 001): warm-up T-10…T-1, the peak
 * T (one or more days), thank-you T+1…T+10 after the peak. Editable per campaign.
 */
import { addDays } from "../time/zone.ts";

export interface Phases {
  warmupStart: string;
  warmupEnd: string;
  peakDate: string;
  peakEnd: string;
  thanksStart: string;
  thanksEnd: string;
}

export interface PhaseLengths {
  warmupDays: number;
  peakDays: number;
  thanksDays: number;
}

export const defaultPhaseLengths: PhaseLengths = { warmupDays: 10, peakDays: 1, thanksDays: 10 };

/** @example phasesFor("2026-11-11").warmupStart // "2026-11-01" */
export function phasesFor(peakDate: string, lengths: PhaseLengths = defaultPhaseLengths): Phases {
  const { warmupDays, peakDays, thanksDays } = lengths;
  if (warmupDays < 1 || peakDays < 1 || thanksDays < 1)
    throw new RangeError("each phase lasts at least one day");
  const peakEnd = addDays(peakDate, peakDays - 1);
  return {
    warmupStart: addDays(peakDate, -warmupDays),
    warmupEnd: addDays(peakDate, -1),
    peakDate,
    peakEnd,
    thanksStart: addDays(peakEnd, 1),
    thanksEnd: addDays(peakEnd, thanksDays),
  };
}

/** Which stage a local day is in, or null outside the campaign. */
export function phaseOf(p: Phases, day: string): "warmup" | "peak" | "thanks" | null {
  if (day >= p.warmupStart && day <= p.warmupEnd) return "warmup";
  if (day >= p.peakDate && day <= p.peakEnd) return "peak";
  if (day >= p.thanksStart && day <= p.thanksEnd) return "thanks";
  return null;
}

/** Whether phases are in order (the database checks the same). */
export function phasesInOrder(p: Phases): boolean {
  return (
    p.warmupStart <= p.warmupEnd &&
    p.warmupEnd < p.peakDate &&
    p.peakDate <= p.peakEnd &&
    p.peakEnd < p.thanksStart &&
    p.thanksStart <= p.thanksEnd
  );
}
