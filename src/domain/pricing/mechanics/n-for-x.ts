/** N件X元: the k·N dearest eligible units form sets at X each; the rest pay their own price. */
import { z } from "zod";
import { baseFields, fen, type Label, positiveInt } from "../common.ts";
import { type GroupOutcome, range, type Unit } from "./group.ts";

export const NForXSchema = z.strictObject({
  kind: z.literal("nForX"),
  ...baseFields,
  qty: positiveInt(),
  priceFen: fen(),
});
export type NForX = z.infer<typeof NForXSchema>;

export const nForXLabel: Label = { zh: "N件X元", en: "N items for X" };

/**
 * @example nForXApply({ qty: 2, priceFen: 150 }, [100, 90, 80].map((priceFen, line) => ({ line, priceFen })))
 * // { met: true, taken: [0, 1], discountFen: 40, gifts: [] }
 */
export function nForXApply(
  p: { qty: number; priceFen: number },
  units: readonly Unit[],
): GroupOutcome {
  const k = Math.floor(units.length / p.qty);
  if (k === 0) return { met: false, shortfallQty: p.qty - units.length };
  let discount = 0;
  for (let s = 0; s < k; s++) {
    let sum = 0;
    for (let j = 0; j < p.qty; j++) sum += units[s * p.qty + j]!.priceFen;
    discount += Math.max(0, sum - p.priceFen);
  }
  return { met: true, taken: range(k * p.qty), discountFen: discount, gifts: [] };
}
