/** `quote`: prices a cart and explains every promotion considered. */

import {
  type Application,
  type Compiled,
  type Ctx,
  cmpStr,
  compile,
  type Evaluation,
  evaluate,
  type Plan,
  thresholdOutcome,
  unitPriceOf,
} from "./engine.ts";
import { formatYuan, formatYuanShort, formatZhe } from "./money.ts";
import type {
  AppliedPromotion,
  GiftOut,
  Hint,
  LineShare,
  NotApplied,
  PricedLine,
  QuoteResult,
  ReasonCode,
} from "./result.ts";
import type { QuoteInput } from "./schema.ts";

/**
 * Prices a cart: lines with every promotion's share, totals, applied promotions, the
 * reason each other promotion was not applied, and next-tier hints.
 * @example
 * const r = quote(QuoteInputSchema.parse({
 *   now: "2026-11-11T00:00:00+08:00",
 *   lines: [{ sku: "A", listPriceFen: 1999, qty: 1 }],
 *   promotions: [{ kind: "timeDiscount", id: "d85", rateBp: 8500 }],
 * }));
 * r.totals.totalFen // 1699
 */
export function quote(input: QuoteInput): QuoteResult {
  const ctx = compile(input);
  const ev = evaluate(ctx);
  return buildResult(ev);
}

const STAGE_INDEX: Record<string, number> = {
  itemCoupon: 0,
  shop: 1,
  shopCoupon: 2,
  crossShop: 3,
  platformCoupon: 4,
};

function emptyTotals(): QuoteResult["totals"] {
  return {
    listFen: 0,
    discountFen: 0,
    goodsFen: 0,
    shippingFeeFen: 0,
    shippingPaidFen: 0,
    totalFen: 0,
    depositPaidFen: 0,
    redPacketUsedFen: 0,
    cashFen: 0,
    platformFundedFen: 0,
    giftCostFen: 0,
    merchantNetFen: 0,
  };
}

