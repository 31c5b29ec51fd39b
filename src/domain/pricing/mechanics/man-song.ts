/** 满送: spend ≥ T, gift SKUs at 0 (their cost counts against the merchant's net). */
import { z } from "zod";
import { baseFields, fen, GiftSchema, type Label, type ThresholdOutcome } from "../common.ts";

export const ManSongSchema = z.strictObject({
  kind: z.literal("manSong"),
  ...baseFields,
  thresholdFen: fen(),
  gifts: z.array(GiftSchema).min(1),
});
export type ManSong = z.infer<typeof ManSongSchema>;

export const manSongLabel: Label = { zh: "满送", en: "Spend & get a gift" };

/**
 * @example manSongOutcome({ thresholdFen: 10000, gifts: [{ sku: "G", qty: 1, costFen: 800 }] }, 12000) // met, 0 off, 1 gift
 */
export function manSongOutcome(
  p: Pick<ManSong, "thresholdFen" | "gifts">,
  basisFen: number,
): ThresholdOutcome {
  if (basisFen < p.thresholdFen) return { met: false, shortfallFen: p.thresholdFen - basisFen };
  return { met: true, discountFen: 0, tierIndex: 0, gifts: p.gifts, freeShipping: false };
}
