/**
 * The analytic lower bound behind the worst-case guard: for each SKU, a figure no cart the
 * campaign allows can take one of its units below. The argument is in README.md ("Worst-case
 * guard"); in short, every level is a monotone step on the line's amount that takes off at
 * most a known share of it, the lowest unit price is reached with one unit on its own line,
 * and the steps are evaluated once per SKU with the largest share any option can take.
 */
import { platformShareOf } from "./common.ts";
import { LEVEL_OF, scopeCovers, unitPriceOf } from "./engine.ts";
import { isLimited } from "./mechanics/limits.ts";
import { BP, rateDiscount } from "./money.ts";
import type { Promotion } from "./schema.ts";
import {
  type JointCorner,
  type JointResult,
  jointCalculator,
  type Reach,
  type Tail,
} from "./worst-case-joint.ts";

/** Bases the catalogue can make are listed up to this many fen, over at most so many prices. */
const REACH_MAX = 400_000;
const REACH_PRICES = 16384;
/** The most steps spent listing the sums of one set of prices (`nextSums`). */
const REACH_WORK = 32_000_000;
const REACH_STEPS = 64;
/** The most line amounts the rounding argument at one basis looks through. */
const REACH_LINES = 20_000;

/**
 * Per basis x ≤ top, the least sum of the prices (each any number of times, 0 for none) at or
 * above x; top + 1 where there is none up to top. Undefined where working it out would take
 * more than REACH_WORK steps.
 *
 * The sums are found per residue modulo the least price m (round robin, Böcker and Lipták): the
 * least sum in each class, a price at a time, in k·m steps for k prices; x is a sum exactly
 * when it is no less than its class's least. Where k·top is smaller, a table up to top does it.
 */
export function nextSums(prices: readonly number[], top: number): Int32Array | undefined {
  const can = new Uint8Array(top + 1);
  can[0] = 1;
  const ps = [...new Set(prices)].filter((p) => p > 0).sort((a, b) => a - b);
  const m = ps[0];
  if (m !== undefined && m <= top) {
    if (ps.length * Math.min(m, top) > REACH_WORK) return undefined;
    if (top <= m) {
      for (const p of ps) for (let x = p; x <= top; x++) if (can[x - p] === 1) can[x] = 1;
    } else {
      const least = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
      least[0] = 0;
      for (const a of ps) {
        const r = a % m;
        if (r === 0) continue;
        const d = gcd(a, m);
        const len = m / d;
        for (let p = 0; p < d; p++) {
          // the class's cycle p, p + a, p + 2a, … (mod m), walked once from its least
          let n = p;
          let q = p;
          for (let j = 1; j < len; j++) {
            q += r;
            if (q >= m) q -= m;
            if (least[q]! < least[n]!) n = q;
          }
          if (least[n] === Number.POSITIVE_INFINITY) continue;
          for (let j = 0; j < len; j++) {
            let n2 = n + r;
            if (n2 >= m) n2 -= m;
            const v = least[n]! + a;
            if (v < least[n2]!) least[n2] = v;
            n = n2;
          }
        }
      }
      for (let x = 1, q = 1 % m; x <= top; x++) {
        if (least[q]! <= x) can[x] = 1;
        if (++q === m) q = 0;
      }
    }
  }
  const next = new Int32Array(top + 1);
  let n = top + 1;
  for (let x = top; x >= 0; x--) {
    if (can[x] === 1) n = x;
    next[x] = n;
  }
  return next;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The least sum at or above x (any basis above the list's top counts as one). */
export function nextSum(next: Int32Array, x0: number, top: number): number {
  const x = Math.ceil(x0);
  if (x <= 0) return 0;
  if (x > top) return x;
  const n = next[x]!;
  return n > top ? top + 1 : n;
}

/** A SKU as the guard sees it. */
export interface BoundSku {
  sku: string;
  categoryId?: string | undefined;
  listPriceFen: number;
}

/** Which option of each level gives the bound (ids; undefined: none). */
export interface BoundChoice {
  item?: string | undefined;
  group?: string | undefined;
  itemCoupon?: string | undefined;
  shop?: string | undefined;
  shopCoupon?: string | undefined;
  crossShop?: string | undefined;
  platformCoupon?: string | undefined;
  deposit?: string | undefined;
  /** 加价购 whose redemption price is the bound. */
  addOn?: string | undefined;
}

export interface SkuBound {
  /** Lower bound of (payable + platform-funded) × (10000 − fee) − gift cost × 10000, per unit, over 10000. */
  num: bigint;
  den: bigint;
  /** Lowest item-level unit price. */
  unitFen: number;
  /** Lower bound of the line's threshold basis (after item, group and item-coupon levels), one unit. */
  basisFen: number;
  choice: BoundChoice;
  /** Where the joint-basis bound gives the figure: the bases a witness cart should land on. */
  joint?: JointCorner | undefined;
  /** With `joint`: the options of the per-level bound (a witness may start from them too). */
  levelChoice?: BoundChoice | undefined;
}

/** ⌈a·b/c⌉ for integers a, b ≥ 0 and c > 0, exact. */
export function ceilMulDiv(a: number, b: number, c: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p) && Number.isSafeInteger(p + c)) {
    // the float quotient is off by at most one either way
    let q = Math.ceil(p / c);
    if (q * c < p) q++;
    else if (q > 0 && (q - 1) * c >= p) q--;
    return q;
  }
  const big = BigInt(a) * BigInt(b);
  const cc = BigInt(c);
  return Number((big + cc - 1n) / cc);
}

/** A rate n/d in [0, 1]. */
interface Ratio {
  n: number;
  d: number;
}
const ZERO: Ratio = { n: 0, d: 1 };
const ONE: Ratio = { n: 1, d: 1 };
const gt = (a: Ratio, b: Ratio) => BigInt(a.n) * BigInt(b.d) > BigInt(b.n) * BigInt(a.d);
const clamp01 = (r: Ratio): Ratio => (r.n <= 0 ? ZERO : r.n >= r.d ? ONE : r);
const toNum = (r: Ratio) => r.n / r.d;

/** The share of a line at amount `a` a discount of at most `r` of its lines' amount can take. */
const ratioShare = (a: number, r: Ratio) => Math.min(a, ceilMulDiv(a, r.n, r.d));

/**
 * The largest c·σ − round(c·σ) over every discount c, in bp (so the platform part of c is at
 * least (c·σ − δ) / 10000): a residue scan, cached per σ.
 */
const deltaCache = new Map<number, number>();
export function platformRoundingSlack(sigma: number): number {
  let d = deltaCache.get(sigma);
  if (d === undefined) {
    d = Number.NEGATIVE_INFINITY;
    for (let c = 1; c <= BP; c++) d = Math.max(d, ((c * sigma + 5000) % BP) - 5000);
    deltaCache.set(sigma, d);
  }
  return d;
}

/** What the merchant loses of a share `s` when the platform funds `sigma` bp of the discount. */
export function merchantLoss(s: number, sigma: number): number {
  if (sigma <= 0 || s === 0) return s;
  if (sigma >= BP) return 0;
  // the platform part P = round(D·σ) ≥ (D·σ − δ)/10000 (δ: platformRoundingSlack), split by
  // the shares by largest remainder: the line gets at least ⌊P·s/D⌋ ≥ ⌊(s·σ − δ⁺)/10000⌋ (s ≤ D).
  // This is below s·(1 − σ) + 1½, and subadditive in s.
  const part = Math.floor((s * sigma - Math.max(0, platformRoundingSlack(sigma))) / BP);
  return s - Math.max(0, part);
}

/** Halvings of a group promotion's range of ρ in the joint bound (the figure's interval is 2^−depth of it). */
const GROUP_DEPTH = 10;
/** At most this many N件X元 set counts taken one by one in the joint bound. */
const SETS_MAX = 12;

