/** 加量不加价: a free extra unit (or gift SKU) per N units bought; the bought units take part. */
import { z } from "zod";
import { baseFields, type Gift, GiftSchema, type Label, positiveInt } from "../common.ts";
import { type GroupOutcome, range, type Unit } from "./group.ts";

export const MoreForSameSchema = z.strictObject({
  kind: z.literal("moreForSame"),
  ...baseFields,
  perQty: positiveInt(),
  gift: GiftSchema,
});
export type MoreForSame = z.infer<typeof MoreForSameSchema>;

export const moreForSameLabel: Label = { zh: "加量不加价", en: "More for the same price" };

/**
 * @example moreForSameApply({ perQty: 2, gift: { sku: "A", qty: 1, costFen: 500 } }, [100, 100, 100].map((priceFen, line) => ({ line, priceFen })))
 * // { met: true, taken: [0, 1], discountFen: 0, gifts: [{ sku: "A", qty: 1, costFen: 500 }] }
 */
export function moreForSameApply(
  p: { perQty: number; gift: Gift },
  units: readonly Unit[],
): GroupOutcome {
  const k = Math.floor(units.length / p.perQty);
  if (k === 0) return { met: false, shortfallQty: p.perQty - units.length };
  return {
    met: true,
    taken: range(k * p.perQty),
    discountFen: 0,
    gifts: [{ ...p.gift, qty: p.gift.qty * k }],
  };
}
