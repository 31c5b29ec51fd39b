/**
 * Worst-case guard: for each SKU, the lowest merchant net per unit after fees over the carts
 * a campaign allows, with one cart that reaches it. Carts are enumerated where the minimum
 * can sit: every instant where the live set changes, every kind of customer the promotions
 * distinguish, every usable coupon subset (one per slot), quantities at group multiples and
 * threshold boundaries, filler to land the basis exactly on each threshold, and the other
 * shops' amount landing a cross-shop basis on each tier or step. Each cart is priced by
 * `quote` itself, so the figure is what the engine would really charge.
 */
import { z } from "zod";
import { bp, fen, idString, platformShareOf } from "./common.ts";
import { compile, evaluate, unitPriceOf } from "./engine.ts";
import { type Fraction, type FractionJson, frac, fracCmp, fracToJson } from "./money.ts";
import { buildResult } from "./quote.ts";
import {
  type CartLine,
  type Customer,
  type Promotion,
  PromotionSchema,
  type QuoteInput,
  StateSchema,
  uniqueIds,
} from "./schema.ts";

export const WorstCaseSkuSchema = z.strictObject({
  sku: idString(),
  categoryId: idString().optional(),
  listPriceFen: fen(),
  costFen: fen(),
  floorFen: fen().optional(),
});

export const WorstCaseInputSchema = z
  .strictObject({
    skus: z.array(WorstCaseSkuSchema).min(1),
    promotions: z.array(PromotionSchema).default([]),
    state: StateSchema.default({}),
    shippingFeeFen: fen().default(0),
    settings: z
      .strictObject({
        thresholdBasis: z.enum(["afterItemLevel", "cumulative"]).default("afterItemLevel"),
        feeRateBp: bp().default(0),
      })
      .default({ thresholdBasis: "afterItemLevel", feeRateBp: 0 }),
  })
  .superRefine((v, ctx) => {
    uniqueIds(v.promotions, ctx, ["promotions"]);
    uniqueIds(
      v.skus.map((s) => ({ id: s.sku })),
      ctx,
      ["skus"],
    );
  });
export type WorstCaseInput = z.infer<typeof WorstCaseInputSchema>;
export type WorstCaseInputRaw = z.input<typeof WorstCaseInputSchema>;

/** The cart that reaches a SKU's worst case. */
export interface WorstCart {
  now: string;
  customer: Customer;
  lines: CartLine[];
  /** Coupons the buyer holds in this cart (other coupons absent). */
  coupons: string[];
  otherShopsAmountFen: number;
  applied: string[];
  /** The line of the SKU reaching the worst case, its units, payable, platform-funded part and gift cost. */
  line: number;
  qty: number;
  payableFen: number;
  platformFundedFen: number;
  giftCostFen: number;
}

export interface WorstCaseSku {
  sku: string;
  listPriceFen: number;
  costFen: number;
  floorFen: number;
  worstNetPerUnit: FractionJson;
  belowFloor: boolean;
  cart: WorstCart;
}

export interface WorstCaseResult {
  feeRateBp: number;
  skus: WorstCaseSku[];
  violations: { sku: string; floorFen: number; worstNetPerUnit: FractionJson }[];
  cartsPriced: number;
}

interface Filler {
  sku: string;
  cat: string | undefined;
  list: number;
  unit: number;
}

const COUPONS = new Set(["itemCoupon", "shopCoupon", "platformCoupon"]);
const FAR_PAST = "2000-01-01T00:00:00.000Z";

function covers(p: Promotion, sku: string, cat: string | undefined): boolean {
  const s = p.scope;
  if (s?.excludeSkus?.includes(sku)) return false;
  if (cat !== undefined && s?.excludeCategories?.includes(cat)) return false;
  if ("prices" in p && p.prices && p.prices[sku] === undefined) return false;
  if (p.kind === "bundle" && !p.skus.includes(sku)) return false;
  if (!s || s.all) return true;
  if (!s.skus?.length && !s.categories?.length) return true;
  return (
    (s.skus?.includes(sku) ?? false) ||
    (cat !== undefined && (s.categories?.includes(cat) ?? false))
  );
}

function thresholdsOf(p: Promotion): number[] {
  switch (p.kind) {
    case "manJian":
    case "manZhe":
      return p.tiers.map((t) => t.thresholdFen);
    case "manSong":
    case "jiaJiaGou":
    case "freeShipping":
      return [p.thresholdFen];
    case "meiManJian": {
      const k =
        p.capFen !== undefined && p.discountFen > 0 ? Math.ceil(p.capFen / p.discountFen) : 3;
      return Array.from({ length: Math.min(Math.max(k, 1), 5) }, (_, i) => (i + 1) * p.stepFen);
    }
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon":
      return [p.thresholdFen];
    case "crossShop":
      return p.tiers ? p.tiers.map((t) => t.thresholdFen) : [p.stepFen!];
    default:
      return [];
  }
}

