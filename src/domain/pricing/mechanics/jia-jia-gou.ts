/**
 * 加价购: spend ≥ T, buy redemption SKU Z at price P (up to `maxQty`). The Z line is marked
 * `addOn` by the buyer and takes no other promotion.
 */
import { z } from "zod";
import { baseFields, fen, idString, type Label, positiveInt } from "../common.ts";

export const JiaJiaGouSchema = z.strictObject({
  kind: z.literal("jiaJiaGou"),
  ...baseFields,
  thresholdFen: fen(),
  redeemSku: idString(),
  priceFen: fen(),
  maxQty: positiveInt().default(1),
});
export type JiaJiaGou = z.infer<typeof JiaJiaGouSchema>;

export const jiaJiaGouLabel: Label = { zh: "加价购", en: "Add-on deal" };

/**
 * Discount on the add-on line: (list − P) on at most `maxQty` units.
 * @example jiaJiaGouDiscount({ priceFen: 990, maxQty: 1 }, 2990, 2) // 2000
 */
export function jiaJiaGouDiscount(
  p: { priceFen: number; maxQty: number },
  listPriceFen: number,
  qty: number,
): number {
  return Math.max(0, listPriceFen - p.priceFen) * Math.min(qty, p.maxQty);
}
