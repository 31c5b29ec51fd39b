/** 店铺券 shop coupon: threshold T and amount D, or a rate with a cap; at most one per order. */
import { z } from "zod";
import { baseFields, type Label } from "../common.ts";
import { couponCheck, couponFields } from "./coupon.ts";

export const ShopCouponSchema = z
  .strictObject({ kind: z.literal("shopCoupon"), ...baseFields, ...couponFields })
  .refine(couponCheck.check, couponCheck.message);
export type ShopCoupon = z.infer<typeof ShopCouponSchema>;

export const shopCouponLabel: Label = { zh: "店铺券", en: "Shop coupon" };
