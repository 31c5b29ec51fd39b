/**
 * Quote, checkout and refund. A quote loads the cart's SKUs, the customer's flags, the
 * published promotions and the coupons held, turns stored definitions into the engine's
 * input with live counters as state, and runs `quote`. Checkout then takes every counter the
 * result uses in one transaction (conditional updates in a fixed order) and stores the order
 * with its frozen per-line split; refunds run the engine's `refund` on those frozen figures.
 */
import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { findCampaign } from "../../adapters/db/repositories/campaigns.ts";
import {
  countPaidOrder,
  customerFlags,
  insertOrder,
  listRefunds,
  loadOrder,
  type NewOrderLine,
  type OrderPromotionRow,
  type PricedSku,
  recordRefund,
  skusByCode,
} from "../../adapters/db/repositories/checkout.ts";
import {
  type CouponRow,
  findCouponsByCode,
  findPromotion,
  findTemplatesByClaimCode,
  insertCoupons,
  listPromotions,
  listPublishedAutomatic,
  type PromotionRow,
  type PromotionTake,
  redeemCoupon,
  releaseUnits,
  takeCustomerUsage,
  takeFromPromotion,
  usageOf,
} from "../../adapters/db/repositories/promotions.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import { unitPriceOf } from "../../domain/pricing/engine.ts";
import {
  type PromoState,
  type Promotion,
  type QuoteInput,
  type QuoteResult,
  quote,
  RefundInputSchema,
  type RefundResult,
  refund,
} from "../../domain/pricing/index.ts";
import { AppError, notFound } from "../errors.ts";
import { overLimit, soldOut } from "./errors.ts";
import { type Actor, engineId, randomCode, toEngine } from "./service.ts";