export function buildResult(ev: Evaluation, opts: { explain?: boolean } = {}): QuoteResult {
  const { ctx } = ev;
  const { input } = ctx;
  const base = {
    now: input.now,
    otherShopsAmountFen: input.otherShopsAmountFen,
    feeRateBp: input.settings.feeRateBp,
    thresholdBasis: input.settings.thresholdBasis,
  };
  if (ev.refusal || !ev.plan) {
    const r = ev.refusal!;
    return {
      status: "refused",
      refusal: {
        code: "over_limit",
        promoId: ctx.promos[r.promo]!.p.id,
        sku: r.sku,
        allowedQty: r.allowedQty,
      },
      ...base,
      lines: [],
      gifts: [],
      shipping: { feeFen: input.shippingFeeFen, paidFen: 0, waivedBy: null },
      totals: emptyTotals(),
      applied: [],
      notApplied: [],
      hints: [],
    };
  }
  const plan = ev.plan;
  const apps = [...plan.apps, ...plan.depositApps];
  const lines: PricedLine[] = input.lines.map((l, index) => ({
    index,
    sku: l.sku,
    qty: l.qty,
    addOn: l.addOn ?? false,
    listPriceFen: l.listPriceFen,
    listAmountFen: ctx.listAmount[index]!,
    itemLevelAmountFen: ev.item.amount[index]!,
    shares: [],
    payableFen: plan.amount[index]!,
    platformFundedFen: 0,
    giftCostFen: 0,
    merchantNetFen: 0,
    depositPaidFen: plan.depositPaid[index]!,
  }));
  const applied: AppliedPromotion[] = [];
  const gifts: GiftOut[] = [];
  for (const a of apps) {
    a.lines.forEach((l, i) => {
      const line = lines[l]!;
      const share: LineShare = {
        promoId: a.c.p.id,
        kind: a.c.p.kind,
        level: a.c.level,
        amountFen: a.shares[i]!,
        platformFundedFen: a.platform[i]!,
        basisFen: a.basisByLine[i]!,
        beforeFen: a.beforeByLine[i]!,
      };
      line.shares.push(share);
      line.platformFundedFen += a.platform[i]!;
      line.giftCostFen += a.giftCost[i]!;
    });
    for (const g of a.gifts) gifts.push({ promoId: a.c.p.id, ...g });
    applied.push({
      promoId: a.c.p.id,
      kind: a.c.p.kind,
      level: a.c.level,
      discountFen: a.discountFen,
      platformFundedFen: a.platformFen,
      merchantFundedFen: a.discountFen - a.platformFen,
      tierIndex: a.tierIndex,
      basisFen: a.basisFen,
      lines: a.lines,
      gifts: a.gifts,
      freeShipping: a.freeShipping,
      rule: a.c.p,
    });
  }
  if (plan.shippingWaivedBy >= 0 && !apps.some((a) => a.c.idx === plan.shippingWaivedBy)) {
    const c = ctx.promos[plan.shippingWaivedBy]!;
    applied.push({
      promoId: c.p.id,
      kind: c.p.kind,
      level: c.level,
      discountFen: 0,
      platformFundedFen: 0,
      merchantFundedFen: 0,
      tierIndex: 0,
      basisFen: c.lines.reduce((s, l) => s + plan.basis[l]!, 0),
      lines: [],
      gifts: [],
      freeShipping: true,
      rule: c.p,
    });
  }
  const t = emptyTotals();
  for (const line of lines) {
    line.merchantNetFen = line.payableFen + line.platformFundedFen - line.giftCostFen;
    t.listFen += line.listAmountFen;
    t.goodsFen += line.payableFen;
    t.depositPaidFen += line.depositPaidFen;
    t.platformFundedFen += line.platformFundedFen;
    t.giftCostFen += line.giftCostFen;
    t.merchantNetFen += line.merchantNetFen;
  }
  t.discountFen = t.listFen - t.goodsFen;
  t.shippingFeeFen = input.shippingFeeFen;
  t.shippingPaidFen = plan.shippingPaid;
  t.totalFen = t.goodsFen + t.shippingPaidFen;
  t.redPacketUsedFen = Math.min(input.redPacketFen, Math.max(0, t.totalFen - t.depositPaidFen));
  t.cashFen = Math.max(0, t.totalFen - t.depositPaidFen - t.redPacketUsedFen);
  // the promotions applied, by index
  const appliedIds = new Set(apps.map((a) => a.c.idx));
  if (plan.shippingWaivedBy >= 0) appliedIds.add(plan.shippingWaivedBy);
  const notApplied: NotApplied[] = [];
  const hints: Hint[] = [];
  // (`explain: false` leaves out the reasons and hints, for callers reading only the figures)
  if (opts.explain !== false) {
    for (const c of ctx.promos) {
      if (appliedIds.has(c.idx)) continue;
      notApplied.push(explain(ev, c, appliedIds));
    }
    for (const a of plan.apps) {
      const h = hintFor(ev, a);
      if (h) hints.push(h);
    }
  }
  return {
    status: "ok",
    ...base,
    lines,
    gifts,
    shipping: {
      feeFen: input.shippingFeeFen,
      paidFen: plan.shippingPaid,
      waivedBy: plan.shippingWaivedBy >= 0 ? ctx.promos[plan.shippingWaivedBy]!.p.id : null,
    },
    totals: t,
    applied,
    notApplied,
    hints,
    ...(ctx.limits.size > 0 ? { searchLimits: [...ctx.limits].sort() } : {}),
  };
}

const REASON_TEXT: ReadonlyMap<string, { zh: string; en: string }> = new Map(
  Object.entries({
    not_started: { zh: "活动未开始", en: "not started yet" },
    ended: { zh: "活动已结束", en: "ended" },
    not_eligible: { zh: "不符合条件（顾客或商品）", en: "not eligible (customer or items)" },
    out_of_stock: { zh: "活动库存已用完", en: "promo stock used up" },
    limit_reached: { zh: "已达限购数量", en: "purchase limit reached" },
    budget_exhausted: { zh: "活动预算不足", en: "budget exhausted" },
    no_benefit: { zh: "无优惠", en: "no benefit" },
  }),
);

function na(
  c: Compiled,
  reason: ReasonCode,
  extra?: { shortfallFen?: number; shortfallQty?: number },
): NotApplied {
  // the reasons naming another promotion are built, not looked up
  let message = reason.includes(":") ? undefined : REASON_TEXT.get(reason);
  if (!message) {
    if (reason === "threshold_not_met") {
      message =
        extra?.shortfallQty !== undefined
          ? { zh: `还差 ${extra.shortfallQty} 件`, en: `${extra.shortfallQty} more item(s) needed` }
          : {
              zh: `还差 ¥${formatYuan(extra?.shortfallFen ?? 0)}`,
              en: `¥${formatYuan(extra?.shortfallFen ?? 0)} short of the threshold`,
            };
    } else if (reason.startsWith("excluded_by:")) {
      const id = reason.slice("excluded_by:".length);
      message = { zh: `与 ${id} 互斥`, en: `excluded by ${id}` };
    } else {
      const id = reason.slice("worse_than:".length);
      message = { zh: `不如 ${id} 优惠`, en: `worse than ${id}` };
    }
  }
  return extra
    ? { promoId: c.p.id, kind: c.p.kind, reason, ...extra, message }
    : { promoId: c.p.id, kind: c.p.kind, reason, message };
}

