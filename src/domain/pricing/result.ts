/** Output types of `quote` (a priced order). Every money field is integer fen. */

import type { Gift, Level } from "./common.ts";
import type { SearchLimit } from "./engine.ts";
import type { Promotion, PromotionKind } from "./schema.ts";

/** One promotion's part of a line. */
export interface LineShare {
  promoId: string;
  kind: PromotionKind;
  level: Level;
  /** Discount this promotion takes off the line. */
  amountFen: number;
  /** Part of `amountFen` the platform funds. */
  platformFundedFen: number;
  /** The line's amount counted toward the promotion's threshold. */
  basisFen: number;
  /** The line's amount just before this promotion. */
  beforeFen: number;
}

/** A priced cart line, frozen on the order for refunds. */
export interface PricedLine {
  index: number;
  sku: string;
  qty: number;
  addOn: boolean;
  listPriceFen: number;
  listAmountFen: number;
  /** Amount after item level (单品级). */
  itemLevelAmountFen: number;
  shares: LineShare[];
  /** What the buyer pays for the line (deposit included). */
  payableFen: number;
  platformFundedFen: number;
  giftCostFen: number;
  /** payable + platform-funded shares − allocated gift cost. */
  merchantNetFen: number;
  /** Deposit already paid on this line (定金). */
  depositPaidFen: number;
}

export interface AppliedPromotion {
  promoId: string;
  kind: PromotionKind;
  level: Level;
  discountFen: number;
  platformFundedFen: number;
  merchantFundedFen: number;
  /** Index of the reached tier (every-full: number of full steps − 1). */
  tierIndex: number;
  /** Threshold basis the promotion was judged on (cross-shop: all shops). */
  basisFen: number;
  lines: number[];
  gifts: Gift[];
  freeShipping: boolean;
  /** The promotion as it was applied (frozen for refunds). */
  rule: Promotion;
}

export type ReasonCode =
  | "not_started"
  | "ended"
  | "not_eligible"
  | "out_of_stock"
  | "limit_reached"
  | "budget_exhausted"
  | "threshold_not_met"
  | `excluded_by:${string}`
  | `worse_than:${string}`
  | "no_benefit";

export interface NotApplied {
  promoId: string;
  kind: PromotionKind;
  reason: ReasonCode;
  shortfallFen?: number;
  shortfallQty?: number;
  message: { zh: string; en: string };
}

export interface Hint {
  promoId: string;
  nextThresholdFen: number;
  shortfallFen: number;
  extraDiscountFen?: number;
  nextRateBp?: number;
  zh: string;
  en: string;
}

export interface GiftOut extends Gift {
  promoId: string;
}

export interface Refusal {
  code: "over_limit";
  promoId: string;
  sku: string;
  allowedQty: number;
}

export interface Totals {
  listFen: number;
  discountFen: number;
  /** Goods payable (sum of lines). */
  goodsFen: number;
  shippingFeeFen: number;
  shippingPaidFen: number;
  /** Goods + shipping paid: the order total the best combination minimises. */
  totalFen: number;
  depositPaidFen: number;
  redPacketUsedFen: number;
  /** Cash due now: total − deposits paid − red packets. */
  cashFen: number;
  platformFundedFen: number;
  giftCostFen: number;
  merchantNetFen: number;
}

export interface QuoteResult {
  status: "ok" | "refused";
  refusal?: Refusal;
  now: string;
  otherShopsAmountFen: number;
  feeRateBp: number;
  thresholdBasis: "afterItemLevel" | "cumulative";
  lines: PricedLine[];
  gifts: GiftOut[];
  shipping: { feeFen: number; paidFen: number; waivedBy: string | null };
  totals: Totals;
  applied: AppliedPromotion[];
  notApplied: NotApplied[];
  hints: Hint[];
  /**
   * Present only when the search hit one of its bounds on this cart (README, "Bounds"): the
   * plan is then the best found, not proven the best. Sorted.
   */
  searchLimits?: SearchLimit[];
}
