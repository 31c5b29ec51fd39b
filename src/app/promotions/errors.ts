/** Refusals of promotion use cases that carry their own stable codes. */
import { AppError } from "../errors.ts";

/** What ran out: a promotion's stock, budget or per-customer limit, or a coupon. */
export interface SoldOutTarget {
  promotion?: number;
  coupon?: number;
  counter?: "stock" | "budget" | "issue" | "customer_limit" | "coupon_used";
}

function withCode(err: AppError, code: string): AppError {
  Object.defineProperty(err, "code", { value: code, enumerable: true });
  return err;
}

/**
 * `409 sold_out`: a checkout lost the race for the last promo stock, coupon or budget.
 * @example throw soldOut({ coupon: 7 }, "优惠券已领完", "Coupon is all claimed")
 */
export function soldOut(target: SoldOutTarget, zh: string, en: string): AppError {
  return withCode(new AppError("conflict", zh, en, undefined, target), "sold_out");
}

/** `409 below_floor`: publishing refused while a SKU's worst case is below its floor. */
export function belowFloor(zh: string, en: string, details: unknown): AppError {
  return withCode(new AppError("conflict", zh, en, undefined, details), "below_floor");
}

/** `409 over_limit`: the cart asks for more units than a refusing promotion allows. */
export function overLimit(zh: string, en: string, details: unknown): AppError {
  return withCode(new AppError("conflict", zh, en, "lines", details), "over_limit");
}
