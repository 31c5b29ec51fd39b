/**
 * 跨店满减 / 购物津贴: tiers or every-full on all shops' basis; this shop carries
 * reduction × its basis / all shops' basis, rounded half up, capped at what remains.
 */
import { z } from "zod";
import {
  baseFields,
  fen,
  fundingFields,
  type Label,
  type ThresholdOutcome,
  tieredAmount,
} from "../common.ts";
import { mulDivHalfUp } from "../money.ts";
import { everyFullOutcome } from "./mei-man-jian.ts";

export const CrossShopSchema = z
  .strictObject({
    kind: z.literal("crossShop"),
    ...baseFields,
    ...fundingFields,
    tiers: z
      .array(z.strictObject({ thresholdFen: fen(), discountFen: fen() }))
      .min(1)
      .optional(),
    stepFen: fen().optional(),
    discountFen: fen().optional(),
    capFen: fen().optional(),
  })
  .refine(
    (p) => (p.tiers !== undefined) !== (p.stepFen !== undefined && p.discountFen !== undefined),
    {
      error: "需要 tiers，或 stepFen 与 discountFen / needs tiers, or stepFen and discountFen",
      path: ["tiers"],
    },
  )
  .refine((p) => p.stepFen === undefined || p.stepFen > 0, {
    error: "必须大于 0 / must be greater than 0",
    path: ["stepFen"],
  });
export type CrossShop = z.infer<typeof CrossShopSchema>;

export const crossShopLabel: Label = { zh: "跨店满减", en: "Cross-shop reduction" };

/**
 * @example crossShopOutcome({ tiers: [{ thresholdFen: 30000, discountFen: 5000 }] }, 20000, 10000, 20000)
 * // met, this shop carries 5000 × 20000 / 30000 = 3333
 */
export function crossShopOutcome(
  p: Pick<CrossShop, "tiers" | "stepFen" | "discountFen" | "capFen">,
  basisFen: number,
  otherShopsFen: number,
  beforeFen: number,
): ThresholdOutcome {
  const all = basisFen + otherShopsFen;
  const inf = Number.POSITIVE_INFINITY;
  const o = p.tiers
    ? tieredAmount(p.tiers, all, inf)
    : everyFullOutcome(
        { stepFen: p.stepFen!, discountFen: p.discountFen!, capFen: p.capFen },
        all,
        inf,
      );
  if (!o.met) return o;
  const mine = all === 0 ? 0 : mulDivHalfUp(o.discountFen, basisFen, all);
  return { ...o, discountFen: Math.min(mine, beforeFen) };
}
