/** 第二件半价 (any rate): units paired high to low; the cheaper of each pair gets the rate. */
import { z } from "zod";
import { baseFields, bp, type Label } from "../common.ts";
import { rateDiscount } from "../money.ts";
import { type GroupOutcome, range, type Unit } from "./group.ts";

export const SecondItemSchema = z.strictObject({
  kind: z.literal("secondItem"),
  ...baseFields,
  rateBp: bp().default(5000),
});
export type SecondItem = z.infer<typeof SecondItemSchema>;

export const secondItemLabel: Label = { zh: "第二件半价", en: "Second item at a rate" };

/**
 * An odd cheapest unit is left out (free for another group promotion).
 * @example secondItemApply({ rateBp: 5000 }, [100, 81, 50].map((priceFen, line) => ({ line, priceFen })))
 * // { met: true, taken: [0, 1], discountFen: 40, gifts: [] }  (81 → 41)
 */
export function secondItemApply(p: { rateBp: number }, units: readonly Unit[]): GroupOutcome {
  const pairs = Math.floor(units.length / 2);
  if (pairs === 0) return { met: false, shortfallQty: 2 - units.length };
  let discount = 0;
  for (let i = 0; i < pairs; i++) discount += rateDiscount(units[2 * i + 1]!.priceFen, p.rateBp);
  return { met: true, taken: range(pairs * 2), discountFen: discount, gifts: [] };
}
