/** 套装 bundle: a fixed price for one of each listed SKU, as many sets as the cart holds. */
import { z } from "zod";
import { baseFields, fen, idString, type Label } from "../common.ts";
import type { GroupOutcome, Unit } from "./group.ts";

export const BundleSchema = z.strictObject({
  kind: z.literal("bundle"),
  ...baseFields,
  skus: z.array(idString()).min(2),
  priceFen: fen(),
});
export type Bundle = z.infer<typeof BundleSchema>;

export const bundleLabel: Label = { zh: "套装价", en: "Bundle price" };

/**
 * Sets = the fewest units of any listed SKU; each set takes the dearest unit left of each SKU.
 * @example bundleApply({ skus: ["A", "B"], priceFen: 150 }, [{ line: 0, priceFen: 100 }, { line: 1, priceFen: 80 }], ["A", "B"])
 * // { met: true, taken: [0, 1], discountFen: 30, gifts: [] }
 */
export function bundleApply(
  p: { skus: readonly string[]; priceFen: number },
  units: readonly Unit[],
  skuOfLine: readonly string[],
): GroupOutcome {
  const bySku = new Map<string, number[]>();
  for (const s of p.skus) bySku.set(s, []);
  for (const [i, u] of units.entries()) bySku.get(skuOfLine[u.line]!)?.push(i);
  let sets = Number.POSITIVE_INFINITY;
  let short = 0;
  for (const list of bySku.values()) {
    sets = Math.min(sets, list.length);
    if (list.length === 0) short++;
  }
  if (sets === 0 || !Number.isFinite(sets)) return { met: false, shortfallQty: Math.max(1, short) };
  const taken: number[] = [];
  let discount = 0;
  for (let k = 0; k < sets; k++) {
    let sum = 0;
    for (const list of bySku.values()) {
      const i = list[k]!;
      taken.push(i);
      sum += units[i]!.priceFen;
    }
    discount += Math.max(0, sum - p.priceFen);
  }
  taken.sort((a, b) => a - b);
  return { met: true, taken, discountFen: discount, gifts: [] };
}
