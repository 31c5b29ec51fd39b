/**
 * Schemas and types shared by every mechanic: money, rates, scope, customer conditions and
 * the fields every promotion carries.
 */
import { z } from "zod";

export const MSG = {
  fen: "必须是非负整数（分） / must be a non-negative integer (fen)",
  bp: "必须是 0 到 10000 之间的整数（基点） / must be an integer from 0 to 10000 (basis points)",
  positive: "必须是正整数 / must be a positive integer",
  nonNeg: "必须是非负整数 / must be a non-negative integer",
  time: "必须是 ISO 8601 时间 / must be an ISO 8601 time",
  id: "必须是非空字符串 / must be a non-empty string",
} as const;

/** Integer fen, ≥ 0. */
export const fen = () =>
  z
    .number({ error: MSG.fen })
    .int({ error: MSG.fen })
    .min(0, { error: MSG.fen })
    .max(Number.MAX_SAFE_INTEGER, { error: MSG.fen });

/** Basis points 0…10000. */
export const bp = () =>
  z.number({ error: MSG.bp }).int({ error: MSG.bp }).min(0, { error: MSG.bp }).max(10_000, {
    error: MSG.bp,
  });

/** Integer ≥ 1. */
export const positiveInt = () =>
  z
    .number({ error: MSG.positive })
    .int({ error: MSG.positive })
    .min(1, { error: MSG.positive })
    .max(1_000_000_000, { error: MSG.positive });

/** Integer ≥ 0. */
export const nonNegInt = () =>
  z
    .number({ error: MSG.nonNeg })
    .int({ error: MSG.nonNeg })
    .min(0, { error: MSG.nonNeg })
    .max(1_000_000_000, { error: MSG.nonNeg });

/** ISO 8601 instant. */
export const isoTime = () =>
  z.string({ error: MSG.time }).refine((s) => !Number.isNaN(Date.parse(s)), { error: MSG.time });

export const idString = () => z.string({ error: MSG.id }).min(1, { error: MSG.id });

/** Which cart lines a promotion covers: all, or SKUs ∪ categories, minus exclusions. */
export const ScopeSchema = z.strictObject({
  all: z.boolean().optional(),
  skus: z.array(idString()).optional(),
  categories: z.array(idString()).optional(),
  excludeSkus: z.array(idString()).optional(),
  excludeCategories: z.array(idString()).optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

/** Which customers a promotion is for. */
export const CustomerConditionSchema = z.strictObject({
  memberOnly: z.boolean().optional(),
  newCustomerOnly: z.boolean().optional(),
  tagsAny: z.array(idString()).optional(),
});
export type CustomerCondition = z.infer<typeof CustomerConditionSchema>;

/** A gift handed out at 0 (满送, tier gifts, 加量不加价). */
export const GiftSchema = z.strictObject({
  sku: idString(),
  qty: positiveInt().default(1),
  costFen: fen(),
  unitPriceFen: fen().optional(),
});
export type Gift = z.infer<typeof GiftSchema>;

/** Fields every promotion carries. */
export const baseFields = {
  id: idString(),
  name: z.string().optional(),
  priority: z.number().int().default(0),
  start: isoTime().optional(),
  end: isoTime().optional(),
  scope: ScopeSchema.optional(),
  customer: CustomerConditionSchema.optional(),
  excludes: z.array(idString()).optional(),
  budgetFen: fen().optional(),
};

/** Item-level capacity: promo stock, per-customer and per-order limits. */
export const limitFields = {
  stock: nonNegInt().optional(),
  perCustomerLimit: nonNegInt().optional(),
  perOrderLimit: nonNegInt().optional(),
  overLimit: z.enum(["refuse", "nextPrice"]).default("nextPrice"),
};

/** Who funds a level-5 discount. */
export const fundingFields = {
  platformShareBp: bp().optional(),
  fundedBy: z.enum(["merchant", "platform"]).optional(),
};

/** Share of a discount the platform funds, in basis points (0 when merchant-funded). */
export function platformShareOf(p: {
  platformShareBp?: number | undefined;
  fundedBy?: string | undefined;
}): number {
  if (p.platformShareBp !== undefined) return p.platformShareBp;
  return p.fundedBy === "platform" ? 10_000 : 0;
}

/** A promotion's level in the stacking order. */
export type Level =
  | "item"
  | "group"
  | "itemCoupon"
  | "shop"
  | "shopCoupon"
  | "crossShop"
  | "platformCoupon"
  | "deposit";

/** A bilingual text. */
export interface Label {
  zh: string;
  en: string;
}

/** The outcome of a threshold offer (满减, coupons, cross-shop) on a basis. */
export type ThresholdOutcome =
  | {
      met: true;
      discountFen: number;
      tierIndex: number;
      gifts: Gift[];
      freeShipping: boolean;
    }
  | { met: false; shortfallFen: number };

/** Next-tier information for hints. */
export interface NextTier {
  thresholdFen: number;
  shortfallFen: number;
  extraDiscountFen?: number;
  rateBp?: number;
}

/** A tier of a tiered amount offer. */
export interface AmountTier {
  thresholdFen: number;
  discountFen: number;
  gifts?: Gift[] | undefined;
  freeShipping?: boolean | undefined;
}

/**
 * The highest reached tier of an amount offer, capped at `capFen` (what remains).
 * @example tieredAmount([{ thresholdFen: 30000, discountFen: 3000 }], 30000, 30000) // met, 3000
 */
export function tieredAmount(
  tiers: readonly AmountTier[],
  basisFen: number,
  capFen: number,
): ThresholdOutcome {
  let best = -1;
  for (let i = 0; i < tiers.length; i++) {
    const th = tiers[i]!.thresholdFen;
    if (basisFen >= th && (best < 0 || th > tiers[best]!.thresholdFen)) best = i;
  }
  if (best < 0) return { met: false, shortfallFen: lowestThreshold(tiers) - basisFen };
  const t = tiers[best]!;
  return {
    met: true,
    discountFen: Math.min(t.discountFen, capFen),
    tierIndex: best,
    gifts: t.gifts ?? [],
    freeShipping: t.freeShipping ?? false,
  };
}

/** Lowest threshold of a list of tiers. */
export function lowestThreshold(tiers: readonly { thresholdFen: number }[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const t of tiers) m = Math.min(m, t.thresholdFen);
  return m;
}

/** The next tier above `tierIndex` (tiers sorted by threshold), if any. */
export function nextTierOf<T extends { thresholdFen: number }>(
  tiers: readonly T[],
  basisFen: number,
): T | undefined {
  let next: T | undefined;
  for (const t of tiers)
    if (t.thresholdFen > basisFen && (!next || t.thresholdFen < next.thresholdFen)) next = t;
  return next;
}
