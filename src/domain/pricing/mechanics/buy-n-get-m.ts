/** 买N赠M (= 买(N+M)免M): the k·M cheapest eligible units are free; every eligible unit takes part. */
import { z } from "zod";
import { baseFields, type Label, positiveInt } from "../common.ts";
import { type GroupOutcome, range, type Unit } from "./group.ts";

export const BuyNGetMSchema = z.strictObject({
  kind: z.literal("buyNGetM"),
  ...baseFields,
  buyQty: positiveInt(),
  freeQty: positiveInt(),
});
export type BuyNGetM = z.infer<typeof BuyNGetMSchema>;

export const buyNGetMLabel: Label = { zh: "买N赠M", en: "Buy N get M free" };

/**
 * @example buyNGetMApply({ buyQty: 2, freeQty: 1 }, [100, 90, 80].map((priceFen, line) => ({ line, priceFen })))
 * // { met: true, taken: [0, 1, 2], discountFen: 80, gifts: [] }
 */
export function buyNGetMApply(
  p: { buyQty: number; freeQty: number },
  units: readonly Unit[],
): GroupOutcome {
  const g = p.buyQty + p.freeQty;
  const k = Math.floor(units.length / g);
  if (k === 0) return { met: false, shortfallQty: g - units.length };
  let discount = 0;
  for (let i = units.length - k * p.freeQty; i < units.length; i++) discount += units[i]!.priceFen;
  return { met: true, taken: range(units.length), discountFen: discount, gifts: [] };
}
