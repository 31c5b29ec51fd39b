/** Shared shapes of group-level (组合级) mechanics. */
import type { Gift } from "../common.ts";

/** One unit in the cart at its item-level price. */
export interface Unit {
  line: number;
  priceFen: number;
}

/**
 * What a group promotion does to the units offered to it (sorted by price high to low, ties
 * by line): the positions of the units taking part, the discount, any gifts; or how many
 * more units it needs.
 */
export type GroupOutcome =
  | { met: true; taken: number[]; discountFen: number; gifts: Gift[] }
  | { met: false; shortfallQty: number };

export function range(n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