/** The promotion of the plan that excludes `c`, if any. */
function excludedBy(ctx: Ctx, plan: Plan, c: Compiled): string | undefined {
  if (c.conflicts.size === 0) return undefined;
  for (const a of plan.apps) if (c.conflicts.has(a.c.idx)) return a.c.p.id;
  for (const a of plan.depositApps) if (c.conflicts.has(a.c.idx)) return a.c.p.id;
  if (plan.shippingWaivedBy >= 0 && c.conflicts.has(plan.shippingWaivedBy))
    return ctx.promos[plan.shippingWaivedBy]!.p.id;
  return undefined;
}

/** An applied promotion of `c`'s level holding one of `lines`, if any. */
function sameLevelHolder(
  plan: Plan,
  c: Compiled,
  appliedIds: ReadonlySet<number>,
  lines: readonly number[],
): string | undefined {
  for (const l of lines)
    for (const a of plan.apps)
      if (
        a.c.level === c.level &&
        a.c.idx !== c.idx &&
        a.lines.includes(l) &&
        appliedIds.has(a.c.idx)
      )
        return a.c.p.id;
  return undefined;
}

/** Why a promotion that would give `discount` on its own is not in the plan. */
function whyNotHeld(
  ev: Evaluation,
  c: Compiled,
  appliedIds: ReadonlySet<number>,
  jjgAddOns: readonly number[],
  discount: number,
): NotApplied {
  const plan = ev.plan!;
  if (discount > c.budgetLeft) return na(c, "budget_exhausted");
  const ex = excludedBy(ev.ctx, plan, c);
  if (ex) return na(c, `excluded_by:${ex}`);
  const h = sameLevelHolder(
    plan,
    c,
    appliedIds,
    c.level === "shop" && c.p.kind === "jiaJiaGou" ? [...c.lines, ...jjgAddOns] : c.lines,
  );
  if (h) return na(c, `worse_than:${h}`);
  return na(c, "no_benefit");
}