/** π as n / PI_DEN: a lower bound of (amount just before) / (threshold basis) over a promotion's lines. */
const PI_DEN = 1 << 20;

/** Share of a fixed `d` off at threshold `t`, on a line at `a`, lines' amount ≥ max(a, π·t). */
function amountShare(a: number, d: number, t: number, pi: number): number {
  let s = Math.min(a, d);
  if (t > 0 && pi > 0 && a * PI_DEN < pi * t) s = Math.min(s, ceilMulDiv(d * a, PI_DEN, pi * t));
  return s;
}

/** Share of a rate `r` (bp) with an optional cap on a line at `a`. */
function rateShare(a: number, r: number, cap: number | undefined): number {
  let s = Math.min(a, Math.ceil((a * (BP - r) + 5000) / BP));
  if (cap !== undefined) s = Math.min(s, cap);
  return s;
}

/** Every-full: `d` per full `step`, optional cap. */
function everyFullShare(a: number, d: number, step: number, cap: number | undefined, pi: number) {
  let s = a;
  if (cap !== undefined) s = Math.min(s, cap);
  if (pi > 0) s = Math.min(s, ceilMulDiv(d * a, PI_DEN, pi * step));
  return s;
}

/**
 * Cross-shop: this shop carries round(ρ·basis) at most (ρ = d/t), spread over lines at least
 * π·basis and at least this line: the line's share is below ρ·a/π + ½. A tier also gives at
 * most `d` in all (`every` false); an every-full offer gives `d` per full step.
 */
function crossTierShare(a: number, d: number, t: number, pi: number, every: boolean): number {
  let s = every ? a : Math.min(a, d);
  if (t > 0 && pi > 0) {
    const num = 2n * BigInt(d) * BigInt(a) * BigInt(PI_DEN) + BigInt(t) * BigInt(pi);
    const den = 2n * BigInt(t) * BigInt(pi);
    s = Math.min(s, Number((num + den - 1n) / den));
  }
  return s;
}

type Coupon = Extract<Promotion, { kind: "itemCoupon" | "shopCoupon" | "platformCoupon" }>;

function couponShare(p: Coupon, a: number, pi: number): number {
  if (p.amountFen !== undefined) return amountShare(a, p.amountFen, p.thresholdFen, pi);
  return rateShare(a, p.rateBp ?? BP, p.capFen);
}

/**
 * An item coupon's share of a line worth `a` when the lines holding it are worth at least `all`
 * before it: largest remainder gives the line at most ⌈D·a/all⌉, D at most the coupon's amount
 * (its lines then worth at least its threshold too) or its cap.
 */
function spreadCouponShare(p: Coupon, a: number, all: number): number {
  const own = couponShare(p, a, PI_DEN);
  if (all <= 0) return own;
  if (p.amountFen !== undefined)
    return Math.min(own, amountShare(a, p.amountFen, Math.max(p.thresholdFen, all), PI_DEN));
  if (p.capFen !== undefined) return Math.min(own, ceilMulDiv(p.capFen, a, all));
  return own;
}

/** Upper bound of a coupon's discount over the threshold basis of its lines (for π). */
function couponRatio(p: Coupon, pi: number): number {
  if (p.amountFen !== undefined) {
    if (p.amountFen === 0) return 0;
    if (p.thresholdFen === 0 || pi <= 0) return 1;
    return Math.min(1, (p.amountFen * PI_DEN) / (p.thresholdFen * pi));
  }
  return Math.min(1, rateRatioMax(p.rateBp ?? BP, Math.floor((p.thresholdFen * pi) / PI_DEN)));
}

/**
 * The largest (a − round(a·r)) / a over amounts a ≥ `from`: scanned exactly over 2,000
 * amounts, beyond them at most (1 − r) + ½ / a.
 */
function rateRatioMax(r: number, from: number): number {
  const a0 = Math.max(1, from);
  let best = 0;
  for (let a = a0; a < a0 + 2000; a++) best = Math.max(best, rateDiscount(a, r) / a);
  return Math.max(best, (BP - r) / BP + 0.5 / (a0 + 2000));
}

/** The largest round(d·b / t) / b over b ≥ 1: scanned over 2,000 amounts, beyond at most d/t + ½ / b. */
function halfUpRatioMax(d: number, t: number): number {
  let best = 0;
  for (let b = 1; b <= 2000; b++) best = Math.max(best, Math.floor((2 * d * b + t) / (2 * t)) / b);
  return Math.max(best, d / t + 0.5 / 2001);
}

/**
 * A group promotion as the joint bound sees it (README, "Group promotions in the joint bound"):
 * the largest share `rhoMax` its discount can be of its participants' item-level amount, and
 * `others(ρ, u, uHi)`, the least the participants other than one unit at `u` are worth at item
 * level when the discount is ρ of them all, whatever price up to `uHi` the unit takes (its own
 * lowest and highest). A unit's share of the discount is then at most ⌈ρ·u⌉ and the other
 * participants are left with at least others·(1 − ρ) − 1.
 */
export interface GroupFront {
  id: string;
  rhoMax: number;
  others: (rho: number, u: number, uHi: number) => number;
  /**
   * `rhoMax` exactly, and `others` there (an integer): the equal units' point, without float
   * slack (`others` is a float rounded down where it is not an integer).
   */
  top: Ratio;
  othersTop: (u: number, uHi: number) => number;
  /**
   * The item coupon covering every SKU the promotion covers, where it is the only one touching
   * any of them: in the cart it holds the unit's partners too, and splits its discount over
   * them all.
   */
  coupons?: ReadonlySet<string>;
  /**
   * Every shop-level offer covers all of the SKUs the promotion covers or none: a unit's
   * partners then share its class at the shop level, so whatever offer holds the unit holds them.
   */
  together?: boolean;
  /**
   * The least all participants are worth after it when the discount is at least ρ of them
   * (N件X元: X per set that takes something off, at least as many as ρ needs; else none).
   */
  after?: (rho: number, u: number, uHi: number) => number;
  /**
   * N件X元: the ρ past which the least its participants are worth after it (`after`) grows
   * (`cuts`, for up to K sets taking something off), and the carts of m sets with every partner
   * at the dearest (`point`): the joint bound starts from those intervals and points.
   */
  sets?: {
    cuts: (K: number, u: number, uHi: number) => number[];
    point: (m: number, uHi: number) => { top: Ratio; others: number } | undefined;
    x: number;
  };
}

