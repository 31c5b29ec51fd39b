/** 会员价 member price: a fixed price per SKU for members (and other eligible customers). */
import { z } from "zod";
import { baseFields, fen, idString, type Label, limitFields } from "../common.ts";

export const MemberPriceSchema = z.strictObject({
  kind: z.literal("memberPrice"),
  ...baseFields,
  ...limitFields,
  prices: z.record(idString(), fen()),
});
export type MemberPrice = z.infer<typeof MemberPriceSchema>;

export const memberPriceLabel: Label = { zh: "会员价", en: "Member price" };

/**
 * Member prices are for members only, whatever the `customer` condition says.
 * @example memberPriceEligible({ member: true }) // true
 */
export function memberPriceEligible(customer: { member: boolean }): boolean {
  return customer.member;
}

/**
 * @example memberPriceUnit({ prices: { A: 1800 } }, "A") // 1800
 */
export function memberPriceUnit(
  p: { prices: Record<string, number> },
  sku: string,
): number | undefined {
  return p.prices[sku];
}
