/**
 * Refunds from the frozen split of a priced order (never re-spread): the refunded units'
 * payable, less clawback (policy `clawback`) and gifts asked back or deducted.
 */
import { z } from "zod";
import { fen, GiftSchema, idString, nonNegInt, positiveInt } from "./common.ts";
import { largestRemainder, mulDivFloor } from "./money.ts";
import { type Promotion, PromotionSchema, uniqueIds } from "./schema.ts";

const ShareSchema = z.looseObject({
  promoId: idString(),
  kind: z.string(),
  amountFen: fen(),
  platformFundedFen: fen().default(0),
  basisFen: fen(),
  beforeFen: fen(),
});

const OrderLineSchema = z.looseObject({
  index: nonNegInt(),
  sku: idString(),
  qty: positiveInt(),
  payableFen: fen(),
  shares: z.array(ShareSchema).default([]),
});

const AppliedSchema = z.looseObject({
  promoId: idString(),
  tierIndex: nonNegInt().default(0),
  gifts: z.array(GiftSchema).default([]),
  rule: PromotionSchema,
});

/** The frozen figures of a priced order that a refund needs (a `quote` result fits). */
export const FrozenOrderSchema = z.looseObject({
  status: z.literal("ok").optional(),
  otherShopsAmountFen: fen().default(0),
  lines: z.array(OrderLineSchema).min(1),
  applied: z.array(AppliedSchema).default([]),
});
export type FrozenOrder = z.infer<typeof FrozenOrderSchema>;

const RefundLineSchema = z.strictObject({ line: nonNegInt(), qty: positiveInt() });

export const RefundInputSchema = z
  .strictObject({
    order: FrozenOrderSchema,
    refund: z.array(RefundLineSchema).min(1),
    previousRefunds: z.array(z.array(RefundLineSchema)).default([]),
    policy: z.enum(["keep", "clawback"]).default("keep"),
    giftOnRefund: z.enum(["return", "deduct"]).default("return"),
  })
  .superRefine((v, ctx) => {
    uniqueIds(
      v.order.applied.map((a) => ({ id: a.promoId })),
      ctx,
      ["order", "applied"],
    );
    const used = new Map<number, number>();
    const check = (rs: { line: number; qty: number }[], path: (string | number)[]) =>
      rs.forEach((r, i) => {
        const line = v.order.lines[r.line];
        if (!line) {
          ctx.addIssue({
            code: "custom",
            path: [...path, i, "line"],
            message: "订单中没有这一行 / no such line in the order",
          });
          return;
        }
        const u = (used.get(r.line) ?? 0) + r.qty;
        used.set(r.line, u);
        if (u > line.qty)
          ctx.addIssue({
            code: "custom",
            path: [...path, i, "qty"],
            message: `退款数量超过购买数量 ${line.qty} / refunds more units than the ${line.qty} bought`,
          });
      });
    for (const [j, rs] of v.previousRefunds.entries()) check(rs, ["previousRefunds", j]);
    check(v.refund, ["refund"]);
  });
export type RefundInput = z.infer<typeof RefundInputSchema>;
/** Refund input as callers write it; `order` is usually a `quote` result as is. */
export type RefundInputRaw = Omit<z.input<typeof RefundInputSchema>, "order"> & { order: unknown };

export interface RefundLine {
  line: number;
  sku: string;
  qty: number;
  /** Units refunded are r+1 … r+qty of the line. */
  fromUnit: number;
  toUnit: number;
  grossFen: number;
  deductionFen: number;
  refundFen: number;
}

export interface Clawback {
  promoId: string;
  kind: Promotion["kind"];
  /** Total deduction owed with the units kept after this refund. */
  totalFen: number;
  /** What earlier refunds deducted. */
  previousFen: number;
  /** This refund's part (negative hands an earlier deduction back). */
  thisRefundFen: number;
}

export interface GiftClaim {
  promoId: string;
  sku: string;
  qty: number;
  action: "return" | "deduct";
  deductFen: number;
}

export interface RefundResult {
  policy: "keep" | "clawback";
  lines: RefundLine[];
  grossFen: number;
  clawbacks: Clawback[];
  gifts: GiftClaim[];
  deductionFen: number;
  refundFen: number;
}

// ── exact fractions with a common denominator per promotion ──

