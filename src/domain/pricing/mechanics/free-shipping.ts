/** 满X包邮: the order's shipping fee is waived when the level-3 basis of its lines reaches X. */
import { z } from "zod";
import { baseFields, fen, type Label } from "../common.ts";

export const FreeShippingSchema = z.strictObject({
  kind: z.literal("freeShipping"),
  ...baseFields,
  thresholdFen: fen(),
});
export type FreeShipping = z.infer<typeof FreeShippingSchema>;

export const freeShippingLabel: Label = { zh: "满X包邮", en: "Free shipping over X" };

/**
 * @example freeShippingMet({ thresholdFen: 9900 }, 9900) // true
 */
export function freeShippingMet(p: { thresholdFen: number }, basisFen: number): boolean {
  return basisFen >= p.thresholdFen;
}
