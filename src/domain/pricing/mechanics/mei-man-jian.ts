/** 每满减: every full T spent, D off, with an optional cap. */
import { z } from "zod";
import { baseFields, fen, type Label, type ThresholdOutcome } from "../common.ts";

export const MeiManJianSchema = z.strictObject({
  kind: z.literal("meiManJian"),
  ...baseFields,
  stepFen: fen().refine((v) => v > 0, { error: "必须大于 0 / must be greater than 0" }),
  discountFen: fen(),
  capFen: fen().optional(),
});
export type MeiManJian = z.infer<typeof MeiManJianSchema>;

export const meiManJianLabel: Label = { zh: "每满减", en: "Save on every full amount" };

/**
 * @example meiManJianOutcome({ stepFen: 30000, discountFen: 4000, capFen: 10000 }, 95000, 95000) // met, 10000
 */
export function everyFullOutcome(
  p: { stepFen: number; discountFen: number; capFen?: number | undefined },
  basisFen: number,
  beforeFen: number,
): ThresholdOutcome {
  const k = Math.floor(basisFen / p.stepFen);
  if (k === 0) return { met: false, shortfallFen: p.stepFen - basisFen };
  let d = k * p.discountFen;
  if (p.capFen !== undefined) d = Math.min(d, p.capFen);
  return {
    met: true,
    discountFen: Math.min(d, beforeFen),
    tierIndex: k - 1,
    gifts: [],
    freeShipping: false,
  };
}

export const meiManJianOutcome = everyFullOutcome;
