/** 限时折扣 limited-time discount: a rate or a fixed price per SKU, live in its time window. */
import { z } from "zod";
import { baseFields, bp, fen, idString, type Label, limitFields } from "../common.ts";
import { applyRateBp } from "../money.ts";

export const TimeDiscountSchema = z
  .strictObject({
    kind: z.literal("timeDiscount"),
    ...baseFields,
    ...limitFields,
    rateBp: bp().optional(),
    prices: z.record(idString(), fen()).optional(),
  })
  .refine((p) => (p.rateBp === undefined) !== (p.prices === undefined), {
    error: "需要 rateBp 或 prices 之一 / needs exactly one of rateBp or prices",
    path: ["rateBp"],
  });
export type TimeDiscount = z.infer<typeof TimeDiscountSchema>;

export const timeDiscountLabel: Label = { zh: "限时折扣", en: "Limited-time discount" };

/**
 * Unit price: the fixed price for the SKU, else the list price at the rate, rounded half up.
 * @example timeDiscountUnit({ rateBp: 8500 }, "A", 1999) // 1699
 * @example timeDiscountUnit({ rateBp: 8500 }, "A", 1990) // 1692
 */
export function timeDiscountUnit(
  p: { rateBp?: number | undefined; prices?: Record<string, number> | undefined },
  sku: string,
  listPriceFen: number,
): number | undefined {
  if (p.prices) return p.prices[sku];
  if (p.rateBp !== undefined) return applyRateBp(listPriceFen, p.rateBp);
  return undefined;
}
