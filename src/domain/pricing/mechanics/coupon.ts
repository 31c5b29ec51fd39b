/** Shared arithmetic of coupons (item, shop, platform): threshold, amount or rate with cap. */
import { bp, fen, type ThresholdOutcome } from "../common.ts";
import { rateDiscount } from "../money.ts";

export const couponFields = {
  thresholdFen: fen().default(0),
  amountFen: fen().optional(),
  rateBp: bp().optional(),
  capFen: fen().optional(),
};

export const couponCheck = {
  check: (p: { amountFen?: number | undefined; rateBp?: number | undefined }) =>
    (p.amountFen === undefined) !== (p.rateBp === undefined),
  message: {
    error: "需要 amountFen 或 rateBp 之一 / needs exactly one of amountFen or rateBp",
    path: ["amountFen"],
  },
};

export interface CouponParams {
  thresholdFen: number;
  amountFen?: number | undefined;
  rateBp?: number | undefined;
  capFen?: number | undefined;
}

/**
 * A coupon on its lines: the threshold is judged on `basisFen`, the discount taken from
 * `beforeFen` (the lines' amount just before it), capped at what remains.
 * @example couponOutcome({ thresholdFen: 10000, amountFen: 1000 }, 10000, 9000) // met, 1000
 * @example couponOutcome({ thresholdFen: 0, rateBp: 9000, capFen: 500 }, 10000, 10000) // met, 500
 */
export function couponOutcome(
  p: CouponParams,
  basisFen: number,
  beforeFen: number,
): ThresholdOutcome {
  if (basisFen < p.thresholdFen) return { met: false, shortfallFen: p.thresholdFen - basisFen };
  let d: number;
  if (p.amountFen !== undefined) d = Math.min(p.amountFen, beforeFen);
  else {
    d = rateDiscount(beforeFen, p.rateBp ?? 10_000);
    if (p.capFen !== undefined) d = Math.min(d, p.capFen);
  }
  return { met: true, discountFen: d, tierIndex: 0, gifts: [], freeShipping: false };
}