function explain(ev: Evaluation, c: Compiled, appliedIds: ReadonlySet<number>): NotApplied {
  const { ctx } = ev;
  const plan = ev.plan!;
  if (c.time !== "live") return na(c, c.time);
  if (!c.custOk) return na(c, "not_eligible");
  const p = c.p;
  const jjgAddOns =
    p.kind === "jiaJiaGou"
      ? ctx.input.lines.flatMap((l, i) => (l.addOn && l.sku === p.redeemSku ? [i] : []))
      : [];
  if (p.kind === "jiaJiaGou" ? jjgAddOns.length === 0 : c.lines.length === 0)
    return na(c, "not_eligible");
  switch (c.level) {
    case "item": {
      const cap = ev.item.capacity.get(c.idx);
      if (cap) {
        if (cap.stockLeft <= 0) return na(c, "out_of_stock");
        if (cap.customerLeft <= 0 || cap.orderLeft <= 0) return na(c, "limit_reached");
      }
      if (ev.item.budgetDropped.has(c.idx)) return na(c, "budget_exhausted");
      const ex = excludedBy(ctx, plan, c);
      if (ex) return na(c, `excluded_by:${ex}`);
      let better = false;
      for (const l of c.lines) {
        const line = ctx.input.lines[l]!;
        const u = unitPriceOf(p, line.sku, line.listPriceFen);
        if (u === undefined || u >= line.listPriceFen) continue;
        better = true;
        const run = ev.item.runs[l]?.[0];
        if (run && run.promo >= 0 && run.promo !== c.idx)
          return na(c, `worse_than:${ctx.promos[run.promo]!.p.id}`);
      }
      return na(c, better ? "limit_reached" : "no_benefit");
    }
    case "group": {
      const o = ev.group.alone.get(c.idx);
      if (o && !o.met) return na(c, "threshold_not_met", { shortfallQty: o.shortfallQty });
      if (o?.met && o.discountFen > c.budgetLeft) return na(c, "budget_exhausted");
      const ex = excludedBy(ctx, plan, c);
      if (ex) return na(c, `excluded_by:${ex}`);
      for (const l of c.lines) {
        const h = ev.group.holder[l];
        if (h !== undefined && h >= 0 && h !== c.idx)
          return na(c, `worse_than:${ctx.promos[h]!.p.id}`);
      }
      return na(c, "no_benefit");
    }
    case "deposit":
      return whyNotHeld(ev, c, appliedIds, jjgAddOns, 0);
    default: {
      if (p.kind === "freeShipping") {
        const basis = c.lines.reduce((s, l) => s + plan.basis[l]!, 0);
        if (basis < p.thresholdFen)
          return na(c, "threshold_not_met", { shortfallFen: p.thresholdFen - basis });
        const ex = excludedBy(ctx, plan, c);
        if (ex) return na(c, `excluded_by:${ex}`);
        if (plan.shippingWaivedBy >= 0)
          return na(c, `worse_than:${ctx.promos[plan.shippingWaivedBy]!.p.id}`);
        return na(c, "no_benefit");
      }
      const si = STAGE_INDEX[c.level] ?? 0;
      const amountBefore = plan.snaps[si] ?? plan.amount;
      const thr = ctx.cumulative ? amountBefore : si === 0 ? amountBefore : plan.basis;
      const basisFen = c.lines.reduce((s, l) => s + thr[l]!, 0);
      const before = c.lines.reduce((s, l) => s + amountBefore[l]!, 0);
      const o = thresholdOutcome(ctx, c, basisFen, before);
      if (!o.met) return na(c, "threshold_not_met", { shortfallFen: o.shortfallFen });
      let d = o.discountFen;
      if (p.kind === "jiaJiaGou") {
        d = jjgAddOns.reduce(
          (s, l) => s + Math.max(0, ctx.input.lines[l]!.listPriceFen - p.priceFen),
          0,
        );
      }
      if (d > c.budgetLeft) return na(c, "budget_exhausted");
      const ex = excludedBy(ctx, plan, c);
      if (ex) return na(c, `excluded_by:${ex}`);
      if (c.level === "shopCoupon" || c.level === "platformCoupon") {
        const slot = plan.apps.find((a) => a.c.level === c.level);
        if (slot) return na(c, `worse_than:${slot.c.p.id}`);
      }
      return whyNotHeld(ev, c, appliedIds, jjgAddOns, d);
    }
  }
}

function hintFor(ev: Evaluation, a: Application): Hint | undefined {
  const p = a.c.p;
  const other = p.kind === "crossShop" ? ev.ctx.input.otherShopsAmountFen : 0;
  const basis = a.basisFen;
  if (p.kind === "manJian" || (p.kind === "crossShop" && p.tiers)) {
    const tiers = p.tiers!;
    const cur = tiers[a.tierIndex]!;
    let next: (typeof tiers)[number] | undefined;
    for (const t of tiers)
      if (t.thresholdFen > basis && (!next || t.thresholdFen < next.thresholdFen)) next = t;
    if (!next || next.discountFen <= cur.discountFen) return undefined;
    const shortfall = next.thresholdFen - basis;
    const extra = next.discountFen - cur.discountFen;
    void other;
    return {
      promoId: p.id,
      nextThresholdFen: next.thresholdFen,
      shortfallFen: shortfall,
      extraDiscountFen: extra,
      zh: `再买 ¥${formatYuan(shortfall)} 可再减 ¥${formatYuanShort(extra)}`,
      en: `Add ¥${formatYuan(shortfall)} more to save another ¥${formatYuanShort(extra)}`,
    };
  }
  if (p.kind === "manZhe") {
    let next: (typeof p.tiers)[number] | undefined;
    for (const t of p.tiers)
      if (t.thresholdFen > basis && (!next || t.thresholdFen < next.thresholdFen)) next = t;
    const cur = p.tiers[a.tierIndex]!;
    if (!next || next.rateBp >= cur.rateBp) return undefined;
    const shortfall = next.thresholdFen - basis;
    const off = (10_000 - next.rateBp) / 100;
    return {
      promoId: p.id,
      nextThresholdFen: next.thresholdFen,
      shortfallFen: shortfall,
      nextRateBp: next.rateBp,
      zh: `再买 ¥${formatYuan(shortfall)} 可享 ${formatZhe(next.rateBp)}`,
      en: `Add ¥${formatYuan(shortfall)} more to get ${off}% off`,
    };
  }
  return undefined;
}

export { cmpStr };
