/** N件X折 / 满件折: with ≥ N eligible units every eligible unit gets the rate, each rounded half up. */
import { z } from "zod";
import { baseFields, bp, type Label, positiveInt } from "../common.ts";
import { rateDiscount } from "../money.ts";
import { type GroupOutcome, range, type Unit } from "./group.ts";

export const NAtRateSchema = z.strictObject({
  kind: z.literal("nAtRate"),
  ...baseFields,
  qty: positiveInt(),
  rateBp: bp(),
});
export type NAtRate = z.infer<typeof NAtRateSchema>;

export const nAtRateLabel: Label = { zh: "满件折", en: "N items at a rate" };

/**
 * @example nAtRateApply({ qty: 2, rateBp: 8500 }, [1999, 1990].map((priceFen, line) => ({ line, priceFen })))
 * // { met: true, taken: [0, 1], discountFen: 598, gifts: [] }  (300 + 298)
 */
export function nAtRateApply(
  p: { qty: number; rateBp: number },
  units: readonly Unit[],
): GroupOutcome {
  if (units.length < p.qty) return { met: false, shortfallQty: p.qty - units.length };
  let discount = 0;
  for (const u of units) discount += rateDiscount(u.priceFen, p.rateBp);
  return { met: true, taken: range(units.length), discountFen: discount, gifts: [] };
}
