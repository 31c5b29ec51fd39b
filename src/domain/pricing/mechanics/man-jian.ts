/** 满减: spend ≥ T get D off; tiers, the highest reached only; a tier may add gifts and free shipping. */
import { z } from "zod";
import {
  baseFields,
  fen,
  GiftSchema,
  type Label,
  type ThresholdOutcome,
  tieredAmount,
} from "../common.ts";

export const ManJianTierSchema = z.strictObject({
  thresholdFen: fen(),
  discountFen: fen(),
  gifts: z.array(GiftSchema).optional(),
  freeShipping: z.boolean().optional(),
});

export const ManJianSchema = z.strictObject({
  kind: z.literal("manJian"),
  ...baseFields,
  tiers: z.array(ManJianTierSchema).min(1),
});
export type ManJian = z.infer<typeof ManJianSchema>;

export const manJianLabel: Label = { zh: "满减", en: "Spend & save" };

/**
 * @example manJianOutcome({ tiers: [{ thresholdFen: 20000, discountFen: 2000 }, { thresholdFen: 30000, discountFen: 5000 }] }, 28800, 28800)
 * // met, tier 0, 2000 off
 */
export function manJianOutcome(
  p: Pick<ManJian, "tiers">,
  basisFen: number,
  beforeFen: number,
): ThresholdOutcome {
  return tieredAmount(p.tiers, basisFen, beforeFen);
}
