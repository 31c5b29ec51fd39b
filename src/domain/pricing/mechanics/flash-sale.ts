/** 秒杀 flash sale: a fixed price per SKU, usually with promo stock and a per-customer limit. */
import { z } from "zod";
import { baseFields, fen, idString, type Label, limitFields } from "../common.ts";

export const FlashSaleSchema = z.strictObject({
  kind: z.literal("flashSale"),
  ...baseFields,
  ...limitFields,
  prices: z.record(idString(), fen()),
});
export type FlashSale = z.infer<typeof FlashSaleSchema>;

export const flashSaleLabel: Label = { zh: "秒杀", en: "Flash sale" };

/**
 * @example flashSaleUnit({ prices: { A: 999 } }, "A") // 999
 */
export function flashSaleUnit(
  p: { prices: Record<string, number> },
  sku: string,
): number | undefined {
  return p.prices[sku];
}