export const CartInput = z.strictObject({
  customerId: z.number().int().positive().nullable().optional(),
  lines: z
    .array(
      z.strictObject({
        sku: z.string().min(1),
        qty: z.number().int().min(1).max(10_000),
        addOn: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(200),
  /** Coupons held: issued coupon codes, or a template's claim code (claimed at checkout). */
  coupons: z.array(z.string().min(1)).max(20).default([]),
  shippingFeeFen: z.number().int().min(0).default(0),
  otherShopsAmountFen: z.number().int().min(0).default(0),
});
export type CartInput = z.infer<typeof CartInput>;

export const QuoteRequest = CartInput.extend({
  at: z.string().optional(),
  /**
   * Preview a campaign before it is published: its promotions count as live (drafts too)
   * and its coupon templates as held by the buyer.
   */
  campaignId: z.number().int().positive().optional(),
});
export type QuoteRequest = z.infer<typeof QuoteRequest>;

/** A coupon the buyer brings: an issued coupon, or a template claimed at checkout. */
interface HeldCoupon {
  template: PromotionRow;
  coupon: CouponRow | null;
}

/** A priced cart and what it was priced from. */
export interface PricedCart {
  input: QuoteInput;
  result: QuoteResult;
  skus: Map<string, PricedSku>;
  promotions: Map<string, PromotionRow>;
  held: Map<string, HeldCoupon>;
  customerId: number | null;
}

function later(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a > b ? a : b;
}
function earlier(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}

/**
 * Prices a cart at `now` with the shop's published promotions and the coupons held, plus
 * `preview` promotions (published or not; coupon templates among them count as held).
 */
export async function priceCart(
  db: Kysely<DB>,
  shop: Shop,
  cart: CartInput,
  now: Date,
  preview: PromotionRow[] = [],
): Promise<PricedCart> {
  const codes = [...new Set(cart.lines.map((l) => l.sku))];
  const skus = await skusByCode(db, shop.id, codes);
  const missing = codes.find((c) => !skus.has(c));
  if (missing !== undefined)
    throw new AppError(
      "invalid_input",
      `商品 SKU ${missing} 不存在`,
      `SKU ${missing} not found`,
      "lines.sku",
    );
  const customerId = cart.customerId ?? null;
  const customer = customerId !== null ? await customerFlags(db, shop.id, customerId) : undefined;
  if (customerId !== null && !customer) throw notFound("客户", "Customer", "customerId");

  const automatic = await listPublishedAutomatic(db, shop.id, now);
  const held = await resolveCoupons(db, shop.id, cart.coupons, customerId);
  for (const p of preview) {
    if (p.is_coupon) {
      if (!held.has(engineId(p.id))) held.set(engineId(p.id), { template: p, coupon: null });
    } else if (!automatic.some((a) => a.id === p.id)) automatic.push(p);
  }

  const promotions = new Map<string, PromotionRow>();
  const engine: Promotion[] = [];
  for (const p of automatic) {
    promotions.set(engineId(p.id), p);
    engine.push(toEngine(p));
  }
  for (const [eid, h] of held) {
    promotions.set(eid, h.template);
    const from = h.coupon ? h.coupon.valid_from : h.template.valid_from;
    const until = h.coupon ? h.coupon.valid_until : h.template.valid_until;
    engine.push(
      toEngine(h.template, {
        start: later(h.template.starts_at, from),
        end: earlier(h.template.ends_at, until),
      }),
    );
  }

  const state: PromoState = { stockLeft: {}, customerUsedQty: {}, budgetLeftFen: {} };
  const usage =
    customerId !== null
      ? await usageOf(
          db,
          shop.id,
          customerId,
          [...promotions.values()].map((p) => p.id),
        )
      : new Map();
  for (const [eid, p] of promotions) {
    if (p.stock_limit !== null) state.stockLeft![eid] = Math.max(0, p.stock_limit - p.stock_used);
    if (p.budget_fen !== null)
      state.budgetLeftFen![eid] = Math.max(0, p.budget_fen - p.budget_used_fen);
    const u = usage.get(p.id);
    if (u) state.customerUsedQty![eid] = u.used_qty;
  }

  const input: QuoteInput = {
    now: now.toISOString(),
    customer: {
      ...(customerId !== null ? { id: String(customerId) } : {}),
      member: customer?.is_member ?? false,
      newCustomer: customer ? customer.paid_orders === 0 : false,
      tags: customer?.tags ?? [],
    },
    lines: cart.lines.map((l) => {
      const s = skus.get(l.sku)!;
      return {
        sku: s.code,
        categoryId: s.category,
        listPriceFen: s.price_fen,
        qty: l.qty,
        ...(l.addOn ? { addOn: true } : {}),
      };
    }),
    promotions: engine,
    state,
    shippingFeeFen: cart.shippingFeeFen,
    otherShopsAmountFen: cart.otherShopsAmountFen,
    redPacketFen: 0,
    settings: {
      thresholdBasis: "afterItemLevel",
      feeRateBp: shop.fee_rate_bp,
      giftOnRefund: "return",
    },
  };
  return { input, result: quote(input), skus, promotions, held, customerId };
}

async function resolveCoupons(
  db: Kysely<DB>,
  shopId: number,
  codes: string[],
  customerId: number | null,
): Promise<Map<string, HeldCoupon>> {
  const held = new Map<string, HeldCoupon>();
  if (codes.length === 0) return held;
  if (customerId === null)
    throw new AppError(
      "invalid_input",
      "使用优惠券需要指定客户",
      "Using coupons needs a customer",
      "customerId",
    );
  const upper = [...new Set(codes.map((c) => c.trim().toUpperCase()))];
  const issued = await findCouponsByCode(db, shopId, upper);
  const templates = await findTemplatesByClaimCode(db, shopId, upper);
  const byId = new Map<number, PromotionRow>(templates.map((t) => [t.id, t]));
  for (const c of issued)
    if (!byId.has(c.promotion_id)) {
      const t = await findPromotion(db, shopId, c.promotion_id);
      if (t) byId.set(t.id, t);
    }
  for (const code of upper) {
    const c = issued.find((x) => x.code === code);
    const t = c ? byId.get(c.promotion_id) : templates.find((x) => x.claim_code === code);
    if (!t || (c && c.customer_id !== customerId))
      throw new AppError(
        "invalid_input",
        `优惠券 ${code} 不存在`,
        `Coupon ${code} not found`,
        "coupons",
      );
    if (c && c.status !== "issued")
      throw soldOut(
        { coupon: t.id, counter: "coupon_used" },
        `优惠券 ${code} 已使用`,
        `Coupon ${code} has been used`,
      );
    if (!t.published)
      throw new AppError(
        "invalid_input",
        `优惠券 ${code} 未发布`,
        `Coupon ${code} is not published`,
        "coupons",
      );
    const eid = engineId(t.id);
    const prev = held.get(eid);
    // One coupon per template and order: keep an issued one over a claim code.
    if (!prev || (!prev.coupon && c)) held.set(eid, { template: t, coupon: c ?? null });
  }
  return held;
}

/** Units of a line that took an item-level promotion's price (from its frozen share). */
function itemUnits(rule: Promotion, line: { sku: string; listPriceFen: number }, amount: number) {
  const unit = unitPriceOf(rule, line.sku, line.listPriceFen);
  if (unit === undefined || unit >= line.listPriceFen) return 0;
  return Math.round(amount / (line.listPriceFen - unit));
}

/** The quote API answer: the engine's result plus a short summary. */
export async function quoteCart(
  db: Kysely<DB>,
  shop: Shop,
  req: QuoteRequest,
  now: Date,
): Promise<QuoteResult> {
  const at = req.at ? new Date(req.at) : now;
  if (Number.isNaN(at.getTime()))
    throw new AppError(
      "invalid_input",
      "字段 at 不是有效时间",
      "Field at is not a valid time",
      "at",
    );
  const { at: _a, campaignId, ...cart } = req;
  let preview: PromotionRow[] = [];
  if (campaignId !== undefined) {
    if (!(await findCampaign(db, shop.id, campaignId)))
      throw notFound("活动", "Campaign", "campaignId");
    preview = await listPromotions(db, shop.id, { campaignId });
  }
  return (await priceCart(db, shop, cart, at, preview)).result;
}

/** What checkout takes, derived from the priced cart. */
interface Takes {
  promotions: PromotionTake[];
  usage: {
    promotionId: number;
    qty: number;
    qtyLimit: number | null;
    claim: number;
    claimLimit: number | null;
  }[];
  redeem: { couponId: number; promotionId: number }[];
  claimAtCheckout: PromotionRow[];
  rows: OrderPromotionRow[];
}

function takesOf(p: PricedCart): Takes {
  const takes: Takes = { promotions: [], usage: [], redeem: [], claimAtCheckout: [], rows: [] };
  for (const a of p.result.applied) {
    const row = p.promotions.get(a.promoId);
    if (!row) continue;
    let units = 0;
    if (a.level === "item")
      for (const l of p.result.lines)
        for (const s of l.shares)
          if (s.promoId === a.promoId)
            units += itemUnits(a.rule, { sku: l.sku, listPriceFen: l.listPriceFen }, s.amountFen);
    const h = p.held.get(a.promoId);
    const issue = h && !h.coupon ? 1 : 0;
    const take: PromotionTake = {
      promotionId: row.id,
      stock: row.stock_limit !== null ? units : 0,
      budgetFen: row.budget_fen !== null ? a.discountFen : 0,
      issue,
      redeem: h ? 1 : 0,
    };
    if (take.stock || take.budgetFen || take.issue || take.redeem) takes.promotions.push(take);
    const perCustomer =
      "perCustomerLimit" in a.rule && a.rule.perCustomerLimit !== undefined
        ? a.rule.perCustomerLimit
        : null;
    if (p.customerId !== null && ((perCustomer !== null && units > 0) || issue))
      takes.usage.push({
        promotionId: row.id,
        qty: perCustomer !== null ? units : 0,
        qtyLimit: perCustomer,
        claim: issue,
        claimLimit: issue ? row.per_customer_limit : null,
      });
    if (h?.coupon) takes.redeem.push({ couponId: h.coupon.id, promotionId: row.id });
    if (h && !h.coupon) takes.claimAtCheckout.push(h.template);
    takes.rows.push({
      engine_id: a.promoId,
      promotion_id: row.id,
      coupon_id: h?.coupon?.id ?? null,
      kind: a.kind,
      discount_fen: a.discountFen,
      platform_fen: a.platformFundedFen,
      units,
      tier_index: a.tierIndex,
      gifts: a.gifts,
      rule: a.rule,
    });
  }
  takes.promotions.sort((x, y) => x.promotionId - y.promotionId);
  takes.usage.sort((x, y) => x.promotionId - y.promotionId);
  takes.redeem.sort((x, y) => x.couponId - y.couponId);
  return takes;
}

function orderNo(now: Date): string {
  const d = now.toISOString().replace(/\D/g, "").slice(0, 14);
  return `D${d}${String(randomInt(1_000_000_000)).padStart(9, "0")}`;
}

/** A stored order as the API shows it. */
export interface CheckoutResult {
  orderId: number;
  orderNo: string;
  quote: QuoteResult;
}

/**
 * Checkout: prices the cart, then in one transaction takes promo stock, budgets, coupon issue
 * counts, per-customer usage and coupons (conditional updates, promotions by id, then
 * usage, then coupons) and stores the paid order with its frozen per-line split. A counter
 * that would overflow rolls everything back with `409 sold_out`.
 */
export async function checkout(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor | null,
  cart: CartInput,
  now: Date,
): Promise<CheckoutResult> {
  const priced = await priceCart(db, shop, cart, now);
  const r = priced.result;
  if (r.status !== "ok") {
    const f = r.refusal!;
    const p = priced.promotions.get(f.promoId);
    if (p && p.stock_limit !== null && p.stock_used >= p.stock_limit)
      throw soldOut(
        { promotion: p.id, counter: "stock" },
        `「${p.name}」活动库存已售罄`,
        `"${p.name}" promo stock is sold out`,
      );
    throw overLimit(
      `${f.sku} 超出活动限购，最多可按活动价购买 ${f.allowedQty} 件`,
      `${f.sku} is over the promotion's limit; at most ${f.allowedQty} at the promotion price`,
      f,
    );
  }
  const takes = takesOf(priced);
  const lines: NewOrderLine[] = r.lines.map((l) => {
    const s = priced.skus.get(l.sku)!;
    return {
      line_no: l.index + 1,
      sku_id: s.id,
      sku_code: l.sku,
      title: s.title,
      unit_price_fen: l.listPriceFen,
      quantity: l.qty,
      list_fen: l.listAmountFen,
      discount_fen: Math.max(0, l.listAmountFen - l.payableFen),
      payable_fen: l.payableFen,
      shares: l.shares,
      platform_fen: l.platformFundedFen,
      gift_cost_fen: l.giftCostFen,
      merchant_net_fen: l.merchantNetFen,
      is_gift: false,
    };
  });
  r.gifts.forEach((g, i) => {
    lines.push({
      line_no: r.lines.length + i + 1,
      sku_id: priced.skus.get(g.sku)?.id ?? null,
      sku_code: g.sku,
      title: `赠品 ${g.sku}`,
      unit_price_fen: 0,
      quantity: g.qty,
      list_fen: 0,
      discount_fen: 0,
      payable_fen: 0,
      shares: { gift: { promoId: g.promoId, costFen: g.costFen } },
      platform_fen: 0,
      gift_cost_fen: 0,
      merchant_net_fen: 0,
      is_gift: true,
    });
  });
  const no = orderNo(now);
  const orderId = await db.transaction().execute(async (tx) => {
    const id = await insertOrder(
      tx,
      shop.id,
      {
        order_no: no,
        customer_id: priced.customerId,
        list_fen: r.totals.listFen,
        discount_fen: r.totals.discountFen,
        shipping_fen: r.totals.shippingPaidFen,
        payable_fen: r.totals.totalFen,
        paid_fen: r.totals.cashFen,
        at: now,
        lines,
      },
      takes.rows,
    );
    if (priced.customerId !== null)
      await countPaidOrder(tx, shop.id, priced.customerId, r.totals.cashFen, now);
    if (actor)
      await recordAudit(tx, {
        shopId: shop.id,
        userId: actor.id,
        action: "order.checkout",
        entity: "order",
        entityId: id,
        after: {
          orderNo: no,
          totalFen: r.totals.totalFen,
          promotions: takes.rows.map((x) => x.engine_id),
        },
      });
    // Contended counters last: their row locks are held only until the commit right after.
    for (const t of takes.promotions) {
      const fail = await takeFromPromotion(tx, shop.id, t);
      if (fail) {
        const p = [...priced.promotions.values()].find((x) => x.id === t.promotionId)!;
        const isCoupon = p.is_coupon;
        throw soldOut(
          isCoupon ? { coupon: p.id, counter: fail } : { promotion: p.id, counter: fail },
          fail === "budget"
            ? `「${p.name}」预算已用完，请重新下单`
            : isCoupon
              ? `优惠券「${p.name}」已抢光`
              : `「${p.name}」活动库存已售罄`,
          fail === "budget"
            ? `"${p.name}" has used up its budget; please order again`
            : isCoupon
              ? `Coupon "${p.name}" is sold out`
              : `"${p.name}" promo stock is sold out`,
        );
      }
    }
    for (const u of takes.usage) {
      const ok = await takeCustomerUsage(tx, shop.id, { ...u, customerId: priced.customerId! });
      if (!ok) {
        const p = [...priced.promotions.values()].find((x) => x.id === u.promotionId)!;
        throw soldOut(
          { promotion: p.id, counter: "customer_limit" },
          `「${p.name}」已达每人限购`,
          `"${p.name}" per-customer limit reached`,
        );
      }
    }
    for (const c of takes.redeem) {
      const ok = await redeemCoupon(tx, shop.id, c.couponId, id, now);
      if (!ok)
        throw soldOut(
          { coupon: c.promotionId, counter: "coupon_used" },
          "优惠券已被使用",
          "The coupon has already been used",
        );
    }
    if (takes.claimAtCheckout.length > 0) {
      await insertCoupons(
        tx,
        shop.id,
        takes.claimAtCheckout.map((t) => ({
          promotion_id: t.id,
          customer_id: priced.customerId!,
          code: randomCode(12),
          status: "redeemed" as const,
          source: "checkout" as const,
          valid_from: null,
          valid_until: null,
          issued_at: now,
          redeemed_at: now,
          order_id: id,
        })),
      );
    }
    return id;
  });
  return { orderId, orderNo: no, quote: r };
}

export const RefundRequest = z.strictObject({
  lines: z
    .array(z.strictObject({ lineNo: z.number().int().min(1), qty: z.number().int().min(1) }))
    .min(1),
  policy: z.enum(["keep", "clawback"]).default("keep"),
  giftOnRefund: z.enum(["return", "deduct"]).default("return"),
  reason: z.string().max(500).default(""),
});
export type RefundRequest = z.infer<typeof RefundRequest>;

/**
 * Refunds units of an order from its frozen split (never re-spread), records the refund,
 * the after-sales rows and the lines' and order's refunded figures, and gives back the promo
 * stock and per-customer units the refunded units had taken (never more than was taken).
 */
export async function refundOrder(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  orderId: number,
  req: RefundRequest,
  now: Date,
): Promise<{ refundId: number; refund: RefundResult }> {
  if (actor.role === "analyst")
    throw new AppError("forbidden", "当前角色不能退款", "Your role cannot refund orders");
  return db.transaction().execute(async (tx) => {
    const o = await loadOrder(tx, shop.id, orderId, true);
    if (!o) throw notFound("订单", "Order", "id");
    const priced = o.lines.filter((l) => !l.is_gift);
    const previous = await listRefunds(tx, shop.id, orderId);
    const frozen = {
      status: "ok" as const,
      otherShopsAmountFen: 0,
      lines: priced.map((l, i) => ({
        index: i,
        sku: l.sku_code ?? `line${l.line_no}`,
        qty: l.quantity,
        payableFen: l.payable_fen,
        shares: Array.isArray(l.shares) ? l.shares : [],
      })),
      applied: o.promotions.map((p) => ({
        promoId: p.engine_id,
        tierIndex: p.tier_index,
        gifts: p.gifts,
        rule: p.rule,
      })),
    };
    const indexOf = new Map(priced.map((l, i) => [l.line_no, i]));
    const want = req.lines.map((l, i) => {
      const idx = indexOf.get(l.lineNo);
      if (idx === undefined)
        throw new AppError(
          "invalid_input",
          `订单没有第 ${l.lineNo} 行`,
          `The order has no line ${l.lineNo}`,
          `lines.${i}.lineNo`,
        );
      return { line: idx, qty: l.qty };
    });
    const parsed = RefundInputSchema.safeParse({
      order: frozen,
      refund: want,
      previousRefunds: previous.map((p) => p.lines),
      policy: req.policy,
      giftOnRefund: req.giftOnRefund,
    });
    if (!parsed.success) {
      const msg = parsed.error.issues[0]?.message ?? "invalid";
      const [zh, en] = msg.includes(" / ") ? msg.split(" / ") : [msg, msg];
      throw new AppError("invalid_input", `退款无效：${zh}`, `Invalid refund: ${en}`, "lines");
    }
    const result = refund(parsed.data);
    const refundId = await recordRefund(tx, shop.id, {
      orderId,
      policy: req.policy,
      lines: want,
      result,
      refundFen: result.refundFen,
      reason: req.reason,
      userId: actor.id,
      at: now,
      perLine: result.lines.map((l) => ({
        lineId: priced[l.line]!.id,
        qty: l.qty,
        refundFen: Math.max(0, l.refundFen),
      })),
      customerId: o.order.customer_id,
    });
    // Give back promo stock and per-customer units for refunded units at a promotion price.
    for (const p of o.promotions) {
      if (p.units <= 0 || p.promotion_id === null) continue;
      let back = 0;
      for (const rl of result.lines) {
        const line = priced[rl.line]!;
        const shares = Array.isArray(line.shares)
          ? (line.shares as { promoId: string; amountFen: number }[])
          : [];
        const s = shares.find((x) => x.promoId === p.engine_id);
        if (!s) continue;
        const atPromo = itemUnits(
          p.rule as Promotion,
          { sku: line.sku_code ?? "", listPriceFen: line.unit_price_fen },
          s.amountFen,
        );
        const refundedBefore = line.refunded_qty;
        // Units refunded r+1 … r+n; the promotion's units come first in the line.
        back += Math.max(
          0,
          Math.min(atPromo, refundedBefore + rl.qty) - Math.min(atPromo, refundedBefore),
        );
      }
      await releaseUnits(tx, shop.id, p.promotion_id, o.order.customer_id, Math.min(back, p.units));
    }
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "order.refund",
      entity: "order",
      entityId: orderId,
      after: { refundId, policy: req.policy, lines: req.lines, refundFen: result.refundFen },
      reason: req.reason || null,
    });
    return { refundId, refund: result };
  });
}
