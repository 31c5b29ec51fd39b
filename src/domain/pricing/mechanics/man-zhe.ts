/** 满折: spend ≥ T, pay a rate; tiers, the highest reached only; a tier may add gifts and free shipping. */
import { z } from "zod";
import { baseFields, bp, fen, GiftSchema, type Label, type ThresholdOutcome } from "../common.ts";
import { rateDiscount } from "../money.ts";

export const ManZheTierSchema = z.strictObject({
  thresholdFen: fen(),
  rateBp: bp(),
  gifts: z.array(GiftSchema).optional(),
  freeShipping: z.boolean().optional(),
});

export const ManZheSchema = z.strictObject({
  kind: z.literal("manZhe"),
  ...baseFields,
  tiers: z.array(ManZheTierSchema).min(1),
});
export type ManZhe = z.infer<typeof ManZheSchema>;

export const manZheLabel: Label = { zh: "满折", en: "Spend & get a rate" };

/**
 * The rate applies to the lines' amount just before it; the buyer's amount rounds half up.
 * @example manZheOutcome({ tiers: [{ thresholdFen: 10000, rateBp: 9000 }] }, 19990, 19990) // met, 1999 off
 */
export function manZheOutcome(
  p: Pick<ManZhe, "tiers">,
  basisFen: number,
  beforeFen: number,
): ThresholdOutcome {
  let best = -1;
  for (let i = 0; i < p.tiers.length; i++) {
    const th = p.tiers[i]!.thresholdFen;
    if (basisFen >= th && (best < 0 || th > p.tiers[best]!.thresholdFen)) best = i;
  }
  if (best < 0) {
    let low = Number.POSITIVE_INFINITY;
    for (const t of p.tiers) low = Math.min(low, t.thresholdFen);
    return { met: false, shortfallFen: low - basisFen };
  }
  const t = p.tiers[best]!;
  return {
    met: true,
    discountFen: rateDiscount(beforeFen, t.rateBp),
    tierIndex: best,
    gifts: t.gifts ?? [],
    freeShipping: t.freeShipping ?? false,
  };
}
