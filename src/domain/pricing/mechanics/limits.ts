/**
 * Promo stock, per-customer and per-order limits of item-level prices (秒杀库存, 限购).
 * Capacity is used up in cart-line order; the smallest capacity applies.
 */
import type { Label } from "../common.ts";

export const limitsLabel: Label = { zh: "活动库存与限购", en: "Promo stock and purchase limits" };

/** Live capacity of one item-level promotion within one order. */
export interface Capacity {
  stockLeft: number;
  customerLeft: number;
  orderLeft: number;
}

/** A promotion's stock and limits (undefined where its kind has none). */
export const limitsOf = (p: object) =>
  p as {
    stock?: number | undefined;
    perCustomerLimit?: number | undefined;
    perOrderLimit?: number | undefined;
  };

/** Whether an item-level price can run out for some units (stock or a limit): then not every unit takes it. */
export function isLimited(p: object): boolean {
  const x = limitsOf(p);
  return x.stock !== undefined || x.perCustomerLimit !== undefined || x.perOrderLimit !== undefined;
}

/**
 * Capacity at the start of an order.
 * @example initialCapacity({ stock: 100, perCustomerLimit: 2 }, { stockLeft: 5, customerUsedQty: 1 })
 * // { stockLeft: 5, customerLeft: 1, orderLeft: Infinity }
 */
export function initialCapacity(
  p: {
    stock?: number | undefined;
    perCustomerLimit?: number | undefined;
    perOrderLimit?: number | undefined;
  },
  state: { stockLeft?: number | undefined; customerUsedQty?: number | undefined },
): Capacity {
  const inf = Number.POSITIVE_INFINITY;
  return {
    stockLeft: state.stockLeft ?? p.stock ?? inf,
    customerLeft:
      p.perCustomerLimit === undefined
        ? inf
        : Math.max(0, p.perCustomerLimit - (state.customerUsedQty ?? 0)),
    orderLeft: p.perOrderLimit ?? inf,
  };
}

/** Units still allowed now (the smallest capacity). */
export function allowed(c: Capacity): number {
  return Math.min(c.stockLeft, c.customerLeft, c.orderLeft);
}

/** Uses `n` units of capacity. */
export function take(c: Capacity, n: number): void {
  c.stockLeft -= n;
  c.customerLeft -= n;
  c.orderLeft -= n;
}