/** Amounts where a rate reaches its cap ("just under a cap"). */
function capPoints(p: Promotion): number[] {
  if (
    (p.kind === "shopCoupon" || p.kind === "platformCoupon" || p.kind === "itemCoupon") &&
    p.rateBp !== undefined
  ) {
    if (p.capFen === undefined || p.rateBp >= 10_000) return [];
    const a = (p.capFen * 10_000) / (10_000 - p.rateBp);
    return [Math.floor(a), Math.ceil(a)];
  }
  return [];
}

function groupSizes(p: Promotion): number[] {
  switch (p.kind) {
    case "buyNGetM":
      return [p.buyQty + p.freeQty];
    case "nForX":
    case "nAtRate":
      return [p.qty];
    case "secondItem":
      return [2];
    case "moreForSame":
      return [p.perQty];
    default:
      return [];
  }
}

/**
 * Lowest merchant net per unit after fees for every SKU, exact, with the cart reaching it.
 * @example
 * worstCase(WorstCaseInputSchema.parse({ skus: [{ sku: "A", listPriceFen: 10000, costFen: 6000 }], promotions: [] }))
 *   .skus[0].worstNetPerUnit // { num: 10000, den: 1, approxFen: 10000 }
 */
export function worstCase(input: WorstCaseInput): WorstCaseResult {
  const fee = input.settings.feeRateBp;
  const promos = input.promotions;
  const bySku = new Map(input.skus.map((s) => [s.sku, s]));
  let cartsPriced = 0;

  // instants where the live set changes
  const bounds = new Set<number>();
  for (const p of promos) {
    if (p.start !== undefined) bounds.add(Date.parse(p.start));
    if (p.end !== undefined) bounds.add(Date.parse(p.end));
  }
  const sortedBounds = [...bounds].sort((a, b) => a - b);
  const instants: number[] =
    sortedBounds.length === 0 ? [Date.parse(FAR_PAST)] : [sortedBounds[0]! - 1, ...sortedBounds];

  const out: WorstCaseSku[] = [];
  for (const s of input.skus) {
    const rel = promos.filter(
      (p) => covers(p, s.sku, s.categoryId) || (p.kind === "jiaJiaGou" && p.redeemSku === s.sku),
    );
    const relCoupons = rel.filter((p) => COUPONS.has(p.kind));
    const autos = promos.filter((p) => !COUPONS.has(p.kind));
    const groupPromos = promos.filter((p) => groupSizes(p).length > 0 || p.kind === "bundle");
    // live sets at each instant, deduplicated over the relevant promotions
    const liveKey = (t: number, p: Promotion) =>
      (p.start === undefined || Date.parse(p.start) <= t) &&
      (p.end === undefined || t < Date.parse(p.end));
    const seenLive = new Set<string>();
    const myInstants: number[] = [];
    for (const t of instants) {
      const key = rel.map((p) => (liveKey(t, p) ? "1" : "0")).join("");
      if (seenLive.has(key)) continue;
      seenLive.add(key);
      if (key.includes("1") || myInstants.length === 0) myInstants.push(t);
    }
    // customer kinds the relevant promotions distinguish
    const needMember = rel.some((p) => p.kind === "memberPrice" || p.customer?.memberOnly);
    const needNew = rel.some((p) => p.customer?.newCustomerOnly);
    const tags = [...new Set(rel.flatMap((p) => p.customer?.tagsAny ?? []))];
    const tagSets: string[][] = [[]];
    if (tags.length > 0) {
      if (tags.length <= 3) {
        for (let m = 1; m < 1 << tags.length; m++)
          tagSets.push(tags.filter((_, i) => m & (1 << i)));
      } else {
        for (const t of tags) tagSets.push([t]);
        tagSets.push(tags);
      }
    }
    const customers: Customer[] = [];
    for (const member of needMember ? [false, true] : [false])
      for (const newCustomer of needNew ? [false, true] : [false])
        for (const t of tagSets) customers.push({ member, newCustomer, tags: t });
    // wallets: at most one coupon per slot (item coupons on this SKU, shop, platform)
    // a coupon dominated by another of its slot with the same scope, customer and window (lower
    // or equal threshold, at least the discount, funded no more by the platform) never gives a
    // lower net: whenever it applies the other applies too and takes more off
    type Coupon = Extract<Promotion, { kind: "shopCoupon" | "platformCoupon" | "itemCoupon" }>;
    const sameFrame = (o: Coupon, c: Coupon) =>
      JSON.stringify([o.scope, o.customer, o.start, o.end, o.excludes, o.budgetFen]) ===
      JSON.stringify([c.scope, c.customer, c.start, c.end, c.excludes, c.budgetFen]);
    const dominated = (c: Coupon) =>
      (relCoupons as Coupon[]).some(
        (o) =>
          o !== c &&
          o.kind === c.kind &&
          o.amountFen !== undefined &&
          c.amountFen !== undefined &&
          o.thresholdFen <= c.thresholdFen &&
          o.amountFen >= c.amountFen &&
          (o.thresholdFen < c.thresholdFen || o.amountFen > c.amountFen || o.id < c.id) &&
          platformShareOf(o as never) <= platformShareOf(c as never) &&
          sameFrame(o, c),
      );
    // a fixed-amount coupon the platform funds in full leaves the merchant's net unchanged (its
    // threshold is on the after-item-level basis, it comes last): it need not be held
    const neutral = (c: Coupon) =>
      input.settings.thresholdBasis === "afterItemLevel" &&
      c.kind === "platformCoupon" &&
      c.amountFen !== undefined &&
      platformShareOf(c) === 10_000;
    const useful = (relCoupons as Coupon[]).filter((c) => !dominated(c) && !neutral(c));
    const slot = (k: string): (Promotion | undefined)[] => [
      undefined,
      ...useful.filter((c) => c.kind === k),
    ];
    const wallets: Promotion[][] = [];
    for (const a of slot("itemCoupon"))
      for (const b of slot("shopCoupon"))
        for (const c of slot("platformCoupon"))
          wallets.push([a, b, c].filter((x): x is Promotion => x !== undefined));

    let best: { net: Fraction; cart: WorstCart } | undefined;
    const price = (
      nowMs: number,
      customer: Customer,
      wallet: Promotion[],
      lines: CartLine[],
      other: number,
      xLine: number,
    ) => {
      const qi: QuoteInput = {
        now: new Date(nowMs).toISOString(),
        customer,
        lines,
        // promotions that cover no line of this cart cannot apply to it
        promotions: [
          ...autos.filter((p) =>
            lines.some(
              (l) =>
                covers(p, l.sku, l.categoryId) || (p.kind === "jiaJiaGou" && p.redeemSku === l.sku),
            ),
          ),
          ...wallet,
        ],
        state: input.state,
        shippingFeeFen: input.shippingFeeFen,
        otherShopsAmountFen: other,
        redPacketFen: 0,
        settings: {
          thresholdBasis: input.settings.thresholdBasis,
          feeRateBp: fee,
          giftOnRefund: "return",
        },
      };
      cartsPriced++;
      const ev = evaluate(compile(qi));
      if (!ev.plan) return undefined;
      const r = buildResult(ev);
      void xLine;
      for (const l of r.lines) {
        if (l.sku !== s.sku) continue;
        const net = frac(
          BigInt(l.payableFen + l.platformFundedFen) * BigInt(10_000 - fee) -
            BigInt(l.giftCostFen) * 10_000n,
          10_000n * BigInt(l.qty),
        );
        if (!best || fracCmp(net, best.net) < 0)
          best = {
            net,
            cart: {
              now: qi.now,
              customer,
              lines,
              coupons: wallet.map((w) => w.id),
              otherShopsAmountFen: other,
              applied: r.applied.map((a) => a.promoId),
              line: l.index,
              qty: l.qty,
              payableFen: l.payableFen,
              platformFundedFen: l.platformFundedFen,
              giftCostFen: l.giftCostFen,
            },
          };
      }
      return r;
    };

    for (const t of myInstants) {
      const live = rel.filter((p) => liveKey(t, p));
      // lowest item-level unit price of this SKU now (an estimate for sizing carts)
      const unitLow = (sku: string, list: number) => {
        let u = list;
        for (const p of promos)
          if (liveKey(t, p) && covers(p, sku, bySku.get(sku)?.categoryId)) {
            const v = unitPriceOf(p, sku, list);
            if (v !== undefined && v < u) u = v;
          }
        return Math.max(1, u);
      };
      const ux = unitLow(s.sku, s.listPriceFen);
      const thresholds = new Set<number>();
      const crossTargets = new Set<number>();
      const qtys = new Set<number>([1, 2, 3, 4]);
      for (const p of live) {
        for (const g of groupSizes(p)) {
          qtys.add(g);
          qtys.add(2 * g);
        }
        if (p.kind === "bundle") qtys.add(1);
        for (const th of [...thresholdsOf(p), ...capPoints(p)]) {
          if (th <= 0) continue;
          if (p.kind === "crossShop") crossTargets.add(th);
          else thresholds.add(th);
          if (s.listPriceFen > 0) {
            qtys.add(Math.max(1, Math.ceil(th / ux)));
            qtys.add(Math.max(1, Math.ceil(th / Math.max(1, s.listPriceFen))));
          }
        }
      }
      const qList = [...qtys]
        .filter((q) => q <= 10_000)
        .sort((a, b) => a - b)
        .slice(0, 16);
      // fillers: for each threshold promotion, the cheapest other SKU it covers, and the
      // cheapest that no group promotion touches (its price does not move with quantity)
      const fillerCache = new Map<string, Filler[]>();
      const fillersFor = (p: Promotion): Filler[] => {
        const hit = fillerCache.get(p.id);
        if (hit) return hit;
        let cheapest: Filler | undefined;
        let plain: Filler | undefined;
        for (const y of input.skus) {
          if (y.sku === s.sku || !covers(p, y.sku, y.categoryId) || y.listPriceFen === 0) continue;
          const u = unitLow(y.sku, y.listPriceFen);
          const f = { sku: y.sku, cat: y.categoryId, list: y.listPriceFen, unit: u };
          if (!cheapest || u < cheapest.unit) cheapest = f;
          if (
            (!plain || u < plain.unit) &&
            !groupPromos.some((g) => covers(g, y.sku, y.categoryId))
          )
            plain = f;
        }
        const res = [cheapest, plain].filter(
          (f, i, a): f is Filler => f !== undefined && a.indexOf(f) === i,
        );
        fillerCache.set(p.id, res);
        return res;
      };
      const carts: {
        lines: CartLine[];
        other: number;
        xLine: number;
        target?: string;
        filler?: { unit: number };
      }[] = [];
      const xLineOf = (q: number, addOn: boolean): CartLine => ({
        sku: s.sku,
        ...(s.categoryId !== undefined ? { categoryId: s.categoryId } : {}),
        listPriceFen: s.listPriceFen,
        qty: q,
        ...(addOn ? { addOn: true } : {}),
      });
      const thresholdPromos = live.filter(
        (p) => thresholdsOf(p).length > 0 && p.kind !== "crossShop",
      );
      for (const q of qList) {
        const base = q * ux;
        carts.push({ lines: [xLineOf(q, false)], other: 0, xLine: 0 });
        for (const ct of crossTargets)
          if (ct > base) carts.push({ lines: [xLineOf(q, false)], other: ct - base, xLine: 0 });
        for (const p of thresholdPromos) {
          for (const y of fillersFor(p)) {
            for (const th of thresholdsOf(p)) {
              if (th <= base) continue;
              for (const m of new Set([
                Math.ceil((th - base) / y.unit),
                Math.ceil((th - q * s.listPriceFen) / y.list),
              ])) {
                if (m <= 0 || m > 10_000) continue;
                const lines: CartLine[] = [
                  xLineOf(q, false),
                  {
                    sku: y.sku,
                    ...(y.cat !== undefined ? { categoryId: y.cat } : {}),
                    listPriceFen: y.list,
                    qty: m,
                  },
                ];
                carts.push({ lines, other: 0, xLine: 0, target: p.id, filler: { unit: y.unit } });
                for (const ct of crossTargets) {
                  const b = base + m * y.unit;
                  if (ct > b) carts.push({ lines, other: ct - b, xLine: 0 });
                }
              }
            }
          }
        }
      }
      // mixed with other SKUs of the same group promotion (dearer partners raise this SKU's share)
      for (const p of live) {
        const sizes = groupSizes(p);
        if (p.kind === "bundle") {
          const others = p.skus.filter((k) => k !== s.sku).map((k) => bySku.get(k));
          if (others.every((o) => o !== undefined))
            carts.push({
              lines: [
                xLineOf(1, false),
                ...others.map((o) => ({
                  sku: o!.sku,
                  ...(o!.categoryId !== undefined ? { categoryId: o!.categoryId } : {}),
                  listPriceFen: o!.listPriceFen,
                  qty: 1,
                })),
              ],
              other: 0,
              xLine: 0,
            });
          continue;
        }
        if (sizes.length === 0) continue;
        let dear: (typeof input.skus)[number] | undefined;
        let cheap: (typeof input.skus)[number] | undefined;
        for (const y of input.skus) {
          if (y.sku === s.sku || !covers(p, y.sku, y.categoryId)) continue;
          if (!dear || y.listPriceFen > dear.listPriceFen) dear = y;
          if (!cheap || y.listPriceFen < cheap.listPriceFen) cheap = y;
        }
        for (const y of new Set([dear, cheap])) {
          if (!y) continue;
          for (const g of sizes)
            for (const total of [g, 2 * g])
              for (let q = 1; q < total && q <= 8; q++)
                carts.push({
                  lines: [
                    xLineOf(q, false),
                    {
                      sku: y.sku,
                      ...(y.categoryId !== undefined ? { categoryId: y.categoryId } : {}),
                      listPriceFen: y.listPriceFen,
                      qty: total - q,
                    },
                  ],
                  other: 0,
                  xLine: 0,
                });
        }
      }
      // as a 加价购 redemption
      for (const p of live)
        if (p.kind === "jiaJiaGou" && p.redeemSku === s.sku) {
          for (const y of fillersFor(p)) {
            const m = Math.max(1, Math.ceil(p.thresholdFen / y.unit));
            carts.push({
              lines: [
                {
                  sku: y.sku,
                  ...(y.cat !== undefined ? { categoryId: y.cat } : {}),
                  listPriceFen: y.list,
                  qty: m,
                },
                xLineOf(p.maxQty, true),
              ],
              other: 0,
              xLine: 1,
              target: p.id,
              filler: { unit: y.unit },
            });
          }
        }
      // the SKU split over two lines: ties in a split go to the earlier line, a fen apart
      for (const c of [...carts]) {
        const x = c.lines[c.xLine]!;
        if (x.qty < 2 || x.addOn) continue;
        const lines = [...c.lines];
        lines.splice(c.xLine, 1, { ...x, qty: 1 }, { ...x, qty: x.qty - 1 });
        carts.push({ ...c, lines });
      }
      const seenCart = new Set<string>();
      for (const c of carts) {
        const key = JSON.stringify(c);
        if (seenCart.has(key)) continue;
        seenCart.add(key);
        const seenWallet = new Set<string>();
        for (const customer of customers)
          for (const w of wallets) {
            // coupons this cart cannot reach are the same as no coupon
            const most = c.lines.reduce((a, l) => a + l.listPriceFen * l.qty, 0);
            const wl = w.filter(
              (x) => liveKey(t, x) && (!("thresholdFen" in x) || x.thresholdFen <= most),
            );
            const wkey = `${customers.indexOf(customer)}|${wl.map((x) => x.id).join(",")}`;
            if (seenWallet.has(wkey)) continue;
            seenWallet.add(wkey);
            let lines = c.lines;
            for (let iter = 0; iter < 4; iter++) {
              const r = price(t, customer, wl, lines, c.other, c.xLine);
              if (!r || !c.target || !c.filler) break;
              const miss = r.notApplied.find(
                (n) => n.promoId === c.target && n.reason === "threshold_not_met",
              );
              if (!miss?.shortfallFen) break;
              const fi = c.xLine === 0 ? 1 : 0;
              const f = lines[fi]!;
              lines = lines.map((l, i) =>
                i === fi
                  ? {
                      ...f,
                      qty: f.qty + Math.max(1, Math.ceil(miss.shortfallFen! / c.filler!.unit)),
                    }
                  : l,
              );
            }
          }
      }
    }
    if (!best) {
      // no cart priced (all refused): the list price stands
      const net = frac(BigInt(s.listPriceFen) * BigInt(10_000 - fee), 10_000n);
      best = {
        net,
        cart: {
          now: FAR_PAST,
          customer: { member: false, newCustomer: false, tags: [] },
          lines: [xLineOf1(s)],
          coupons: [],
          otherShopsAmountFen: 0,
          applied: [],
          line: 0,
          qty: 1,
          payableFen: s.listPriceFen,
          platformFundedFen: 0,
          giftCostFen: 0,
        },
      };
    }
    const floor = s.floorFen ?? s.costFen;
    out.push({
      sku: s.sku,
      listPriceFen: s.listPriceFen,
      costFen: s.costFen,
      floorFen: floor,
      worstNetPerUnit: fracToJson(best.net),
      belowFloor: fracCmp(best.net, frac(BigInt(floor), 1n)) < 0,
      cart: best.cart,
    });
  }
  return {
    feeRateBp: fee,
    skus: out,
    violations: out
      .filter((s) => s.belowFloor)
      .map((s) => ({ sku: s.sku, floorFen: s.floorFen, worstNetPerUnit: s.worstNetPerUnit })),
    cartsPriced,
  };
}

function xLineOf1(s: { sku: string; listPriceFen: number }): CartLine {
  return { sku: s.sku, listPriceFen: s.listPriceFen, qty: 1 };
}