function frontOf(
  p: Promotion,
  r: Ratio,
  cov: readonly BoundSku[],
  cand: ReadonlyMap<string, { min: number }>,
  /** N件X元: the dearest price a unit it covers can take (default: the dearest list price). */
  dearFen?: number,
): GroupFront | undefined {
  if (cov.length === 0) return undefined;
  // no discount at all: a unit in it stands as one in none (its partners only add to the cart)
  if (r.n <= 0) return { id: p.id, rhoMax: 0, others: () => 0, top: ZERO, othersTop: () => 0 };
  let vmin = Number.POSITIVE_INFINITY;
  for (const s of cov) vmin = Math.min(vmin, cand.get(s.sku)!.min);
  const rho = up(toNum(r));
  switch (p.kind) {
    case "secondItem": {
      // D ≤ κ·(the pairs' cheaper units) ≤ κ·(the others): κ the largest rate per fen of a unit
      const k = up(2 * toNum(r));
      return {
        id: p.id,
        rhoMax: rho,
        others: (x, u) =>
          Math.max(vmin, x >= k ? Number.POSITIVE_INFINITY : low((x * u) / (k - x))),
        top: r,
        othersTop: (u) => Math.max(vmin, u),
      };
    }
    case "buyNGetM": {
      // the free units are the cheapest: D·(N + M − 1) ≤ M·(the others)
      const m = p.freeQty;
      const k = p.buyQty + p.freeQty - 1;
      return {
        id: p.id,
        rhoMax: up(m / (k + 1)),
        others: (x, u) =>
          Math.max(
            k * vmin,
            m - x * k <= 0 ? Number.POSITIVE_INFINITY : low((x * k * u) / (m - x * k)),
          ),
        top: { n: m, d: k + 1 },
        othersTop: (u) => k * Math.max(vmin, u),
      };
    }
    case "nForX": {
      // a set with a discount pays X: (1 − ρ)·(u + others) ≥ X. And the dearest units form the
      // sets, none dearer than `dear`: near ρmax = 1 − c (c = X/(N·dear)) only ever more sets
      // of the dearest reach, so u + others ≥ min(c·(dear − uHi), u·(1 − c)) / (ρmax − ρ)
      // (README, "Group promotions in the joint bound"); a unit cheaper than `dear` never
      // reaches ρmax itself
      let dear = 0;
      for (const s of cov) dear = Math.max(dear, s.listPriceFen);
      if (dearFen !== undefined) dear = dearFen;
      const X = p.priceFen;
      const N = p.qty;
      const topHi = up(toNum(r));
      const limit = (x: number, u: number, uHi: number) => {
        const gap = topHi - x;
        if (gap <= 0) return 0;
        const num = Math.min((X * Math.max(0, dear - uHi)) / (N * dear), u * (1 - X / (N * dear)));
        return num > 0 ? low(low(num) / gap - u) : 0;
      };
      // With m sets taking something off (worth more than X), ρ = D/Σ is at most
      // 1 − mX/(uHi + (mN − 1)·dear) where the unit is in one of them (`inside`), and
      // (mN·dear − mX)/(mN·dear + u) where it is in a set worth X or less, which pays all it is
      // worth (at least u + (N − 1)·vmin) and still shares the discount (`outside`)
      const inside = (m: number, uHi: number) => 1 - (m * X) / (uHi + (m * N - 1) * dear);
      const outside = (m: number, u: number) => 1 - (m * X + u) / (m * N * dear + u);
      // the least the participants are worth after it at ρ ≥ x > 0: X per set taking something
      // off, at least as many as ρ needs
      const afterAt = (x: number, u: number, uHi: number) => {
        let a = 1;
        while (a < 64 && up(inside(a, uHi)) < x) a++;
        let b = 1;
        while (b < 64 && up(outside(b, u)) < x) b++;
        return Math.min(a * X, b * X + u + (N - 1) * vmin);
      };
      return {
        id: p.id,
        rhoMax: rho,
        others: (x, u, uHi) =>
          Math.max(
            (p.qty - 1) * vmin,
            x > 0 && x < 1 ? low(p.priceFen / (1 - x) - u) : 0,
            x > 0 && x < 1 ? low(afterAt(x, u, uHi) / (1 - x) - uHi) : 0,
            x > 0 ? limit(x, u, uHi) : 0,
          ),
        // at ρ = 1 − X/(N·dearest): u + others = N·dearest, equal units at the dearest price
        top: r,
        othersTop: (u, uHi) =>
          uHi < dear ? Number.POSITIVE_INFINITY : Math.max((p.qty - 1) * vmin, r.d - u),
        after: (x, u, uHi) => (x > 0 ? afterAt(x, u, uHi) : 0),
        sets: {
          cuts: (K, u, uHi) => {
            const cs: number[] = [];
            for (let m = 1; m <= K; m++) cs.push(inside(m, uHi), outside(m, u));
            return cs.sort((p1, p2) => p1 - p2);
          },
          // m sets of the unit at uHi beside every partner at the dearest
          point: (m, uHi) => {
            const most = uHi + (m * N - 1) * dear;
            return most > m * X
              ? { top: { n: most - m * X, d: most }, others: (m * N - 1) * dear }
              : undefined;
          },
          x: X,
        },
      };
    }
    case "nAtRate":
      return {
        id: p.id,
        rhoMax: rho,
        others: () => (p.qty - 1) * vmin,
        top: r,
        othersTop: () => (p.qty - 1) * vmin,
      };
    default:
      return undefined;
  }
}

/** Whether a promotion's lines are every line of the cart (scope all, no exclusions). */
const fullScope = (p: Promotion) => {
  const s = p.scope;
  if (s?.excludeSkus?.length || s?.excludeCategories?.length) return false;
  return !s || s.all === true || ((s.skus?.length ?? 0) === 0 && (s.categories?.length ?? 0) === 0);
};

/** N件X元's largest rate when no unit it covers costs more than `dear`: 1 − X/(N·dear). */
const nForXRatio = (p: { qty: number; priceFen: number }, dear: number): Ratio => {
  const all = p.qty * dear;
  return all > 0 ? clamp01({ n: all - p.priceFen, d: all }) : ZERO;
};

/** Where a unit stands at item level for the joint bound over its group promotions. */
interface Scenario {
  /** Its price, and the dearest it can be in this scenario. */
  u: number;
  uHi: number;
  groups: GroupFront[];
}

/** Rounds a float lower bound down, safely. */
const low = (x: number) => x * (1 - 1e-12) - 1e-9;
/** Rounds a float rate bound up, safely. */
const up = (x: number) => Math.min(1, x * (1 + 1e-9) + 1e-12);
/** π from the sum of earlier rates: ⌊(1 − Σ)·PI_DEN⌋, never above the truth. */
const piOf = (sum: number) => Math.max(0, Math.floor((1 - sum) * PI_DEN - 1e-3));

/**
 * Which promotions cover which SKUs: per SKU and category, per promotion (by position), bit 1
 * when its scope covers the SKU, bit 2 when it is a 加价购 redeeming it; each pair judged once
 * (by category, then SKU: no key string to build per lookup). A class of the module rather
 * than closures made per campaign: the code calling it stays optimized from one campaign to
 * the next.
 */
export class CoverRows {
  private readonly byCat = new Map<string | undefined, Map<string, Uint8Array>>();
  private count = 0;
  private readonly index: Map<Promotion, number>;
  constructor(private readonly promos: readonly Promotion[]) {
    this.index = new Map(promos.map((p, i) => [p, i]));
  }
  /** The SKU's row. */
  of(sku: string, cat: string | undefined): Uint8Array {
    let bySku = this.byCat.get(cat);
    let row = bySku?.get(sku);
    if (!row) {
      const promos = this.promos;
      row = new Uint8Array(promos.length);
      for (let i = 0; i < promos.length; i++) {
        const p = promos[i]!;
        row[i] =
          (scopeCovers(p, sku, cat) ? 1 : 0) |
          (p.kind === "jiaJiaGou" && p.redeemSku === sku ? 2 : 0);
      }
      if (this.count >= 20_000) {
        this.byCat.clear();
        this.count = 0;
        bySku = undefined;
      }
      if (!bySku) {
        bySku = new Map();
        this.byCat.set(cat, bySku);
      }
      bySku.set(sku, row);
      this.count++;
    }
    return row;
  }
  /** Promotion `p`'s position in a row (it is one of the list). */
  indexOf(p: Promotion): number {
    return this.index.get(p)!;
  }
  /** Whether promotion `p` (one of the list) covers the SKU of `row`. */
  has(row: Uint8Array, p: Promotion): boolean {
    return (row[this.index.get(p)!]! & 1) !== 0;
  }
}

/**
 * Prepares the catalogue-wide figures (each SKU's possible unit prices, each group
 * promotion's largest rate, π per level) and returns the per-SKU bound.
 */
