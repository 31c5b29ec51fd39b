/**
 * Input schemas of the pricing engine: the promotion union and the quote input.
 * Validate untrusted input with `QuoteInputSchema.parse`; the engine trusts typed input.
 */
import { z } from "zod";
import { bp, fen, idString, isoTime, nonNegInt, positiveInt } from "./common.ts";
import { BundleSchema } from "./mechanics/bundle.ts";
import { BuyNGetMSchema } from "./mechanics/buy-n-get-m.ts";
import { CrossShopSchema } from "./mechanics/cross-shop.ts";
import { DepositSchema } from "./mechanics/deposit.ts";
import { FlashSaleSchema } from "./mechanics/flash-sale.ts";
import { FreeShippingSchema } from "./mechanics/free-shipping.ts";
import { ItemCouponSchema } from "./mechanics/item-coupon.ts";
import { JiaJiaGouSchema } from "./mechanics/jia-jia-gou.ts";
import { ManJianSchema } from "./mechanics/man-jian.ts";
import { ManSongSchema } from "./mechanics/man-song.ts";
import { ManZheSchema } from "./mechanics/man-zhe.ts";
import { MeiManJianSchema } from "./mechanics/mei-man-jian.ts";
import { MemberPriceSchema } from "./mechanics/member-price.ts";
import { MoreForSameSchema } from "./mechanics/more-for-same.ts";
import { NAtRateSchema } from "./mechanics/n-at-rate.ts";
import { NForXSchema } from "./mechanics/n-for-x.ts";
import { PlatformCouponSchema } from "./mechanics/platform-coupon.ts";
import { SalePriceSchema } from "./mechanics/sale-price.ts";
import { SecondItemSchema } from "./mechanics/second-item.ts";
import { ShopCouponSchema } from "./mechanics/shop-coupon.ts";
import { TimeDiscountSchema } from "./mechanics/time-discount.ts";

/** Every promotion kind the engine knows, discriminated by `kind`. */
export const PromotionSchema = z.discriminatedUnion("kind", [
  SalePriceSchema,
  MemberPriceSchema,
  TimeDiscountSchema,
  FlashSaleSchema,
  BundleSchema,
  BuyNGetMSchema,
  NForXSchema,
  NAtRateSchema,
  SecondItemSchema,
  MoreForSameSchema,
  ItemCouponSchema,
  ManJianSchema,
  MeiManJianSchema,
  ManZheSchema,
  ManSongSchema,
  JiaJiaGouSchema,
  FreeShippingSchema,
  ShopCouponSchema,
  CrossShopSchema,
  PlatformCouponSchema,
  DepositSchema,
]);
export type Promotion = z.infer<typeof PromotionSchema>;
export type PromotionKind = Promotion["kind"];

export const CustomerSchema = z.strictObject({
  id: z.string().optional(),
  member: z.boolean().default(false),
  newCustomer: z.boolean().default(false),
  tags: z.array(idString()).default([]),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const CartLineSchema = z.strictObject({
  sku: idString(),
  categoryId: idString().optional(),
  listPriceFen: fen(),
  qty: positiveInt(),
  addOn: z.boolean().optional(),
});
export type CartLine = z.infer<typeof CartLineSchema>;

export const SettingsSchema = z.strictObject({
  thresholdBasis: z.enum(["afterItemLevel", "cumulative"]).default("afterItemLevel"),
  feeRateBp: bp().default(0),
  giftOnRefund: z.enum(["return", "deduct"]).default("return"),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Live stock, limit and budget state, keyed by promotion id. */
export const StateSchema = z.strictObject({
  stockLeft: z.record(idString(), nonNegInt()).optional(),
  customerUsedQty: z.record(idString(), nonNegInt()).optional(),
  budgetLeftFen: z.record(idString(), fen()).optional(),
});
export type PromoState = z.infer<typeof StateSchema>;

function uniqueIds(
  ps: readonly { id: string }[],
  ctx: z.RefinementCtx,
  path: (string | number)[],
): void {
  const seen = new Set<string>();
  ps.forEach((p, i) => {
    if (seen.has(p.id))
      ctx.addIssue({
        code: "custom",
        path: [...path, i, "id"],
        message: `重复的促销 id "${p.id}" / duplicate promotion id "${p.id}"`,
      });
    seen.add(p.id);
  });
}

export const QuoteInputSchema = z
  .strictObject({
    now: isoTime(),
    customer: CustomerSchema.default({ member: false, newCustomer: false, tags: [] }),
    lines: z.array(CartLineSchema).min(1, { error: "至少需要一行 / needs at least one line" }),
    promotions: z.array(PromotionSchema).default([]),
    state: StateSchema.default({}),
    shippingFeeFen: fen().default(0),
    otherShopsAmountFen: fen().default(0),
    redPacketFen: fen().default(0),
    settings: SettingsSchema.default({
      thresholdBasis: "afterItemLevel",
      feeRateBp: 0,
      giftOnRefund: "return",
    }),
  })
  .superRefine((v, ctx) => uniqueIds(v.promotions, ctx, ["promotions"]));
export type QuoteInput = z.infer<typeof QuoteInputSchema>;
/** Quote input as callers may write it (defaults omitted). */
export type QuoteInputRaw = z.input<typeof QuoteInputSchema>;

export { uniqueIds };
