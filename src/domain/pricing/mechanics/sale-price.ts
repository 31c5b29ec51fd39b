/** 促销价 sale price: a fixed price per SKU, replacing the struck-through list price. */
import { z } from "zod";
import { baseFields, fen, idString, type Label, limitFields } from "../common.ts";

export const SalePriceSchema = z.strictObject({
  kind: z.literal("salePrice"),
  ...baseFields,
  ...limitFields,
  prices: z.record(idString(), fen()),
});
export type SalePrice = z.infer<typeof SalePriceSchema>;

export const salePriceLabel: Label = { zh: "促销价", en: "Sale price" };

/**
 * The unit price this promotion gives a SKU, if it covers it.
 * @example salePriceUnit({ prices: { A: 1500 } }, "A", 1999) // 1500
 */
export function salePriceUnit(
  p: { prices: Record<string, number> },
  sku: string,
  _listPriceFen: number,
): number | undefined {
  return p.prices[sku];
}