export function boundCalculator(
  skus: readonly BoundSku[],
  promos: readonly Promotion[],
  opts: {
    feeRateBp: number;
    cumulative: boolean;
    /** Which promotions cover which SKUs (the caller's, to share them; else made here). */
    rows?: CoverRows;
  },
): ((s: BoundSku) => SkuBound) & { fronts: ReadonlyMap<string, GroupFront> } {
  const fee = opts.feeRateBp;
  // whether a promotion covers a SKU, each pair judged once
  const rows = opts.rows ?? new CoverRows(promos);
  const item: Promotion[] = [];
  const group: Promotion[] = [];
  const itemCoupons: Coupon[] = [];
  const shop: Promotion[] = [];
  const shopCoupons: Coupon[] = [];
  const cross: Extract<Promotion, { kind: "crossShop" }>[] = [];
  const platform: Extract<Promotion, { kind: "platformCoupon" }>[] = [];
  const deposits: Extract<Promotion, { kind: "deposit" }>[] = [];
  const jjg: Extract<Promotion, { kind: "jiaJiaGou" }>[] = [];
  for (const p of promos) {
    switch (p.kind) {
      case "salePrice":
      case "memberPrice":
      case "timeDiscount":
      case "flashSale":
        item.push(p);
        break;
      case "bundle":
      case "buyNGetM":
      case "nForX":
      case "nAtRate":
      case "secondItem":
      case "moreForSame":
        group.push(p);
        break;
      case "itemCoupon":
        itemCoupons.push(p);
        break;
      case "manJian":
      case "meiManJian":
      case "manZhe":
      case "manSong":
        shop.push(p);
        break;
      case "jiaJiaGou":
        jjg.push(p);
        break;
      case "shopCoupon":
        shopCoupons.push(p);
        break;
      case "crossShop":
        cross.push(p);
        break;
      case "platformCoupon":
        platform.push(p);
        break;
      case "deposit":
        deposits.push(p);
        break;
      default:
        break; // free shipping joins no line
    }
  }

  // (The catalogue-wide loops below each run in a function of their own. This factory runs once
  // per check; with those loops in its own body V8 finds it hot, and compiles it whole, with
  // everything it inlines, again on each check: a third of a second of compiler time.)
  // each SKU's row, looked up once: the catalogue-wide loops below read them per promotion
  const skuRows = skus.map((s) => rows.of(s.sku, s.categoryId));
  const itemAt = item.map((p) => rows.indexOf(p));
  // every unit price a SKU can take at item level: its list price or one promotion's price
  const cand = new Map<string, { prices: { fen: number; id?: string }[]; min: number }>();
  const itemPrices = () => {
    for (let si = 0; si < skus.length; si++) {
      const s = skus[si]!;
      const row = skuRows[si]!;
      const prices: { fen: number; id?: string }[] = [{ fen: s.listPriceFen }];
      let min = s.listPriceFen;
      for (let pi = 0; pi < item.length; pi++) {
        const p = item[pi]!;
        if ((row[itemAt[pi]!]! & 1) === 0) continue;
        const u = unitPriceOf(p, s.sku, s.listPriceFen);
        if (u === undefined) continue;
        prices.push({ fen: u, id: p.id });
        if (u < min) min = u;
      }
      cand.set(s.sku, { prices, min });
    }
  };
  itemPrices();
  /** The SKUs a promotion covers, with their rows. */
  const coveredRows = (p: Promotion) => {
    const k = rows.indexOf(p);
    const cov: BoundSku[] = [];
    const rs: Uint8Array[] = [];
    for (let i = 0; i < skus.length; i++)
      if ((skuRows[i]![k]! & 1) !== 0) {
        cov.push(skus[i]!);
        rs.push(skuRows[i]!);
      }
    return { cov, rs };
  };
  const covered = (p: Promotion) => coveredRows(p).cov;

  // largest rate of each group promotion over the lines' item-level amount
  const groupRatio = new Map<string, Ratio>();
  const groupGift = new Map<string, { g: number; per: number; uMin: number }>();
  const fronts = new Map<string, GroupFront>();
  const groupFronts = () => {
    for (const p of group) {
      const { cov, rs } = coveredRows(p);
      let r: Ratio = ZERO;
      switch (p.kind) {
        case "buyNGetM":
          r = { n: p.freeQty, d: p.buyQty + p.freeQty };
          break;
        case "nForX": {
          let uMax = 0;
          for (const s of cov) uMax = Math.max(uMax, s.listPriceFen);
          r = nForXRatio(p, uMax);
          break;
        }
        case "nAtRate":
        case "secondItem":
          for (const s of cov)
            for (const { fen: u } of cand.get(s.sku)!.prices) {
              if (u <= 0) continue;
              const x = { n: rateDiscount(u, p.rateBp), d: p.kind === "secondItem" ? 2 * u : u };
              if (gt(x, r)) r = x;
            }
          break;
        case "bundle": {
          let sum = 0;
          let all = true;
          for (const k of p.skus) {
            const s = skus.find((y) => y.sku === k);
            if (!s) all = false;
            else sum += s.listPriceFen;
          }
          r = all && sum > 0 ? clamp01({ n: sum - p.priceFen, d: sum }) : ZERO;
          break;
        }
        case "moreForSame": {
          let uMin = Number.POSITIVE_INFINITY;
          for (const s of cov) uMin = Math.min(uMin, cand.get(s.sku)!.min);
          groupGift.set(p.id, { g: p.gift.costFen * p.gift.qty, per: p.perQty, uMin });
          break;
        }
        default:
          break;
      }
      groupRatio.set(p.id, r);
      const f = frontOf(p, r, cov, cand);
      if (f) {
        const all = (q: Promotion) => {
          const k = rows.indexOf(q);
          return rs.every((row) => (row[k]! & 1) !== 0);
        };
        // (only the one item coupon touching any of them: a line takes one item coupon, so with
        // another in the cart the partners may take that one and leave this one to the unit)
        const touching = itemCoupons.filter((q) => {
          const k = rows.indexOf(q);
          return rs.some((row) => (row[k]! & 1) !== 0);
        });
        f.coupons = new Set(touching.length === 1 && all(touching[0]!) ? [touching[0]!.id] : []);
        f.together = [...shop, ...jjg].every((q) => {
          const k = rows.indexOf(q);
          let n = 0;
          for (const row of rs) n += row[k]! & 1;
          return n === 0 || n === cov.length;
        });
        fronts.set(p.id, f);
      }
    }
  };
  groupFronts();

  // N件X元 beside an item-level promotion that prices every unit it covers (no stock, no limit):
  // a unit at that promotion's price means it is live for the whole cart, so each partner it
  // covers costs at most its price there. The dearest partner, and with it the top rate, can
  // then be lower than the list prices give (a 限时折扣 over the whole category, say)
  const refined = new Map<string, GroupFront>();
  const refineNForX = () => {
    for (const g of group) {
      const f = fronts.get(g.id);
      if (g.kind !== "nForX" || !f) continue;
      const cov = covered(g);
      let dearList = 0;
      for (const y of cov) dearList = Math.max(dearList, y.listPriceFen);
      for (const p of item) {
        if (isLimited(p)) continue;
        let dear = 0;
        for (const y of cov) {
          const u = scopeCovers(p, y.sku, y.categoryId)
            ? unitPriceOf(p, y.sku, y.listPriceFen)
            : undefined;
          dear = Math.max(dear, u === undefined ? y.listPriceFen : Math.min(u, y.listPriceFen));
        }
        if (dear >= dearList || dear <= 0) continue;
        const rf = frontOf(g, nForXRatio(g, dear), cov, cand, dear);
        if (!rf) continue;
        if (f.coupons) rf.coupons = f.coupons;
        if (f.together !== undefined) rf.together = f.together;
        refined.set(`${g.id}\u0000${p.id}`, rf);
      }
    }
  };
  refineNForX();

  // per SKU: the levels up to the threshold basis (item, group, item coupon), one unit
  const early = new Map<
    string,
    {
      u: number;
      basis: number;
      choice: BoundChoice;
      gift: number;
      groups: GroupFront[] | undefined;
      /**
       * Where the unit can stand at item level, for the joint bound over its group promotions:
       * at `u` (any price up to `uHi`) beside partners at most as dear as `groups` assume.
       */
      scenarios: Scenario[];
    }
  >();
  const groupAt = group.map((p) => rows.indexOf(p));
  const itemCouponAt = itemCoupons.map((p) => rows.indexOf(p));
  const earlyOfEachSku = () => {
    for (let si = 0; si < skus.length; si++) {
      const s = skus[si]!;
      const row = skuRows[si]!;
      const c = cand.get(s.sku)!;
      const u = c.min;
      const choice: BoundChoice = {};
      if (u < s.listPriceFen) choice.item = c.prices.find((x) => x.fen === u)?.id;
      let a = u;
      let best = u;
      let gift = 0;
      let groups: GroupFront[] | undefined = [];
      for (let gi = 0; gi < group.length; gi++) {
        const p = group[gi]!;
        if ((row[groupAt[gi]!]! & 1) === 0) continue;
        // (a group promotion without a frontier keeps the per-level ratio in the joint bound)
        const f = fronts.get(p.id);
        if (f) groups?.push(f);
        else groups = undefined;
        const after = u - ratioShare(u, groupRatio.get(p.id)!);
        if (after < best) {
          best = after;
          choice.group = p.id;
        }
        const gg = groupGift.get(p.id);
        if (gg) {
          // the gift of k sets spread by amount: this line's part < g·w / (per · cheapest unit)
          const g =
            gg.uMin > 0
              ? ceilMulDiv(gg.g, s.listPriceFen, gg.per * gg.uMin)
              : Number.MAX_SAFE_INTEGER;
          gift = Math.max(gift, g);
        }
      }
      a = best;
      best = a;
      for (let ci = 0; ci < itemCoupons.length; ci++) {
        const p = itemCoupons[ci]!;
        if ((row[itemCouponAt[ci]!]! & 1) === 0) continue;
        const after = a - couponShare(p, a, PI_DEN);
        if (after < best) {
          best = after;
          choice.itemCoupon = p.id;
        }
      }
      // the unit at a price of a promotion narrowing its N件X元 partners (a scenario of its own),
      // else at the lowest other price, partners up to their list prices
      const scenarios: Scenario[] = [];
      const g0 = groups;
      if (g0 && refined.size > 0) {
        let baseU = s.listPriceFen;
        for (const x of c.prices) {
          const alt: GroupFront[] =
            x.id === undefined ? g0 : g0.map((f) => refined.get(`${f.id}\u0000${x.id}`) ?? f);
          if (alt.every((f, i) => f === g0[i])) baseU = Math.min(baseU, x.fen);
          else scenarios.push({ u: x.fen, uHi: x.fen, groups: alt });
        }
        // (a scenario at a price not below the others' lowest is within theirs)
        const lower = scenarios.filter((x) => x.u < baseU);
        scenarios.length = 0;
        scenarios.push(...lower, { u: baseU, uHi: s.listPriceFen, groups: g0 });
      } else if (g0) scenarios.push({ u, uHi: s.listPriceFen, groups: g0 });
      early.set(s.sku, { u, basis: best, choice, gift, groups, scenarios });
    }
  };
  earlyOfEachSku();

  // π per level: what earlier order-level discounts can have taken off the lines of a later
  // one, relative to its threshold basis (1 with cumulative thresholds, or at level 3). A split
  // hands its leftover fen to the largest remainders, so lines outside a later promotion's lines
  // can push up to one fen each onto them; when the later promotion takes every line of the cart
  // (scope all) no such line exists, else each line of at least `minLine` fen
  // takes at most 1 / minLine more than its proportional part.
  let minLine = Number.POSITIVE_INFINITY;
  for (const e of early.values()) minLine = Math.min(minLine, e.basis);
  minLine = Math.max(1, minLine);
  // (cross-shop offers hold lines in precedence order, so one of scope all takes every line)
  const slackOf = (ps: readonly Promotion[]) => (ps.every(fullScope) ? 0 : 1 / minLine);
  let theta3 = 0;
  for (const p of shop) {
    let r = 0;
    if (p.kind === "manJian")
      for (const t of p.tiers)
        r = Math.max(
          r,
          t.thresholdFen === 0 ? (t.discountFen > 0 ? 1 : 0) : t.discountFen / t.thresholdFen,
        );
    else if (p.kind === "meiManJian") r = p.discountFen / p.stepFen;
    else if (p.kind === "manZhe")
      for (const t of p.tiers) r = Math.max(r, rateRatioMax(t.rateBp, t.thresholdFen));
    theta3 = Math.max(theta3, up(r));
  }
  const pi4 = opts.cumulative ? PI_DEN : piOf(theta3 + slackOf(shopCoupons));
  let theta4 = 0;
  for (const p of shopCoupons) theta4 = Math.max(theta4, up(couponRatio(p, pi4)));
  const pi5 = opts.cumulative ? PI_DEN : piOf(theta3 + theta4 + 2 * slackOf(cross));
  let theta5 = 0;
  for (const p of cross) {
    let r = 0;
    const tiers = p.tiers ?? [{ thresholdFen: p.stepFen!, discountFen: p.discountFen! }];
    // this shop carries round(ρ·basis) at most, over lines at least π·basis
    for (const t of tiers)
      r = Math.max(
        r,
        t.thresholdFen === 0 || pi5 === 0
          ? 1
          : (halfUpRatioMax(t.discountFen, t.thresholdFen) * PI_DEN) / pi5,
      );
    theta5 = Math.max(theta5, up(Math.min(1, r)));
  }
  const pi6 = opts.cumulative ? PI_DEN : piOf(theta3 + theta4 + theta5 + 3 * slackOf(platform));
  // shop coupons and cross-shop offers of scope all that leave SKUs out: the joint bound holds
  // for the SKUs they cover where they all cover the same ones and nothing else the bound
  // follows (shop-level, 加价购, group promotions) touches the others
  let excluding = false;
  const offers = [...shopCoupons, ...cross];
  if (
    offers.length > 0 &&
    offers.every((p) => {
      const sc = p.scope;
      return !sc || sc.all === true || (!sc.skus?.length && !sc.categories?.length);
    }) &&
    offers.some((p) => p.scope?.excludeSkus?.length || p.scope?.excludeCategories?.length)
  ) {
    const ks = offers.map((p) => rows.indexOf(p));
    const touch = [...shop, ...jjg, ...group].map((p) => rows.indexOf(p));
    excluding = skuRows.every((r) => {
      const on = r[ks[0]!]! & 1;
      if (ks.some((k) => (r[k]! & 1) !== on)) return false;
      return on === 1 || touch.every((k) => (r[k]! & 3) === 0);
    });
  }

  // per shop-level offer, the one item coupon touching any SKU it covers, when that coupon
  // covers every one of them: a line of the offer holding the coupon then shares it with every
  // other line the offer holds (each takes at most one coupon, and no other can take it)
  const soleCoupon = new Map<string, Coupon>();
  if (itemCoupons.length > 0)
    for (const p of shop) {
      const { rs } = coveredRows(p);
      const touching = itemCoupons.filter((c) => {
        const k = rows.indexOf(c);
        return rs.some((row) => (row[k]! & 1) !== 0);
      });
      const c = touching[0];
      if (touching.length !== 1 || !c) continue;
      const k = rows.indexOf(c);
      if (rs.every((row) => (row[k]! & 1) !== 0)) soleCoupon.set(p.id, c);
    }

  // the largest threshold past which no tier or coupon opens (every-full steps aside): the
  // N件X元 set counts up to it are taken one by one in the joint bound
  let thresholdTop = 0;
  for (const p of [...shop, ...shopCoupons, ...cross, ...platform]) {
    const ts =
      "tiers" in p && p.tiers
        ? p.tiers.map((t) => t.thresholdFen)
        : "thresholdFen" in p
          ? [p.thresholdFen]
          : [];
    for (const t of ts) thresholdTop = Math.max(thresholdTop, t);
  }
  const joint = jointCalculator(promos, {
    cumulative: opts.cumulative,
    excluding,
    top: thresholdTop,
    skus: skus.length,
  });

  // Bases the catalogue can make (README, joint bound step 7). A unit of a SKU no group,
  // item-coupon or deposit promotion covers, and no 加价购 redeems, is worth its list price or
  // one of its item-level prices in every cart; where every SKU a set of lines may hold is such
  // a SKU, their basis is a sum of those amounts, and a basis between two such sums is never
  // reached. Sums are listed up to `reachTop` (past every threshold and step, by a list price);
  // any basis above it counts as reachable, and so does every basis of a set holding another
  // SKU or more than REACH_PRICES amounts.
  let reachTop = thresholdTop;
  for (const p of shop)
    if (p.kind === "meiManJian" && p.capFen !== undefined && p.discountFen > 0)
      reachTop = Math.max(reachTop, Math.ceil(p.capFen / p.discountFen) * p.stepFen);
  let listTop = 0;
  for (const y of skus) listTop = Math.max(listTop, y.listPriceFen);
  reachTop = Math.min(REACH_MAX, reachTop + listTop);
  /**
   * A SKU's possible unit amounts at the threshold basis: its list price and the prices of the
   * item-level promotions covering it (each unit takes one of them, whatever the window, the
   * customer or the limits), or undefined where a group, item-coupon or deposit promotion
   * covers it or a 加价购 redeems it.
   */
  const unitValues = (sku: string, list: number, row: Uint8Array): number[] | undefined => {
    const vs = [list];
    for (let k = 0; k < row.length; k++) {
      if ((row[k]! & 2) !== 0) return undefined;
      if ((row[k]! & 1) === 0) continue;
      const p = promos[k]!;
      const level = LEVEL_OF[p.kind];
      if (level === "group" || level === "itemCoupon" || level === "deposit") return undefined;
      if (level !== "item") continue;
      const v = unitPriceOf(p, sku, list);
      if (v !== undefined && v < list && !vs.includes(v)) vs.push(v);
    }
    return vs;
  };
  const valuesAt: (number[] | null | undefined)[] = new Array(skus.length);
  const valuesOfAt = (i: number) => {
    let v = valuesAt[i];
    if (v === undefined) {
      v = unitValues(skus[i]!.sku, skus[i]!.listPriceFen, skuRows[i]!) ?? null;
      valuesAt[i] = v;
    }
    return v;
  };
  const sumsCache = new Map<string, Int32Array | undefined>();
  const byPrices = new Map<string, Int32Array>();
  /** The sums of the unit amounts of the SKUs at positions `at` (or of all), or undefined where not known. */
  const sumsOf = (key: string, at: ((i: number) => boolean) | undefined) => {
    if (sumsCache.has(key)) return sumsCache.get(key);
    const prices = new Set<number>();
    let ok = true;
    for (let i = 0; i < skus.length && ok; i++) {
      if (at && !at(i)) continue;
      const vs = valuesOfAt(i);
      if (!vs) ok = false;
      else for (const v of vs) if (v > 0) prices.add(v);
      if (prices.size > REACH_PRICES) ok = false;
    }
    let r: Int32Array | undefined;
    if (ok) {
      const ps = [...prices].sort((a, b) => a - b);
      const pk = ps.join(",");
      r = byPrices.get(pk);
      if (!r) {
        r = nextSums(ps, reachTop);
        if (r) byPrices.set(pk, r);
      }
    }
    sumsCache.set(key, r);
    return r;
  };
  // the least positive unit amount of the catalogue (where `sumsOf("")` is known)
  let leastUnit: number | undefined;
  const unitOfAll = () => {
    if (leastUnit === undefined) {
      leastUnit = Number.POSITIVE_INFINITY;
      for (let i = 0; i < skus.length; i++)
        for (const v of valuesOfAt(i) ?? []) if (v > 0 && v < leastUnit) leastUnit = v;
    }
    return leastUnit;
  };
  // the one shop-level offer, where it holds every line the coupons and cross-shop offers split
  // over (it covers exactly the SKUs they cover, or every SKU where there are none)
  const soleShop = shop.length === 1 ? shop[0] : undefined;
  const soleAt = (() => {
    if (!soleShop) return undefined;
    const k = rows.indexOf(soleShop);
    const ko = offers.length > 0 ? rows.indexOf(offers[0]!) : -1;
    return skuRows.every((r) => ((r[k]! & 1) !== 0) === (ko < 0 || (r[ko]! & 1) !== 0))
      ? k
      : undefined;
  })();
  // every amount a line of a SKU the sole offer covers can be worth at the threshold basis
  // (units of one SKU, each at one of its unit amounts), up to the dearest list price, where
  // there are at most REACH_LINES. (A line the offer does not cover is in no split it and the
  // coupons make: the SKU nets there what it nets without that line.)
  let lineAmounts: Int32Array | null | undefined;
  let lineGcd = 0;
  const lineAmountsOf = (): Int32Array | undefined => {
    if (lineAmounts === undefined) {
      const out = new Set<number>();
      const done = new Set<string>();
      for (let i = 0; i < skus.length && out.size <= REACH_LINES; i++) {
        if (soleAt !== undefined && (skuRows[i]![soleAt]! & 1) === 0) continue;
        const vs = valuesOfAt(i);
        if (!vs) {
          lineAmounts = null;
          return undefined;
        }
        const key = vs.join(",");
        if (done.has(key)) continue;
        done.add(key);
        let front = [0];
        const mine = new Set<number>();
        while (front.length > 0 && mine.size <= REACH_LINES) {
          const next: number[] = [];
          for (const x of front)
            for (const v of vs) {
              const t = x + v;
              if (v > 0 && t <= listTop && !mine.has(t)) {
                mine.add(t);
                next.push(t);
              }
            }
          front = next;
        }
        for (const t of mine) out.add(t);
      }
      lineAmounts =
        out.size <= REACH_LINES ? Int32Array.from([...out].sort((x, y) => x - y)) : null;
      for (const v of lineAmounts ?? []) lineGcd = gcd(v, lineGcd);
      lineGcd = Math.max(1, lineGcd);
    }
    return lineAmounts ?? undefined;
  };
  const reachOf = (s: BoundSku, row: Uint8Array): Reach | undefined => {
    const own = unitValues(s.sku, s.listPriceFen, row);
    if (!own || own.some((v) => v <= 0)) return undefined;
    const all = sumsOf("", undefined);
    const ofShop = (id: string) => {
      const k = rows.indexOf(byIdAll.get(id)!);
      return sumsOf(id, (i) => (skuRows[i]![k]! & 1) !== 0);
    };
    // one unit of the SKU (at any of its amounts) and any sum of the set's unit amounts
    const least = (r: Int32Array, x: number) => {
      let best = Number.POSITIVE_INFINITY;
      for (const w of own) best = Math.min(best, w + nextSum(r, Math.max(0, x - w), reachTop));
      return best;
    };
    // a cart: the SKU's unit and any sum of the catalogue's (the SKU among them)
    const b = (x: number) => (all ? least(all, x) : x);
    return {
      b,
      // (a line worth 0 takes no part of a discount, so no remainder)
      unit: all ? unitOfAll() : undefined,
      makes: all ? (x) => nextSum(all, x, reachTop) === x : undefined,
      lineAmounts: all ? lineAmountsOf() : undefined,
      lineGcd: lineGcd,
      dearest: Math.max(...own),
      sole: soleAt === undefined ? undefined : soleShop?.id,
      // P's lines: the SKU's unit and any sum of the SKUs P covers (the SKU among them)
      g: (id, x) => {
        const r = ofShop(id);
        return r ? least(r, x) : x;
      },
      // P's lines worth some g ≥ bg of those sums, and any sum of the catalogue's beside them:
      // each such g in turn (at most REACH_STEPS; past them, or past the list's top, the least
      // cart basis of all stands in, which is no larger)
      bIn: (id, bg, x) => {
        const r = ofShop(id);
        if (!r || !all) return b(x);
        let best = Number.POSITIVE_INFINITY;
        let g = bg;
        for (let n = 0; n < REACH_STEPS; n++) {
          if (g >= x) return Math.min(best, g);
          best = Math.min(best, g + nextSum(all, x - g, reachTop));
          if (g > reachTop) break;
          g = least(r, g + 1);
        }
        return Math.min(best, b(x));
      },
    };
  };
  const byIdAll = new Map(promos.map((p) => [p.id, p]));

  // what item coupons can take off a group promotion's other participants worth `x`
  const couponsOff = (x: number) => {
    let off = 0;
    for (const p of itemCoupons)
      off +=
        p.amountFen ?? Math.min(p.capFen ?? x, Math.ceil((x * (BP - (p.rateBp ?? BP))) / BP) + 1);
    return off;
  };
  /**
   * The joint bound over where one unit of the SKU stands at the group level: in no group
   * promotion (its item-level price), or in one with a share ρ of that promotion's discount,
   * its other participants then making the cart worth at least so much more. ρ is searched by
   * halving intervals, each bounded by its largest ρ and its least other participants.
   */
  const jointOver = (
    s: BoundSku,
    e: {
      u: number;
      basis: number;
      gift: number;
      groups: GroupFront[] | undefined;
      scenarios: readonly Scenario[];
    },
    covers: (p: Promotion) => boolean,
    tail: Tail,
    /** The per-level figure: the larger bound is kept, so a joint one at or below it ends the search. */
    level: bigint,
  ): JointResult | undefined => {
    const at = joint?.jointBound(
      { covers, listPriceFen: s.listPriceFen, reach: reachOf(s, rows.of(s.sku, s.categoryId)) },
      fee,
      e.gift,
      tail,
    );
    if (!at) return undefined;
    // the line's least amount where shop-level option P holds lines worth at least `basis`: `a`,
    // or more where P's sole item coupon is the line's: its discount is then split over lines
    // worth at least `basis` before it (`pre`: the line before the coupon)
    const diluted = (pre: number, a: number) =>
      soleCoupon.size === 0
        ? undefined
        : (pid: string, basis: number) => {
            const c = soleCoupon.get(pid);
            if (!c || !covers(c)) return a;
            return Math.max(a, pre - spreadCouponShare(c, pre, basis));
          };
    // (a group promotion without a frontier: its per-level ratio is in e.basis, no dilution)
    if (!e.groups) return at(e.basis);
    // the unit's line after an item coupon; one covering the partners of group `f` too (worth
    // at least `rest` after the group level) splits its discount over them all
    const couponed = (a: number, f?: GroupFront, rest = 0) => {
      let best = a;
      for (const p of itemCoupons) {
        if (!covers(p)) continue;
        const sh =
          rest > 0 && f?.coupons?.has(p.id) && a > 0
            ? spreadCouponShare(p, a, a + rest)
            : couponShare(p, a, PI_DEN);
        best = Math.min(best, a - sh);
      }
      return best;
    };
    let j: JointResult | undefined;
    const cut = () => (j ? Number(j.num) : Number.POSITIVE_INFINITY);
    // the scenario under way: the unit at `u` (any price up to `uHi`)
    let u = 0;
    let uHi = 0;
    // A unit whose share of g's discount is ρ ≤ r2, the others worth at least `others`
    // (taken at ρ ≥ r1): its share is at most ⌈r2·u⌉ and the others are left with more than
    // others·(1 − r2) − 1 (each line gets the floor or ceiling of its part), so at least
    // ⌊others·(1 − r2)⌋. At the top, ρmax and the others' worth there are exact; inside,
    // floats rounded the safe way. Only figures below the lowest so far are wanted.
    const box = (f: GroupFront, r1: number, r2: number) => {
      const { n, d } = f.top;
      const top = r2 === f.rhoMax;
      const share = top ? ceilMulDiv(u, n, d) : Math.ceil(r2 * u * (1 + 1e-12));
      const others = r1 === f.rhoMax ? f.othersTop(u, uHi) : f.others(r1, u, uHi);
      // (no share that large: nothing to bound)
      if (!Number.isFinite(others)) return undefined;
      let rest = Math.max(
        0,
        top && Number.isInteger(others)
          ? Math.floor((others * (d - n)) / d)
          : Math.floor(others * (1 - r2) * (1 - 1e-12)),
      );
      // all participants worth at least so much after it, the unit at most uHi·(1 − r1) + 1
      if (f.after && !top)
        rest = Math.max(rest, f.after(r1, u, uHi) - Math.floor(uHi * (1 - r1) * (1 + 1e-12)) - 1);
      const pre = u - Math.min(u, share);
      const a = couponed(pre, f, rest);
      // the line before the shop level: at most uHi·(1 − r1) + 1 (its share of the discount is
      // at least ⌊ρ·u⌋), the amount a shop-level gift's cost is shared on
      const giftA = Math.floor(s.listPriceFen * (1 - r1) * (1 + 1e-12)) + 1;
      const x = at(
        a,
        Math.max(0, rest - couponsOff(rest)),
        cut(),
        giftA,
        f.together === true,
        diluted(pre, a),
      );
      return x && { ...x, corner: { ...x.corner, group: f.id } };
    };
    const open: { f: GroupFront; r1: number; r2: number; depth: number; x: JointResult }[] = [];
    const push = (f: GroupFront, r1: number, r2: number, depth: number) => {
      const x = box(f, r1, r2);
      if (x) open.push({ f, r1, r2, depth, x });
    };
    // the lowest figure over where the unit can stand at item level (a later scenario's
    // intervals above the lowest so far are cut at once)
    for (const sc of e.scenarios) {
      u = sc.u;
      uHi = sc.uHi;
      const groups = sc.groups.filter((f) => f.rhoMax > 0);
      // a group's worth of equal units first (a cart reaches it, and it is usually the lowest,
      // so what follows is mostly cut at once), then the unit in no group promotion
      for (const f of groups) j = box(f, f.rhoMax, f.rhoMax) ?? j;
      const a0 = couponed(u);
      j = at(a0, 0, cut(), undefined, false, diluted(u, a0)) ?? j;
      // then intervals of ρ, halved best first: the interval whose figure is lowest is split
      // next, so the first one reached at the last depth is the figure (every interval still
      // open bounds its own shares no lower) and only intervals below it are ever split
      if (j && j.num <= level) return j;
      open.length = 0;
      for (const f of groups) {
        if (!f.sets) {
          push(f, 0, f.rhoMax, 0);
          continue;
        }
        // N件X元: first the carts of m sets with every partner at the dearest, then the intervals
        // between the ρ past which more sets take something off (each needing one more X)
        const K = Math.min(SETS_MAX, Math.max(2, Math.ceil(thresholdTop / f.sets.x) + 1));
        for (let m = 1; m <= K; m++) {
          const pt = f.sets.point(m, uHi);
          if (!pt) continue;
          const rm = toNum(pt.top);
          if (rm < f.rhoMax)
            j = box({ ...f, rhoMax: rm, top: pt.top, othersTop: () => pt.others }, rm, rm) ?? j;
        }
        let r1 = 0;
        for (const r2 of f.sets.cuts(K, u, uHi)) {
          if (r2 <= r1 || r2 >= f.rhoMax) continue;
          push(f, r1, r2, 0);
          r1 = r2;
        }
        push(f, r1, f.rhoMax, 0);
      }
      while (open.length > 0) {
        let bi = 0;
        for (let i = 1; i < open.length; i++) if (open[i]!.x.num < open[bi]!.x.num) bi = i;
        const o = open[bi]!;
        open[bi] = open[open.length - 1]!;
        open.pop();
        if (o.depth === GROUP_DEPTH || o.x.num <= level) {
          j = o.x;
          break;
        }
        const mid = (o.r1 + o.r2) / 2;
        push(o.f, mid, o.r2, o.depth + 1);
        push(o.f, o.r1, mid, o.depth + 1);
      }
      if (j && j.num <= level) return j;
    }
    return j;
  };

  const boundOf = (s: BoundSku): SkuBound => {
    const e = early.get(s.sku) ?? {
      u: s.listPriceFen,
      basis: s.listPriceFen,
      choice: {},
      gift: 0,
      groups: [],
      scenarios: [{ u: s.listPriceFen, uHi: s.listPriceFen, groups: [] }],
    };
    const row = rows.of(s.sku, s.categoryId);
    const covers = (p: Promotion) => rows.has(row, p);
    const myShopCoupons = shopCoupons.filter(covers);
    const myCross = cross.filter(covers);
    const myPlatform = platform.filter(covers);
    let depositMax = 0;
    let depositId: string | undefined;
    for (const p of deposits)
      if (covers(p) && p.creditFen - p.depositFen > depositMax) {
        depositMax = p.creditFen - p.depositFen;
        depositId = p.id;
      }
    // the levels after the shop level, each the lowest over its options
    const tail = (a0: number) => {
      const ch: BoundChoice = {};
      let a = a0;
      let best = a;
      for (const p of myShopCoupons) {
        const after = a - couponShare(p, a, pi4);
        if (after < best) {
          best = after;
          ch.shopCoupon = p.id;
        }
      }
      a = best;
      for (const p of myCross) {
        const tiers = p.tiers ?? [{ thresholdFen: p.stepFen!, discountFen: p.discountFen! }];
        let sh = 0;
        if (p.tiers)
          for (const t of tiers)
            sh = Math.max(sh, crossTierShare(a, t.discountFen, t.thresholdFen, pi5, false));
        else {
          sh = crossTierShare(a, p.discountFen!, p.stepFen!, pi5, true);
          if (p.capFen !== undefined) sh = Math.min(sh, p.capFen);
        }
        const after = a - merchantLoss(sh, platformShareOf(p));
        if (after < best) {
          best = after;
          ch.crossShop = p.id;
        }
      }
      a = best;
      for (const p of myPlatform) {
        const after = a - merchantLoss(couponShare(p, a, pi6), platformShareOf(p));
        if (after < best) {
          best = after;
          ch.platformCoupon = p.id;
        }
      }
      a = best;
      if (depositMax > 0) {
        a = Math.max(0, a - depositMax);
        ch.deposit = depositId;
      }
      return { a, ch };
    };
    // the shop level: one option per line, each with its own gift
    const options: { id?: string; after: number; gift: number }[] = [{ after: e.basis, gift: 0 }];
    const b = e.basis;
    const giftShare = (g: number, t: number) =>
      g === 0 ? 0 : t === 0 ? g : Math.min(g, ceilMulDiv(g, s.listPriceFen, t));
    const giftSum = (gs: readonly { costFen: number; qty: number }[] | undefined) =>
      (gs ?? []).reduce((x, y) => x + y.costFen * y.qty, 0);
    for (const p of shop) {
      if (!covers(p)) continue;
      let sh = 0;
      let gift = 0;
      if (p.kind === "manJian")
        for (const t of p.tiers) {
          sh = Math.max(sh, amountShare(b, t.discountFen, t.thresholdFen, PI_DEN));
          gift = Math.max(gift, giftShare(giftSum(t.gifts), t.thresholdFen));
        }
      else if (p.kind === "meiManJian")
        sh = everyFullShare(b, p.discountFen, p.stepFen, p.capFen, PI_DEN);
      else if (p.kind === "manZhe")
        for (const t of p.tiers) {
          sh = Math.max(sh, rateShare(b, t.rateBp, undefined));
          gift = Math.max(gift, giftShare(giftSum(t.gifts), t.thresholdFen));
        }
      else if (p.kind === "manSong") gift = giftShare(giftSum(p.gifts), p.thresholdFen);
      options.push({ id: p.id, after: b - sh, gift });
    }
    let best:
      | { num: bigint; choice: BoundChoice; joint?: JointCorner; levelChoice?: BoundChoice }
      | undefined;
    for (const o of options) {
      const t = tail(o.after);
      const num = BigInt(t.a) * BigInt(BP - fee) - BigInt(o.gift + e.gift) * BigInt(BP);
      if (!best || num < best.num) best = { num, choice: { ...e.choice, shop: o.id, ...t.ch } };
    }
    // both bounds hold for a line of the SKU: the larger is kept
    // (a fully platform-funded coupon costs the merchant nothing)
    const myPlatformPaid = myPlatform.filter((p) => platformShareOf(p) < BP);
    const after = (m: number, ids?: true) => {
      let a = m;
      let platformCoupon: string | undefined;
      for (const p of myPlatformPaid) {
        const x = m - merchantLoss(couponShare(p, m, pi6), platformShareOf(p));
        if (x < a) {
          a = x;
          platformCoupon = p.id;
        }
      }
      if (depositMax > 0) a = Math.max(0, a - depositMax);
      if (ids) return { platformCoupon, deposit: depositMax > 0 ? depositId : undefined };
      return a;
    };
    (after as Tail).plain = myPlatformPaid.length === 0 && depositMax <= 0;
    const j = joint && jointOver(s, e, covers, after as Tail, best!.num);
    // (at an equal figure too: its corner tells the witness where to land)
    if (j && j.num >= best!.num)
      best = {
        levelChoice: best!.choice,
        num: j.num,
        choice: {
          ...e.choice,
          shop: j.shop,
          shopCoupon: j.shopCoupon,
          crossShop: j.crossShop,
          platformCoupon: j.platformCoupon,
          deposit: j.deposit,
          ...(e.groups ? { group: j.corner.group } : {}),
        },
        joint: j.corner,
      };
    // as a 加价购 redemption: its price, no other promotion
    for (const p of jjg)
      if (p.redeemSku === s.sku && p.priceFen < s.listPriceFen) {
        const num = BigInt(p.priceFen) * BigInt(BP - fee);
        if (num < best!.num) best = { num, choice: { addOn: p.id } };
      }
    return {
      num: best!.num,
      den: BigInt(BP),
      unitFen: e.u,
      basisFen: e.basis,
      choice: best!.choice,
      ...(best!.joint ? { joint: best!.joint, levelChoice: best!.levelChoice } : {}),
    };
  };
  // (the group frontiers, for tests of their lemmas)
  return Object.assign(boundOf, { fronts: fronts as ReadonlyMap<string, GroupFront> });
}

/** For tests: the rate value of a ratio. */
export const ratioValue = toNum;
