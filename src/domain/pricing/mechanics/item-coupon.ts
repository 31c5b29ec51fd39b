/** 单品券 item coupon: shaped like a shop coupon, on the lines of its scope, after group level. */
import { z } from "zod";
import { baseFields, type Label } from "../common.ts";
import { couponCheck, couponFields } from "./coupon.ts";

export const ItemCouponSchema = z
  .strictObject({ kind: z.literal("itemCoupon"), ...baseFields, ...couponFields })
  .refine(couponCheck.check, couponCheck.message);
export type ItemCoupon = z.infer<typeof ItemCouponSchema>;

export const itemCouponLabel: Label = { zh: "单品券", en: "Item coupon" };