interface Q {
  n: bigint;
  d: bigint;
}
const q = (n: bigint, d: bigint): Q => ({ n, d });
const ge = (a: Q, t: bigint) => a.n >= t * a.d;
const floorQ = (a: Q) => {
  const f = a.n / a.d;
  return a.n < 0n && f * a.d !== a.n ? f - 1n : f;
};
const minQ = (a: Q, b: Q) => (a.n * b.d <= b.n * a.d ? a : b);
const subQ = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
const int = (x: bigint): Q => q(x, 1n);
/** Discount of a rate on a fractional amount: a − ⌊a·r/10000 + ½⌋. */
const rateOff = (a: Q, r: number): Q => {
  const paid = (2n * a.n * BigInt(r) + 10000n * a.d) / (20000n * a.d);
  return subQ(a, int(paid));
};
const roundHalfUpQ = (a: Q): bigint => (2n * a.n + a.d) / (2n * a.d);

/** What a promotion gives lines whose pro-rata basis and amount-before are `basis`, `before`. */
function givesNow(rule: Promotion, basis: Q, before: Q, otherShops: number): Q {
  const zero = int(0n);
  switch (rule.kind) {
    case "manJian": {
      let best: (typeof rule.tiers)[number] | undefined;
      for (const t of rule.tiers)
        if (ge(basis, BigInt(t.thresholdFen)) && (!best || t.thresholdFen > best.thresholdFen))
          best = t;
      return best ? minQ(int(BigInt(best.discountFen)), before) : zero;
    }
    case "meiManJian": {
      const k = basis.n / (basis.d * BigInt(rule.stepFen));
      let d = k * BigInt(rule.discountFen);
      if (rule.capFen !== undefined && d > BigInt(rule.capFen)) d = BigInt(rule.capFen);
      return minQ(int(d), before);
    }
    case "manZhe": {
      let best: (typeof rule.tiers)[number] | undefined;
      for (const t of rule.tiers)
        if (ge(basis, BigInt(t.thresholdFen)) && (!best || t.thresholdFen > best.thresholdFen))
          best = t;
      return best ? rateOff(before, best.rateBp) : zero;
    }
    case "shopCoupon":
    case "platformCoupon": {
      if (!ge(basis, BigInt(rule.thresholdFen))) return zero;
      if (rule.amountFen !== undefined) return minQ(int(BigInt(rule.amountFen)), before);
      const d = rateOff(before, rule.rateBp ?? 10_000);
      return rule.capFen !== undefined ? minQ(d, int(BigInt(rule.capFen))) : d;
    }
    case "crossShop": {
      const all = q(basis.n + BigInt(otherShops) * basis.d, basis.d);
      let r = 0n;
      if (rule.tiers) {
        let best: (typeof rule.tiers)[number] | undefined;
        for (const t of rule.tiers)
          if (ge(all, BigInt(t.thresholdFen)) && (!best || t.thresholdFen > best.thresholdFen))
            best = t;
        r = best ? BigInt(best.discountFen) : 0n;
      } else {
        r = (all.n / (all.d * BigInt(rule.stepFen!))) * BigInt(rule.discountFen!);
        if (rule.capFen !== undefined && r > BigInt(rule.capFen)) r = BigInt(rule.capFen);
      }
      if (r === 0n || all.n === 0n) return zero;
      // mine = round(r · basis / all) = round(r · basis.n / all.n)
      const mine = roundHalfUpQ(q(r * basis.n, all.n));
      return minQ(int(mine), before);
    }
    default:
      return zero;
  }
}

const CLAWBACK_KINDS = new Set([
  "manJian",
  "meiManJian",
  "manZhe",
  "shopCoupon",
  "crossShop",
  "platformCoupon",
]);

interface ProRata {
  basis: Q;
  before: Q;
  shares: Q;
}

function proRata(order: FrozenOrder, promoId: string, kept: readonly number[]): ProRata {
  // common denominator: product of distinct line quantities is fine for small orders; use lcm
  let den = 1n;
  const g = (a: bigint, b: bigint): bigint => (b === 0n ? a : g(b, a % b));
  for (const l of order.lines)
    if (l.shares.some((s) => s.promoId === promoId))
      den = (den * BigInt(l.qty)) / g(den, BigInt(l.qty));
  let b = 0n;
  let bf = 0n;
  let sh = 0n;
  order.lines.forEach((l, i) => {
    for (const s of l.shares) {
      if (s.promoId !== promoId) continue;
      const f = (BigInt(kept[i]!) * den) / BigInt(l.qty);
      b += BigInt(s.basisFen) * f;
      bf += BigInt(s.beforeFen) * f;
      sh += BigInt(s.amountFen) * f;
    }
  });
  return { basis: q(b, den), before: q(bf, den), shares: q(sh, den) };
}

