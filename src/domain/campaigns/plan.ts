/**
 * A campaign plan (活动方案): targets per channel and hero SKU, budget lines, and the
 * forecast the boss reads first — expected GMV against budget (ROI) and the margin left
 * after discounts, cost of goods and the budget. Pure; amounts in fen, rates in bp.
 */
import { z } from "zod";
import { mulDivRoundHalfUp, splitByLargestRemainder } from "../money/split.ts";

const fen = z.number().int().min(0).max(1e15);
const bp = z.number().int().min(0).max(10000);

import { type BudgetKind, budgetKinds, salesChannels } from "./kinds.ts";

export { type BudgetKind, budgetKinds, type SalesChannel, salesChannels } from "./kinds.ts";

export const budgetKindLabels: Record<BudgetKind, { zh: string; en: string }> = {
  onsite_ads: { zh: "站内推广（直通车/钻展）", en: "On-site ads" },
  offsite_ads: { zh: "站外推广", en: "Off-site promotion" },
  slot_fee: { zh: "坑位费", en: "Slot fees" },
  gifts: { zh: "赠品成本", en: "Gift cost" },
  sms: { zh: "短信费用", en: "SMS" },
  affiliate: { zh: "淘宝客佣金", en: "Affiliate commission" },
  other: { zh: "其他", en: "Other" },
};

export const ChannelTarget = z.object({
  channel: z.enum(salesChannels),
  gmvFen: fen,
  orders: z.number().int().min(0).default(0),
});
export const SkuTarget = z.object({
  skuCode: z.string().min(1).max(100),
  gmvFen: fen,
  units: z.number().int().min(0),
});
export const BudgetLine = z.object({
  kind: z.enum(budgetKinds),
  label: z.string().max(100).default(""),
  amountFen: fen,
});

export const PlanInput = z.object({
  channelTargets: z.array(ChannelTarget).max(20).default([]),
  skuTargets: z.array(SkuTarget).max(500).default([]),
  budget: z.array(BudgetLine).max(100).default([]),
  /** Expected average discount off list price, bp (e.g. 2000 = 20 % off). */
  expectedDiscountBp: bp.default(0),
  /** Cost of goods as a share of list price, bp (e.g. 4500 = 45 %). */
  costRateBp: bp.default(5000),
  /** Platform commission + payment + affiliate fees on paid GMV, bp. */
  feeRateBp: bp.default(0),
});
export type PlanInput = z.infer<typeof PlanInput>;

export interface Forecast {
  expectedGmvFen: number;
  budgetFen: number;
  budgetByKind: Record<BudgetKind, number>;
  /** expected GMV ÷ budget, as an exact fraction and ×100 rounded half up (null: no budget). */
  roi: { num: number; den: number; x100: number } | null;
  cogsFen: number;
  feesFen: number;
  /** GMV − cost of goods − fees − budget: what the campaign earns after discounts. */
  marginFen: number;
  marginRateBp: number;
}

/**
 * Expected GMV is the sum of channel targets (or of hero SKU targets when no channel target
 * is set). List value = GMV ÷ (1 − discount); cost of goods = list value × cost rate.
 * @example forecast({ channelTargets: [{channel: "tmall", gmvFen: 1_000_000_00, orders: 0}], budget: [{kind: "onsite_ads", label: "", amountFen: 10_000_00}], expectedDiscountBp: 2000, costRateBp: 4000, feeRateBp: 500, skuTargets: [] }).roi?.x100 // 10000
 */
export function forecast(input: PlanInput): Forecast {
  const channelSum = input.channelTargets.reduce((a, t) => a + t.gmvFen, 0);
  const expectedGmvFen =
    channelSum > 0 ? channelSum : input.skuTargets.reduce((a, t) => a + t.gmvFen, 0);
  const budgetByKind = Object.fromEntries(budgetKinds.map((k) => [k, 0])) as Record<
    BudgetKind,
    number
  >;
  for (const line of input.budget) budgetByKind[line.kind] += line.amountFen;
  const budgetFen = input.budget.reduce((a, l) => a + l.amountFen, 0);
  const paidShareBp = 10000 - input.expectedDiscountBp;
  const cogsFen =
    paidShareBp === 0 ? 0 : mulDivRoundHalfUp(expectedGmvFen, input.costRateBp, paidShareBp);
  const feesFen = mulDivRoundHalfUp(expectedGmvFen, input.feeRateBp, 10000);
  const marginFen = expectedGmvFen - cogsFen - feesFen - budgetFen;
  return {
    expectedGmvFen,
    budgetFen,
    budgetByKind,
    roi:
      budgetFen > 0
        ? {
            num: expectedGmvFen,
            den: budgetFen,
            x100: mulDivRoundHalfUp(expectedGmvFen, 100, budgetFen),
          }
        : null,
    cogsFen,
    feesFen,
    marginFen,
    marginRateBp:
      expectedGmvFen > 0
        ? Math.sign(marginFen) * mulDivRoundHalfUp(Math.abs(marginFen), 10000, expectedGmvFen)
        : 0,
  };
}

/**
 * The peak day's share of GMV per local hour (bp, sums to 10000). Double 11 style: the first
 * two hours decide slot placement and carry the most (seed 001), a second wave in the evening.
 */
export const peakDayCurveBp: readonly number[] = [
  1800, 800, 350, 150, 80, 60, 80, 150, 250, 350, 400, 400, 320, 350, 350, 350, 380, 400, 420, 430,
  500, 540, 560, 530,
];

/** The hourly GMV plan for the peak day: the target split by the curve, exactly. */
export function hourlyPlan(
  peakDayGmvFen: number,
  curveBp: readonly number[] = peakDayCurveBp,
): number[] {
  if (curveBp.length !== 24) throw new RangeError("an hourly curve has 24 values");
  return splitByLargestRemainder(peakDayGmvFen, curveBp);
}
