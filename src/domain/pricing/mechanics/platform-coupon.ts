/** 平台券 platform coupon: at most one per order, after cross-shop reductions, funded per `platformShareBp`. */
import { z } from "zod";
import { baseFields, fundingFields, type Label } from "../common.ts";
import { couponCheck, couponFields } from "./coupon.ts";

export const PlatformCouponSchema = z
  .strictObject({
    kind: z.literal("platformCoupon"),
    ...baseFields,
    ...couponFields,
    ...fundingFields,
  })
  .refine(couponCheck.check, couponCheck.message);
export type PlatformCoupon = z.infer<typeof PlatformCouponSchema>;

export const platformCouponLabel: Label = { zh: "平台券", en: "Platform coupon" };