function clawbackOf(order: FrozenOrder, rule: Promotion, kept: readonly number[]): bigint {
  const pr = proRata(order, rule.id, kept);
  const now = givesNow(rule, pr.basis, pr.before, order.otherShopsAmountFen);
  const diff = floorQ(subQ(pr.shares, now));
  return diff > 0n ? diff : 0n;
}

function giftThreshold(rule: Promotion, tierIndex: number): number | undefined {
  if (rule.kind === "manSong") return rule.thresholdFen;
  if (rule.kind === "manJian" || rule.kind === "manZhe") return rule.tiers[tierIndex]?.thresholdFen;
  return undefined;
}

/**
 * Refund amount per line from the frozen split.
 * @example
 * refund(RefundInputSchema.parse({ order, refund: [{ line: 0, qty: 1 }] })).refundFen
 */
export function refund(input: RefundInput): RefundResult {
  const { order } = input;
  const n = order.lines.length;
  const prev = new Array<number>(n).fill(0);
  for (const rs of input.previousRefunds) for (const r of rs) prev[r.line] = prev[r.line]! + r.qty;
  const now = new Array<number>(n).fill(0);
  for (const r of input.refund) now[r.line] = now[r.line]! + r.qty;
  const keptPrev = order.lines.map((l, i) => l.qty - prev[i]!);
  const keptNow = order.lines.map((l, i) => l.qty - prev[i]! - now[i]!);

  const lines: RefundLine[] = [];
  for (let i = 0; i < n; i++) {
    if (now[i] === 0) continue;
    const l = order.lines[i]!;
    const r = prev[i]!;
    const k = now[i]!;
    const gross = mulDivFloor(l.payableFen, r + k, l.qty) - mulDivFloor(l.payableFen, r, l.qty);
    lines.push({
      line: i,
      sku: l.sku,
      qty: k,
      fromUnit: r + 1,
      toUnit: r + k,
      grossFen: gross,
      deductionFen: 0,
      refundFen: gross,
    });
  }
  const grossFen = lines.reduce((s, l) => s + l.grossFen, 0);

  const clawbacks: Clawback[] = [];
  if (input.policy === "clawback") {
    for (const a of order.applied) {
      if (!CLAWBACK_KINDS.has(a.rule.kind)) continue;
      const total = clawbackOf(order, a.rule, keptNow);
      const before = clawbackOf(order, a.rule, keptPrev);
      if (total === 0n && before === 0n) continue;
      clawbacks.push({
        promoId: a.promoId,
        kind: a.rule.kind,
        totalFen: Number(total),
        previousFen: Number(before),
        thisRefundFen: Number(total - before),
      });
    }
  }

  const gifts: GiftClaim[] = [];
  for (const a of order.applied) {
    if (a.gifts.length === 0) continue;
    const t = giftThreshold(a.rule, a.tierIndex);
    if (t === undefined) continue;
    const lostNow = !ge(proRata(order, a.promoId, keptNow).basis, BigInt(t));
    const lostBefore = !ge(proRata(order, a.promoId, keptPrev).basis, BigInt(t));
    if (!lostNow || lostBefore) continue;
    for (const g of a.gifts)
      gifts.push({
        promoId: a.promoId,
        sku: g.sku,
        qty: g.qty,
        action: input.giftOnRefund,
        deductFen: input.giftOnRefund === "deduct" ? (g.unitPriceFen ?? g.costFen) * g.qty : 0,
      });
  }

  const wanted =
    clawbacks.reduce((s, c) => s + c.thisRefundFen, 0) + gifts.reduce((s, g) => s + g.deductFen, 0);
  const deduction = Math.min(wanted, grossFen);
  if (lines.length > 0 && deduction !== 0) {
    const split = largestRemainder(
      Math.abs(deduction),
      lines.map((l) => l.grossFen),
    );
    lines.forEach((l, i) => {
      l.deductionFen = deduction > 0 ? split[i]! : -split[i]!;
      l.refundFen = l.grossFen - l.deductionFen;
    });
  }
  return {
    policy: input.policy,
    lines,
    grossFen,
    clawbacks,
    gifts,
    deductionFen: deduction,
    refundFen: grossFen - deduction,
  };
}
