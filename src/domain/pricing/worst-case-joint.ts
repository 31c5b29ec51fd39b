/**
 * The joint-basis bound of the worst-case guard (argument in README.md, "Worst-case guard"):
 * the order-level levels are evaluated together on one threshold basis `B` instead of each at
 * its own worst point. The SKU's line (amount `a`) joins a shop-level option `P` whose lines are
 * worth `B_G ≥ a`; the rest of the cart (`y = B − B_G`) may be held by other shop-level
 * promotions, which take at most `V(y)` off; the shop coupon and the cross-shop offer hold every
 * line (scope all). Inside a cell where every amount offer sits on one tier, the SKU's share of
 * each discount only falls as `B_G` or `y` grow, so the cell's lower corner is its worst point,
 * up to the rounding handled below. Used only where its premises hold (`afterItemLevel`
 * thresholds, shop coupons and cross-shop offers of scope all, capped every-full offers); the
 * guard takes the larger of this bound and the per-level one.
 */
import { platformShareOf } from "./common.ts";
import { BP } from "./money.ts";
import type { Promotion } from "./schema.ts";
import { ceilMulDiv, platformRoundingSlack } from "./worst-case-bound.ts";

type ShopP = Extract<Promotion, { kind: "manJian" | "meiManJian" | "manZhe" | "manSong" }>;
type ShopCoupon = Extract<Promotion, { kind: "shopCoupon" }>;
type Cross = Extract<Promotion, { kind: "crossShop" }>;

/** One cell of a shop-level option: its lines' basis in [lo, hi) takes `d` off, or pays rate `r`. */
interface Cell {
  lo: number;
  hi: number;
  d: number;
  r?: number;
  /**
   * An uncapped 每满减's last cell: `d` off every full `step` from `lo` up, so the discount grows
   * with the lines (at most d/step of them) rather than staying at `d`.
   */
  grow?: { d: number; step: number };
  /** Gift cost of the reached tier and its threshold. */
  gift: number;
  giftT: number;
}

const giftSum = (gs: readonly { costFen: number; qty: number }[] | undefined) =>
  (gs ?? []).reduce((x, y) => x + y.costFen * y.qty, 0);

/** The cells of a shop-level promotion, or undefined where the joint bound does not apply. */
function cellsOf(p: ShopP, top: number): Cell[] | undefined {
  const INF = Number.POSITIVE_INFINITY;
  if (p.kind === "meiManJian") {
    if (p.discountFen === 0) return [];
    // uncapped: a cell per step up to past every threshold, then one whose discount grows
    const kmax =
      p.capFen === undefined
        ? Math.max(1, Math.ceil(top / p.stepFen) + 1)
        : Math.max(1, Math.ceil(p.capFen / p.discountFen));
    if (kmax > 64) return undefined;
    const out: Cell[] = [];
    for (let k = 1; k <= kmax; k++)
      out.push({
        lo: k * p.stepFen,
        hi: k === kmax ? INF : (k + 1) * p.stepFen,
        d: Math.min(p.capFen ?? INF, k * p.discountFen),
        ...(p.capFen === undefined && k === kmax
          ? { grow: { d: p.discountFen, step: p.stepFen } }
          : {}),
        gift: 0,
        giftT: 0,
      });
    return out;
  }
  if (p.kind === "manSong")
    return [{ lo: p.thresholdFen, hi: INF, d: 0, gift: giftSum(p.gifts), giftT: p.thresholdFen }];
  const ths = [...new Set(p.tiers.map((t) => t.thresholdFen))].sort((x, y) => x - y);
  return ths.map((th, i) => {
    // the engine takes the first tier with the highest threshold reached
    const t = p.tiers.find((x) => x.thresholdFen === th)!;
    return {
      lo: th,
      hi: i + 1 < ths.length ? ths[i + 1]! : INF,
      d: "discountFen" in t ? t.discountFen : 0,
      ...("rateBp" in t ? { r: t.rateBp } : {}),
      gift: giftSum(t.gifts),
      giftT: th,
    };
  });
}

/**
 * Whether a cart of basis exactly `B` can hold the SKU (least unit amount `a`, dearest `dear`)
 * only as lines of one unit: a line of q ≥ 2 units is worth at least q·a, and the cart's other
 * lines are worth nothing or at least `unit` each, so where B − q·a is below `unit` the line
 * must be worth B itself — which a SKU of one unit amount makes only at B = q·a. Of one unit
 * amount, its line of q units is worth q·a exactly, so the other lines B − q·a: where no sum of
 * the catalogue's unit amounts makes that (`makes`), no such cart either.
 */
function oneUnit(
  a: number,
  B: number,
  unit: number,
  dear: number | undefined,
  makes: ((x: number) => boolean) | undefined,
): boolean {
  for (let q = 2; q * a <= B; q++) {
    const r = B - q * a;
    if (r === 0 || (r >= unit && (dear !== a || !makes || makes(r)))) return false;
    if (dear === undefined || (dear > a && B <= q * dear)) return false;
  }
  return true;
}

/**
 * The rounding of step 10 (`fits`, `cartsLeave`) counts its work in steps: a knapsack cell is
 * one, a line amount of the per-fen pass `PASS_COST`, a cart layout tried `TRY_COST` (about
 * what each takes in time). The knapsack takes at most `KNAPSACK_MAX` steps at one basis, and a
 * SKU at most `ROUNDING_BUDGET` in all. A guard run spends at most `ROUNDING_POOL` over all its
 * SKUs, each taking at most `POOL_SHARE` times its even share of what is left: a catalogue of
 * thousands of prices asks questions no SKU shares the answer of, and without it 5,000 such
 * SKUs took a minute. Past a bound the fen above stays possible.
 */
const KNAPSACK_MAX = 1_000_000;
const ROUNDING_BUDGET = 40_000_000;
const ROUNDING_POOL = 800_000_000;
const POOL_SHARE = 8;
const PASS_COST = 40;
const TRY_COST = 100;
/** The most lines beside the SKU's in a cart `cartsLeave` lays out. */
const CARTS_LINES = 64;
/** The most line amounts `cartsLeave` tries in the order of their gain first. */
const CARTS_QUICK = 20_000;
/** The most line amounts `cartsLeave` tries at one basis. */
const CARTS_MAX = 200_000;

/** Steps of an uncapped 每满减 taken one by one past where P's lines enter its growing cell. */
const GROW_STEPS = 4;

/**
 * An uncapped 每满减's growing cell entered at `lo`: the step it is entered on and the next
 * `GROW_STEPS` as cells of their own, each with its steps' discount, then the growing cell from
 * the step after. On a step the lines are worth the least of it after the offer, and the line's
 * share is at its largest; inside a step the share falls and the lines' worth grows, so a
 * step's worst is at the least basis of it P's lines can make — which only a cell of its own
 * can move its corner to (a growing cell's corner stays on its step: past a step the lines are
 * worth less than at the bases before it).
 */
function growPieces(cell: Cell, lo: number): Cell[] {
  const g = cell.grow!;
  const k = Math.floor(lo / g.step);
  const out: Cell[] = [];
  for (let j = 0; j <= GROW_STEPS; j++)
    out.push({
      lo: j === 0 ? lo : (k + j) * g.step,
      hi: (k + j + 1) * g.step,
      d: (k + j) * g.d,
      gift: cell.gift,
      giftT: cell.giftT,
    });
  out.push({ ...cell, lo: (k + GROW_STEPS + 1) * g.step });
  return out;
}

/**
 * What a shop-level promotion can take off lines worth `y`: at most θ·y (+½ for a rate), none
 * below `t`; and per tier, θ from its threshold up (`steps`: lines worth y take off at most the
 * largest θ of the tiers at or below y).
 */
export function restOf(p: ShopP): {
  theta: number;
  t: number;
  rate: boolean;
  steps: { t: number; theta: number }[];
} {
  const steps: { t: number; theta: number }[] = [];
  switch (p.kind) {
    case "manJian":
      for (const x of p.tiers)
        if (x.discountFen > 0)
          steps.push({
            t: x.thresholdFen,
            theta: x.thresholdFen === 0 ? 1 : x.discountFen / x.thresholdFen,
          });
      break;
    case "meiManJian":
      if (p.discountFen > 0)
        steps.push({ t: p.stepFen, theta: Math.min(1, p.discountFen / p.stepFen) });
      break;
    case "manZhe":
      for (const x of p.tiers)
        if (x.rateBp < BP) steps.push({ t: x.thresholdFen, theta: (BP - x.rateBp) / BP });
      break;
  }
  let theta = 0;
  let t = Number.POSITIVE_INFINITY;
  for (const x of steps) {
    theta = Math.max(theta, x.theta);
    t = Math.min(t, x.t);
  }
  return { theta, t, rate: p.kind === "manZhe" && theta > 0, steps };
}

/**
 * The rest's loss to the other shop-level offers, by the worth of its lines: from `ts[i]` up
 * (ascending) at most `th[i]`·y + ½·`nr[i]` (the rate offers met by then); nothing below `t`,
 * the first of them (infinite: no offer takes anything).
 */
interface Rest {
  t: number;
  /** The bases the scan takes as corners of the rest: its first step, and where `th` tops out. */
  corners: number[];
  ts: number[];
  th: number[];
  nr: number[];
}

/** The last of the rest's steps at or below y (−1: none). */
function restStep(r: Rest, y: number): number {
  let i = r.ts.length - 1;
  while (i >= 0 && r.ts[i]! > y) i--;
  return i;
}

/** The share of a discount taking at most n/d of a line worth `a` (largest remainder: at most ⌈·⌉). */
const shareOf = (a: number, n: number, d: number) =>
  d <= 0 ? a : Math.min(a, ceilMulDiv(a, n, d));
/** The remainder of the last `floorDiv`. */
let divRem = 0;
/** ⌊a·n/d⌋ exactly (d > 0), its remainder left in `divRem`. */
function floorDiv(a: number, n: number, d: number): number {
  const p = a * n;
  if (Number.isSafeInteger(p) && Number.isSafeInteger(p + d)) {
    let q = Math.floor(p / d);
    // (the float quotient is off by at most one either way)
    if (q * d > p) q--;
    else if ((q + 1) * d <= p) q++;
    divRem = p - q * d;
    return q;
  }
  const big = BigInt(a) * BigInt(n);
  const dd = BigInt(d);
  divRem = Number(big % dd);
  return Number(big / dd);
}
/**
 * A short ascending list of distinct numbers whose storage is kept from call to call (an array
 * emptied by `length = 0` drops its storage, and the joint bound empties its lists some twenty
 * times a call).
 */
class Marks {
  private v = new Float64Array(16);
  n = 0;
  /** Empties the list down to `first`. */
  reset(first: number): void {
    this.v[0] = first;
    this.n = 1;
  }
  at(i: number): number {
    return this.v[i]!;
  }
  /** Adds `x` in its place, once. */
  add(x: number): void {
    let i = this.n;
    while (i > 0 && this.v[i - 1]! > x) i--;
    if (i > 0 && this.v[i - 1] === x) return;
    if (this.n === this.v.length) {
      const w = new Float64Array(2 * this.n);
      w.set(this.v);
      this.v = w;
    }
    this.v.copyWithin(i + 1, i, this.n);
    this.v[i] = x;
    this.n++;
  }
}
/**
 * Moves `heap[h]` down to its place in a heap of the first `n` entries of `heap`, the index of
 * the most `key` on top (of equal keys, the lower index: the order a stable sort gives).
 */
function siftDown(heap: Int32Array, key: Float64Array, h: number, n: number): void {
  const x = heap[h]!;
  const kx = key[x]!;
  for (;;) {
    let c = 2 * h + 1;
    if (c >= n) break;
    const r = c + 1;
    if (r < n) {
      const kc = key[heap[c]!]!;
      const kr = key[heap[r]!]!;
      if (kr > kc || (kr === kc && heap[r]! < heap[c]!)) c = r;
    }
    const y = heap[c]!;
    const ky = key[y]!;
    if (ky < kx || (ky === kx && y > x)) break;
    heap[h] = y;
    h = c;
  }
  heap[h] = x;
}

/** ⌈x⌉ of a float upper bound, nudged up so float error never lowers it. */
const ceilUp = (x: number) => Math.ceil(x * (1 + 1e-12) + 1e-9);

/**
 * Bases the catalogue can make, where it is known: the least basis of the lines shop-level
 * option `shop` holds (the SKU's line among them) at or above `x`, and the least basis of a
 * whole cart holding the SKU at or above `x`. Where unknown, `x` itself.
 */
export interface Reach {
  g(shop: string, x: number): number;
  b(x: number): number;
  /** The least basis at or above `x` of a cart whose lines held by `shop` are worth a basis `g(shop, ·)` of at least `bg`. */
  bIn(shop: string, bg: number, x: number): number;
  /**
   * The least any line can be worth at the threshold basis (a unit at its lowest amount), where
   * every SKU's unit amounts are known: a cart of basis B holds at most ⌊(B − a)/unit⌋ lines
   * beside the SKU's line worth a.
   */
  unit?: number | undefined;
  /** Whether some cart's other lines can be worth exactly `x` (a sum of the unit amounts), where known. */
  makes?: ((x: number) => boolean) | undefined;
  /**
   * Every amount a line can be worth at the threshold basis (units of one SKU at its unit
   * amounts), ascending, up to the dearest list price, where not too many; and the shop-level
   * offer holding every line the coupons and cross-shop offers split over, where one does.
   */
  lineAmounts?: Int32Array | undefined;
  lineGcd?: number | undefined;
  sole?: string | undefined;
  /** The SKU's dearest unit amount at the threshold basis. */
  dearest?: number | undefined;
}

/** The configuration reaching the joint bound, for the witness cart. */
export interface JointCorner {
  /** Threshold basis of the whole cart (every line after item, group and item-coupon levels). */
  basisFen: number;
  /** Basis of the lines the shop-level option holds (the SKU's and the filler's). */
  shopBasisFen: number;
  /** All shops' basis to aim the cross-shop offer at (this shop's basis plus the other shops'). */
  crossAllFen?: number | undefined;
  /** The group promotion the figure has the SKU's unit take part in, if any. */
  group?: string | undefined;
  /** The SKU's units on its line, where the figure is a line of several. */
  units?: number | undefined;
  /**
   * The amounts of the other lines of a cart reaching the figure's rounding, where the bound
   * laid one out (after the SKU's line, in this order: ties of the split go to the earlier).
   */
  lines?: number[] | undefined;
}

export interface JointResult {
  num: bigint;
  shop?: string | undefined;
  shopCoupon?: string | undefined;
  crossShop?: string | undefined;
  platformCoupon?: string | undefined;
  deposit?: string | undefined;
  corner: JointCorner;
}

/**
 * Everything after the cross-shop level, as the per-level bound computes it: the figure left
 * of `m`, and (with `ids`) the options giving it.
 */
export type Tail = {
  (m: number): number;
  (m: number, ids: true): { platformCoupon?: string | undefined; deposit?: string | undefined };
  /** Nothing follows the cross-shop level: the amount itself. */
  plain?: boolean;
};

/**
 * One corner of the order-level chain (a cell of a shop-level option and a corner of the
 * rest): the merchant's figure for the SKU there is exact, or the worst beyond it. Reused
 * from call to call (the bound runs tens of thousands of times per campaign); a class of
 * the module, so that its objects share one shape across campaigns (the JIT's code stays valid).
 */
class Corner {
  B = 0;
  BG = 0;
  x3 = 0;
  X4 = 0;
  g4 = 0;
  j4 = 0;
  gift = 0;
  shop: string | undefined = undefined;
  /** The basis the shop coupons' thresholds are read at (the corner's). */
  couponB = 0;
  /** The worst over the corner's cell, and the options giving it (see `evalPoint`). */
  w0 = 0;
  lowCi = -1;
  lowKi = 0;
  lowAll = 0;
  lowM = 0;
  /** Whether each basis of the cell is taken exactly in turn (no other offer holds the rest). */
  scan = false;
  y = 0;
  yNext = 0;
  DP = 0;
  /** The SKU's line amount at the threshold basis. */
  a = 0;
  /** How far the corner's region reaches past its basis (infinite: unbounded). */
  span = Number.POSITIVE_INFINITY;
}
/** A cross-shop offer as the joint bound sees it: its per-fen rate ρ and this shop's part at a basis. */
interface CrossInfo {
  p: Cross;
  sigma: number;
  rho: number;
  /** The exact largest part at B; the all-shops basis reaching it is left in `atAll`. */
  at: (B: number) => number;
  /** A real upper bound of the part at B, growing at most ρ per fen. */
  cont: (B: number) => number;
  /** The merchant's loss of a share (the platform's part off). */
  loss: (x: number) => number;
}
type CrossOpt = CrossInfo | undefined;

interface SkuCtx {
  fee: number;
  baseGift: number;
  tail: Tail;
  myCoupons: readonly ShopCoupon[];
  thresholds: readonly number[];
  giftShare: (g: number, t: number, giftA: number) => number;
  options: readonly { id?: string; cells: Cell[] }[];
  crossOpts: readonly CrossOpt[];
  reach: Reach | undefined;
  /** The SKU's rounding budget (`ROUNDING_BUDGET`, or its share of what is left of the pool). */
  allowance: number;
}

/** A SKU's joint bound, prepared by `JointCalculator.jointBound`. */
export type JointAt = (
  a: number,
  extra?: number,
  cutoff?: number,
  giftA?: number,
  together?: boolean,
  dilute?: (shop: string, basis: number) => number,
) => JointResult | undefined;

/**
 * Prepares the joint bound for a campaign; undefined when its premises fail for every SKU.
 */
export function jointCalculator(
  promos: readonly Promotion[],
  opts: JointOptions,
): JointCalculator | undefined {
  if (opts.cumulative) return undefined;
  const calc = new JointCalculator(promos, opts);
  return calc.premises ? calc : undefined;
}

interface JointOptions {
  cumulative: boolean;
  /**
   * The shop coupons and cross-shop offers may leave SKUs out (scope all with exclusions): the
   * caller has checked that they all cover the same SKUs of the catalogue and that no
   * shop-level, 加价购 or group promotion touches a SKU they leave out. Such lines then take
   * no share of any discount the bound follows and count toward none of its thresholds, so a
   * cart without them stands for the cart with them; SKUs left out get no joint bound.
   */
  excluding?: boolean;
  /** The largest threshold of any tier or coupon: an uncapped 每满减's cells go past it. */
  top: number;
  /** How many SKUs the run bounds (they share `ROUNDING_POOL`). */
  skus?: number | undefined;
}

/**
 * A campaign's joint bound: what is prepared once, and the state of the call under way. A
 * class rather than closures of one campaign, so that its methods stay the same functions from
 * campaign to campaign (V8 keeps their optimized code).
 */
class JointCalculator {
  readonly opts: JointOptions;
  readonly shop: ShopP[];
  readonly coupons: ShopCoupon[];
  readonly cross: Cross[];
  /** Whether the shop coupons and cross-shop offers have the scope the bound needs. */
  readonly premises: boolean;
  readonly couponsU: ShopCoupon[];
  readonly shopU: Set<string>;
  readonly cells: Map<string, Cell[] | undefined>;
  readonly rests: ({ id: string } & ReturnType<typeof restOf>)[];
  /** The rest's loss to the shop-level offers other than `id` (`Rest`), per `id`. */
  readonly restCache = new Map<string, Rest>();
  /** The all-shops basis reaching the part the last `at` gave. */
  atAll = 0;
  /** Per cross-shop offer: per-fen rate ρ and this shop's largest part at a basis B (other shops free). */
  readonly crossInfo: CrossInfo[];
  // per cross-shop option of a point: its part, the all-shops basis reaching it, its bound beyond
  readonly partAt: Float64Array;
  readonly allAt: Float64Array;
  readonly contAt: Float64Array;
  readonly corners: Corner[] = [];
  // the corners to evaluate, in order of their worst: the first `nToDo` (kept, like the lists
  // below, from call to call)
  readonly toDo: Corner[] = [];
  nToDo = 0;
  readonly bgList = new Marks();
  readonly ys = new Marks();

  // the state of the call under way (calls never nest): the SKU, the lowest figure so far with
  // its options and corner, and the options giving the last `evalPoint`'s lowest figure
  cur!: SkuCtx;
  bestNum = Number.POSITIVE_INFINITY;
  found = false;
  bShop: string | undefined = undefined;
  bCoupon: ShopCoupon | undefined = undefined;
  bCross: CrossOpt = undefined;
  bM = 0;
  bB = 0;
  bBG = 0;
  bUnits = 1;
  bAll: number | undefined = undefined;
  lowCi = -1;
  lowKi = 0;
  lowAll = 0;
  lowM = 0;
  /**
   * While `evalPoint` takes one basis exactly: the most lines a cart there holds (the SKU's
   * among them), whose rounding then gives the line the fen above its part less often; else 0.
   */
  lines = 0;
  /** While `evalPoint` takes a line of this many units of the SKU (its `x3` the line's). */
  perUnits = 1;
  /**
   * With it, where every line of the cart is the shop-level offer's: the line amounts the
   * catalogue can make, the basis, the offer's discount, and the most the other lines are worth
   * (`roundShare`).
   */
  dens: Int32Array | undefined = undefined;
  dB = 0;
  dD1 = 0;
  dF = 0;
  /** The SKU's remainder at the offer's split (over the basis), and whether it took the fen above. */
  dRem1 = 0;
  dUp = false;
  /** The greatest common divisor of the line amounts; then scratch of `fits`. */
  densGcd = 1;
  /** What is left of the SKU's rounding budget. */
  budget = 0;
  /** What is left of the run's `ROUNDING_POOL`, and the SKUs still to take a share of it. */
  pool = ROUNDING_POOL;
  skusLeft = 1;
  knap = new Float64Array(0);
  /** The answers of `fits` (with the cart `cartsLeave` found), for the line amounts `fitsFor`. */
  fitsKept = new Map<string, boolean | number[]>();
  /**
   * The other lines' amounts of a cart the last `fits` found leaving the fen (in an order that
   * hands the offer's leftover fen as priced), where it laid one out; and those of the figure.
   */
  cart: number[] | undefined = undefined;
  cartAt: number[] | undefined = undefined;
  bCart: number[] | undefined = undefined;
  fitsFor: Int32Array | undefined = undefined;
  /** The offer's split's table of `fits`, and the question it answered ("" none). */
  knap0 = new Float64Array(0);
  knap0B = "";
  /** Scratch of `cartsLeave`: the least gains at the offer's split per amount. */
  least0 = new Float64Array(0);
  fitsKey = "";
  sizes = new Int32Array(0);
  gains = new Float64Array(0);
  /** The offer's split's gains of the same amounts, where `fits` asks the coupon's. */
  gains0 = new Float64Array(0);
  /**
   * Scratch of `cartsLeave`: per line amount of `fits` its remainder at the offer's split and
   * at the coupon's with the offer's part's floor or the fen above; the cart's lines as indices
   * into them, and those in order of the offer's remainders.
   */
  rem0 = new Float64Array(0);
  remFloor = new Float64Array(0);
  remUp = new Float64Array(0);
  pick = new Int32Array(CARTS_LINES + 1);
  ord = new Int32Array(CARTS_LINES + 1);
  /** Scratch of `cartsLeave`: per run of equal lines at the offer's edge, how many take its fen. */
  takes = new Int32Array(CARTS_LINES + 1);
  /**
   * Scratch of `cartsLeave`'s first tries: each line amount's gain per fen at the coupon, a heap
   * of them (most first), and the order drawn from it so far.
   */
  perFen = new Float64Array(0);
  heap = new Int32Array(0);
  order = new Int32Array(0);

  constructor(promos: readonly Promotion[], opts: JointOptions) {
    this.opts = opts;
    this.skusLeft = Math.max(1, opts.skus ?? 1);
    const fullScope = (p: Promotion) => {
      const s = p.scope;
      if (!opts.excluding && (s?.excludeSkus?.length || s?.excludeCategories?.length)) return false;
      return (
        !s || s.all === true || ((s.skus?.length ?? 0) === 0 && (s.categories?.length ?? 0) === 0)
      );
    };
    const shop = promos.filter(
      (p): p is ShopP =>
        p.kind === "manJian" ||
        p.kind === "meiManJian" ||
        p.kind === "manZhe" ||
        p.kind === "manSong",
    );
    const coupons = promos.filter((p): p is ShopCoupon => p.kind === "shopCoupon");
    const cross = promos.filter((p): p is Cross => p.kind === "crossShop");
    this.shop = shop;
    this.coupons = coupons;
    this.cross = cross;
    this.premises = coupons.every(fullScope) && cross.every(fullScope);
    // offers with the same terms give the same figure: one of each is enough
    const sameTerms = (p: Promotion) =>
      JSON.stringify({ ...p, id: "", priority: 0, excludes: [], customer: {}, start: "", end: "" });
    const firstOf = <T extends Promotion>(ps: T[]): T[] => {
      const seen = new Set<string>();
      return ps.filter((p) => {
        const k = sameTerms(p);
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    };
    this.couponsU = firstOf(coupons);
    this.shopU = new Set(firstOf(shop).map((p) => p.id));
    const crossU = firstOf(cross);
    this.cells = new Map<string, Cell[] | undefined>(shop.map((p) => [p.id, cellsOf(p, opts.top)]));
    this.rests = shop.map((p) => ({ id: p.id, ...restOf(p) }));
    this.crossInfo = crossU.map((p) => this.crossInfoOf(p));
    this.partAt = new Float64Array(this.crossInfo.length + 1);
    this.allAt = new Float64Array(this.crossInfo.length + 1);
    this.contAt = new Float64Array(this.crossInfo.length + 1);
  }

  crossInfoOf(p: Cross): CrossInfo {
    const tiers = p.tiers ?? [{ thresholdFen: p.stepFen!, discountFen: p.discountFen! }];
    let rho = 0;
    for (const t of tiers)
      if (t.thresholdFen > 0) rho = Math.max(rho, t.discountFen / t.thresholdFen);
    rho = rho * (1 + 1e-12);
    /** The exact largest part at B; the all-shops basis reaching it is left in `atAll`. */
    const at = (B: number): number => {
      if (!p.tiers) {
        const step = p.stepFen!;
        let c = Math.floor((2 * p.discountFen! * B + step) / (2 * step));
        if (p.capFen !== undefined) c = Math.min(c, p.capFen);
        this.atAll = Math.max(1, Math.ceil(B / step)) * step;
        return c;
      }
      let best = 0;
      this.atAll = B;
      for (const t of p.tiers) {
        const c =
          B >= t.thresholdFen
            ? t.discountFen
            : Math.floor((2 * t.discountFen * B + t.thresholdFen) / (2 * t.thresholdFen));
        if (c > best) {
          best = c;
          this.atAll = Math.max(B, t.thresholdFen);
        }
      }
      return best;
    };
    /** A real upper bound of the part at B, growing at most ρ per fen. */
    const cont = (B: number) => {
      if (!p.tiers) {
        const v = (p.discountFen! * B) / p.stepFen! + 0.5;
        return p.capFen !== undefined ? Math.min(p.capFen, v) : v;
      }
      let v = 0;
      for (const t of p.tiers)
        v = Math.max(
          v,
          t.thresholdFen === 0
            ? t.discountFen
            : Math.min(t.discountFen, (t.discountFen * B) / t.thresholdFen + 0.5),
        );
      return v;
    };
    const sigma = platformShareOf(p);
    // merchantLoss with its rounding slack looked up once
    const slack = Math.max(0, platformRoundingSlack(sigma));
    const loss =
      sigma <= 0
        ? (x: number) => x
        : sigma >= BP
          ? () => 0
          : (x: number) => (x === 0 ? 0 : x - Math.max(0, Math.floor((x * sigma - slack) / BP)));
    return { p, sigma, rho, at, cont, loss };
  }

  restWithout(id: string | undefined) {
    const key = id ?? "";
    let r = this.restCache.get(key);
    if (!r) {
      const rr: Rest = { t: Number.POSITIVE_INFINITY, corners: [], ts: [], th: [], nr: [] };
      const others = this.rests.filter((x) => x.id !== id && x.theta > 0);
      // float safety: θ only ever rounded up
      const up = (th: number) => Math.min(1, th * (1 + 1e-12) + 1e-15);
      for (const t of [...new Set(others.flatMap((x) => x.steps.map((s) => s.t)))].sort(
        (a, b) => a - b,
      )) {
        let th = 0;
        let nr = 0;
        for (const x of others) {
          let met = false;
          for (const s of x.steps)
            if (s.t <= t) {
              th = Math.max(th, s.theta);
              met = true;
            }
          if (met && x.rate) nr++;
        }
        rr.ts.push(t);
        rr.th.push(up(th));
        rr.nr.push(nr);
      }
      const n = rr.ts.length;
      if (n > 0) {
        rr.t = rr.ts[0]!;
        rr.corners.push(rr.t);
        const knee = rr.th.indexOf(rr.th[n - 1]!);
        if (knee > 0) rr.corners.push(rr.ts[knee]!);
      }
      r = rr;
      this.restCache.set(key, r);
    }
    return r;
  }

  /**
   * A SKU's joint bound, prepared once: undefined when its premises fail, else the bound for
   * the SKU's line at `a` in a cart worth at least `a + extra` (a group promotion's other
   * participants), undefined when it is not below `cutoff`. `giftA`: the most the line can be
   * worth just before the shop level (its list price unless a group discount is known to take
   * part of it), on which a shop-level gift's cost is shared. `together`: those participants
   * share the line's class at the shop level (every shop-level offer covers all of them or
   * none), so the offer holding the line holds them too: its lines are worth `a + extra`.
   * `dilute(P, b)`: the least the line is worth when shop-level option P holds lines worth at
   * least b (at least `a`; more where the line's item coupon holds every line P holds).
   */
  jointBound(
    sku: { covers: (p: Promotion) => boolean; listPriceFen: number; reach?: Reach | undefined },
    fee: number,
    baseGift: number,
    tail: Tail,
  ): JointAt | undefined {
    if (this.opts.excluding && !(this.coupons.every(sku.covers) && this.cross.every(sku.covers)))
      return undefined;
    const mine = this.shop.filter(sku.covers);
    for (const p of mine) if (this.cells.get(p.id) === undefined) return undefined;
    const myCoupons = this.couponsU.filter(sku.covers);
    const myCross = this.crossInfo.filter((c) => sku.covers(c.p));
    const thresholds = [...new Set(myCoupons.map((c) => c.thresholdFen))];
    // a gift's cost is split by the lines' amounts just before the shop level, which are its
    // threshold basis (at least t): the line's part is at most ⌈g·giftA/t⌉
    const giftShare = (g: number, t: number, giftA: number) =>
      g === 0 ? 0 : t === 0 ? g : Math.min(g, ceilMulDiv(g, giftA, t));
    // the SKU's own shop-level options first (they usually give the lowest figure, so the
    // search below stops early), then none
    const options: { id?: string; cells: Cell[] }[] = [
      ...mine
        .filter((p) => this.shopU.has(p.id))
        .map((p) => ({ id: p.id, cells: this.cells.get(p.id)! })),
      { cells: [{ lo: 0, hi: Number.POSITIVE_INFINITY, d: 0, gift: 0, giftT: 0 }] },
    ];
    const crossOpts: CrossOpt[] = myCross.length > 0 ? myCross : [undefined];
    const ctx: SkuCtx = {
      fee,
      baseGift,
      tail,
      myCoupons,
      thresholds,
      giftShare,
      options,
      crossOpts,
      reach: sku.reach,
      allowance: Math.min(
        ROUNDING_BUDGET,
        this.pool,
        Math.ceil((this.pool * POOL_SHARE) / this.skusLeft),
      ),
    };
    if (this.skusLeft > 1) this.skusLeft--;
    return (
      a,
      extra = 0,
      cutoff = Number.POSITIVE_INFINITY,
      giftA = sku.listPriceFen,
      together = false,
      dilute = undefined,
    ) => {
      const start = Math.min(ctx.allowance, this.pool);
      const r = this.jointAt(
        ctx,
        a,
        extra,
        cutoff,
        Math.min(giftA, sku.listPriceFen),
        together,
        dilute,
      );
      this.pool = Math.max(0, this.pool - (start - this.budget));
      return r;
    };
  }

  /** The lowest figure so far, with the options and the corner giving it. */
  record(
    num: number,
    pt: Corner,
    B: number,
    c: ShopCoupon | undefined,
    k: CrossOpt,
    m: number,
    all: number | undefined,
  ) {
    this.bestNum = num;
    this.found = true;
    this.bShop = pt.shop;
    this.bCoupon = c;
    this.bCross = k;
    this.bM = m;
    this.bB = B;
    this.bBG = pt.BG;
    this.bAll = all;
    this.bUnits = this.perUnits;
    this.bCart = this.cartAt;
  }

  /**
   * At most the SKU's share of `D` split over lines worth `X`, its line worth `x`, at the basis
   * taken exactly: the coupon's split (1) or the cross-shop offer's (2). Largest remainder hands
   * the line the fen above its part only where that part's remainder r is at least 1/lines of a
   * fen, `lines` the most lines the cart holds, the SKU's among them. (The leftover fen are the
   * lines' remainders added up, k ≥ 1; the line gets one only if at most k − 1 others rank above
   * it, each with less than a fen, the other lines − k with at most r: k − r ≤ (k − 1) +
   * (lines − k)·r, so lines·r ≥ 1 + (k − 1)·r.) With `dens`, also only where lines the catalogue
   * can make can leave it that fen (`fits`). Where D/X is only an upper bound of the real rate,
   * the real share is still at most ⌊x·D/X⌋ where that remainder is too small: a real part in
   * the same fen has a smaller remainder.
   */
  roundShare(x: number, D: number, X: number, split: 1 | 2): number {
    if (X <= 0) return x;
    const q = floorDiv(x, D, X);
    const rem = divRem;
    if (rem === 0 || rem * this.lines < X) return Math.min(x, q);
    if (split === 1 && this.dens !== undefined) {
      if (!this.fits(rem, D, X, 1)) return Math.min(x, q);
      this.cartAt = this.cart;
    }
    return Math.min(x, q + 1);
  }

  /**
   * Whether the other lines can leave the SKU's line a leftover fen of a split of `D` over `X`
   * where its part's remainder is rem/X: of the shop-level offer's split (0, over the basis) or
   * of the coupon's (1, over the lines' amounts after the offer). The leftover fen are all the remainders added up, k of them, and at most k − 1 other lines may
   * rank above the SKU's, so the others' remainders, less one for each line above it, must add
   * up to at least 1 − rem/X. Each line amount the catalogue can make adds a fixed amount to
   * that sum (its remainder, or its remainder less one), and the other lines' basis amounts add
   * up to exactly B − a: first the most per fen times B − a (cheap), then a knapsack over the
   * amounts. At the coupon a line is worth its amount less its part of the offer's discount,
   * less the fen above it where it took one: it did if its remainder there was above the SKU's
   * line's and the SKU's took one (`dUp`), it did not if below and the SKU's did not, and
   * either way else.
   */
  fits(rem: number, D: number, X: number, split: 0 | 1): boolean {
    // (SKUs of one price ask the same at the same basis: the answer is kept)
    const L = this.dens!;
    if (L !== this.fitsFor) {
      this.fitsFor = L;
      this.fitsKept.clear();
    }
    const key = this.fitsKeyOf(rem, D, X, split);
    this.fitsKey = key;
    let kept = this.fitsKept.get(key);
    if (kept === undefined) {
      this.cart = undefined;
      const ok = this.fitsNow(rem, D, X, split);
      kept = ok ? (this.cart ?? true) : false;
      this.fitsKept.set(key, kept);
    }
    this.cart = kept === true || kept === false ? undefined : kept;
    return kept !== false;
  }

  /** The question `fits` answers, as a key: at the offer's split its discount, basis and remainder tell it. */
  fitsKeyOf(rem: number, D: number, X: number, split: 0 | 1): string {
    return split === 0
      ? `${this.dF},${this.dB},${D},${X},${rem}`
      : `${this.dF},${this.dB},${this.dD1},${this.dRem1},${this.dUp},${D},${X},${rem}`;
  }

  fitsNow(rem: number, D: number, X: number, split: 0 | 1): boolean {
    const L = this.dens!;
    if (split === 0) this.knap0B = "";
    if (this.budget < L.length * PASS_COST) return true;
    this.budget -= L.length * PASS_COST;
    const B = this.dB;
    const D1 = this.dD1;
    const rem1 = this.dRem1;
    const up = this.dUp;
    // each line amount in units of g (the gcd of them all), ascending, its gain beside it
    const g = this.densGcd;
    const sizes = this.sizes;
    const gains = this.gains;
    const dX = D % X;
    let ni = 0;
    let dense = 0;
    for (let i = 0; i < L.length; i++) {
      const v = L[i]!;
      if (v > this.dF) break;
      let w: number;
      if (split === 0) {
        const m = (D * v) % X;
        w = m <= rem ? m : m - X;
        // (for `cartsLeave`, where the knapsack is too large: its remainder at the offer)
        this.rem0[ni] = m;
      } else {
        const m1 = (D1 * v) % B;
        this.gains0[ni] = m1 <= rem1 ? m1 : m1 - B;
        const x0 = v - (D1 * v - m1) / B;
        // (for `cartsLeave`: its remainder at the offer, and at the coupon with each part)
        this.rem0[ni] = m1;
        // (D·(x0 − 1) mod X from D·x0's: a division fewer per amount)
        const mf = (D * x0) % X;
        let mu = mf - dX;
        if (mu < 0) mu += X;
        this.remFloor[ni] = mf;
        this.remUp[ni] = mu;
        // (its part's floor, or the fen above it)
        const lo = m1 === 0 || (up ? false : m1 < rem1) ? x0 : x0 - 1;
        const hi = m1 !== 0 && up && m1 > rem1 ? x0 - 1 : x0;
        w = Number.NEGATIVE_INFINITY;
        if (hi === x0 && x0 > 0) w = mf <= rem ? mf : mf - X;
        if (lo < x0 && x0 - 1 > 0) w = Math.max(w, mu <= rem ? mu : mu - X);
      }
      if (w > 0 && w / v > dense) dense = w / v;
      sizes[ni] = v / g;
      gains[ni] = w;
      ni++;
    }
    const total = this.dF;
    // (float error only ever lets it fit)
    if (total * dense < (X - rem) * (1 - 1e-9)) return false;
    if (total % g !== 0) return false;
    const n = total / g;
    // a knapsack too large to take here: the carts themselves, as far as they go
    if (n * ni > Math.min(KNAPSACK_MAX, this.budget))
      return this.cartsLeave(ni, n, X, rem, split, dense * g);
    this.budget -= n * ni;
    // (the offer's table is kept for the coupon's carts: `cartsLeave`)
    if (split === 0) {
      if (this.knap0.length < n + 1) this.knap0 = new Float64Array(2 * (n + 1));
      this.knap0B = this.fitsKey;
    } else if (this.knap.length < n + 1) this.knap = new Float64Array(2 * (n + 1));
    const best = split === 0 ? this.knap0 : this.knap;
    best[0] = 0;
    let fit = 0;
    for (let f = 1; f <= n; f++) {
      while (fit < ni && sizes[fit]! <= f) fit++;
      let b = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < fit; i++) {
        const c = best[f - sizes[i]!]! + gains[i]!;
        if (c > b) b = c;
      }
      best[f] = b;
    }
    if (best[n]! < X - rem) return false;
    // (at the offer's split the knapsack is exact; at the coupon's, the carts decide)
    return split === 0 || this.cartsLeave(ni, n, X, rem, split, undefined);
  }

  /**
   * Whether some cart of the SKU's line and other lines worth `dF` in all leaves the line the
   * fen above its part at the split `fits` asks about, the offer's split falling for the line
   * as `dUp` says. The knapsack of `fits` asks the coupon's split alone, letting each line below
   * the SKU's at the offer take the fen above there or not, where the cart decides which do; a
   * cart leaving the fen at the offer and another at the coupon are not one cart leaving both.
   * So the carts themselves: every multiset of the line amounts of `fits` (its first `ni`, in
   * units of their gcd, adding up to `n`), dearest first, a branch cut where the rest cannot
   * add enough to the split's gains — the knapsack's table (`knap`) where it was taken, else
   * `dense`, the most gain per unit — or where the offer's split cannot fall as `dUp` says
   * (the offer's own table of `fits`, `knap0`, or the least its gains can add), and each cart
   * priced through both splits as largest
   * remainder does, the SKU's line first (its ties are its own). Where the leftover fen at the
   * offer end inside lines of equal remainders and different amounts, which of them take it is
   * the cart's order: each choice is priced. At the coupon, the first `CARTS_QUICK` tries take
   * the amounts of the most gain per fen first. Past `CARTS_MAX` line amounts tried (or the
   * SKU's budget), or past `CARTS_LINES` lines, the fen stays possible. A cart found is kept in
   * `cart`, its lines in an order handing the offer's leftover fen as priced.
   */
  cartsLeave(
    ni: number,
    n: number,
    X: number,
    rem: number,
    split: 0 | 1,
    dense: number | undefined,
  ): boolean {
    const B = this.dB;
    const D1 = this.dD1;
    const rem1 = this.dRem1;
    const up = this.dUp;
    if (split === 1 && X !== B - D1) return true;
    const sizes = this.sizes;
    const gains = this.gains;
    const best = this.knap;
    const need = X - rem;
    // where the line took the fen above at the offer's split, the offer's table cuts too
    const gains0 = this.gains0;
    const best0 =
      split === 1 && up && this.knap0B === this.fitsKeyOf(rem1, D1, B, 0) ? this.knap0 : undefined;
    const need0 = B - rem1;
    // where it did not, the least the rest can add to the offer's gains cuts instead (a cart
    // past `need0` hands the line the fen above there)
    let least0: Float64Array | undefined;
    if (split === 1 && !up && dense === undefined && n * ni <= this.budget) {
      this.budget -= n * ni;
      if (this.least0.length < n + 1) this.least0 = new Float64Array(2 * (n + 1));
      least0 = this.least0;
      least0[0] = 0;
      let fit = 0;
      for (let f = 1; f <= n; f++) {
        while (fit < ni && sizes[fit]! <= f) fit++;
        let b = Number.POSITIVE_INFINITY;
        for (let i = 0; i < fit; i++) {
          const c = least0[f - sizes[i]!]! + gains0[i]!;
          if (c < b) b = c;
        }
        least0[f] = b;
      }
    }
    const limit = Math.min(CARTS_MAX, Math.floor(this.budget / TRY_COST));
    const pick = this.pick;
    const rem0 = this.rem0;
    const remFloor = this.remFloor;
    const remUp = this.remUp;
    const ord = this.ord;
    let depth = 0;
    let work = 0;
    let found = false;
    const takes = this.takes;
    // the cart found, its lines in an order handing the offer's leftover fen as priced: those
    // taking one before the others of their remainder
    const keep = (lo: number, hi: number) => {
      const g = this.densGcd;
      const out: number[] = [];
      for (let j = 0; j < lo; j++) out.push(sizes[ord[j]!]! * g);
      for (const taking of [true, false])
        for (let r = lo; r < hi; ) {
          let e = r + 1;
          while (e < hi && ord[e] === ord[r]) e++;
          const k = takes[r]!;
          for (let j = taking ? r : r + k; j < (taking ? r + k : e); j++)
            out.push(sizes[ord[j]!]! * g);
          r = e;
        }
      for (let j = hi; j < depth; j++) out.push(sizes[ord[j]!]! * g);
      this.cart = out;
    };
    // the coupon's split over what the offer left: lines ord[0, lo) took the fen above there,
    // `t` more of those from `r` to `hi` (equal remainders at the edge, ascending by amount: the
    // cart's order chooses which of them), the rest none
    const coupon = (
      lo: number,
      hi: number,
      r: number,
      t: number,
      sum: number,
      above: number,
    ): boolean => {
      if (r >= hi) {
        if (t > 0) return false;
        for (let j = hi; j < depth; j++) {
          const m = remFloor[ord[j]!]!;
          sum += m;
          if (m > rem) above++;
        }
        if (above >= sum / X) return false;
        keep(lo, hi);
        return true;
      }
      const i = ord[r]!;
      let e = r + 1;
      while (e < hi && ord[e] === i) e++;
      const mu = remUp[i]!;
      const mf = remFloor[i]!;
      for (let k = Math.min(t, e - r); k >= 0; k--) {
        takes[r] = k;
        const n2 = e - r - k;
        const s2 = sum + k * mu + n2 * mf;
        const a2 = above + (mu > rem ? k : 0) + (mf > rem ? n2 : 0);
        if (coupon(lo, hi, e, t - k, s2, a2)) return true;
      }
      return false;
    };
    // whether the cart of `depth` lines in `pick` leaves the SKU's line the fen
    const cart = (): boolean => {
      // the offer's split: the leftover fen k0 to the largest remainders, the SKU's line first
      // among equal ones; ord: the lines by remainder, high to low, then by amount
      let sumM = rem1;
      for (let j = 0; j < depth; j++) {
        const i = pick[j]!;
        sumM += rem0[i]!;
        let k = j;
        while (k > 0) {
          const o = ord[k - 1]!;
          if (rem0[o]! > rem0[i]! || (rem0[o] === rem0[i] && o <= i)) break;
          ord[k] = o;
          k--;
        }
        ord[k] = i;
      }
      const k0 = sumM / B;
      let above = 0;
      while (above < depth && rem0[ord[above]!]! > rem1) above++;
      const mine = above < k0;
      if (split === 0) return mine;
      if (mine !== up) return false;
      // the other lines taking the rest of the leftover fen: the first `left`, save that among
      // equal remainders at the edge the cart's order chooses which amounts take it
      const left = mine ? k0 - 1 : k0;
      let lo = left;
      let hi = left;
      if (left > 0 && left < depth && rem0[ord[left]!] === rem0[ord[left - 1]!]) {
        const edge = rem0[ord[left]!];
        while (lo > 0 && rem0[ord[lo - 1]!] === edge) lo--;
        while (hi < depth && rem0[ord[hi]!] === edge) hi++;
      }
      let sum = rem;
      let above2 = 0;
      for (let j = 0; j < lo; j++) {
        const m = remUp[ord[j]!]!;
        sum += m;
        if (m > rem) above2++;
      }
      return coupon(lo, hi, lo, left - lo, sum, above2);
    };
    const walk = (top: number, rest: number, gain: number, gain0: number): void => {
      if (rest === 0) {
        if (cart()) found = true;
        return;
      }
      // (the amounts ascend: from the dearest that fits the rest, found by halving)
      let i = top;
      if (sizes[i]! > rest) {
        let lo = -1;
        while (i - lo > 1) {
          const mid = (lo + i) >> 1;
          if (sizes[mid]! > rest) i = mid;
          else lo = mid;
        }
        i = lo;
      }
      for (; i >= 0 && !found; i--) {
        if (++work > limit) {
          found = true;
          return;
        }
        const s = sizes[i]!;
        const w = gains[i]!;
        const more = dense === undefined ? best[rest - s]! : dense * (rest - s);
        if (gain + w + more < need * (1 - 1e-9)) continue;
        const w0 = gains0[i]!;
        if (best0 && gain0 + w0 + best0[rest - s]! < need0) continue;
        if (least0 && gain0 + w0 + least0[rest - s]! >= need0) continue;
        // (a cart of more lines than that leaves the fen almost surely: taken as possible)
        if (depth === CARTS_LINES) {
          found = true;
          return;
        }
        pick[depth++] = i;
        walk(i, rest - s, gain + w, gain0 + w0);
        depth--;
      }
    };
    // first the amounts of the most gain per fen at the coupon (a cart leaving the fen is most
    // often among them: it is found sooner, and it is one the witness lands more often), for
    // `CARTS_QUICK` tries; then every layout
    if (split === 1) {
      // (the order is drawn from a heap as far as the tries reach: most of the amounts are
      // never tried, and sorting them all at every question cost more than the tries)
      const perFen = this.perFen;
      const heap = this.heap;
      const order = this.order;
      for (let i = 0; i < ni; i++) {
        perFen[i] = gains[i]! / sizes[i]!;
        heap[i] = i;
      }
      let left = ni;
      for (let h = (ni >> 1) - 1; h >= 0; h--) siftDown(heap, perFen, h, left);
      let drawn = 0;
      const quick = Math.min(Math.floor(this.budget / TRY_COST), CARTS_QUICK);
      let tries = 0;
      const greedy = (from: number, rest: number, gain: number, gain0: number): boolean => {
        if (rest === 0) return cart();
        for (let p = from; p < ni; p++) {
          if (++tries > quick) return false;
          while (drawn <= p) {
            order[drawn++] = heap[0]!;
            heap[0] = heap[--left]!;
            siftDown(heap, perFen, 0, left);
          }
          const i = order[p]!;
          const sz = sizes[i]!;
          if (sz > rest) continue;
          const w = gains[i]!;
          const more = dense === undefined ? best[rest - sz]! : dense * (rest - sz);
          if (gain + w + more < need * (1 - 1e-9)) continue;
          const w0 = gains0[i]!;
          if (best0 && gain0 + w0 + best0[rest - sz]! < need0) continue;
          if (least0 && gain0 + w0 + least0[rest - sz]! >= need0) continue;
          if (depth === CARTS_LINES) return false;
          pick[depth++] = i;
          const ok = greedy(p, rest - sz, gain + w, gain0 + w0);
          depth--;
          if (ok) return true;
        }
        return false;
      };
      found = greedy(0, n, 0, 0);
      this.budget -= tries * TRY_COST;
    }
    if (!found) walk(ni - 1, n, 0, 0);
    this.budget -= Math.min(work, limit) * TRY_COST;
    return found;
  }

  /**
   * The lowest figure over the coupon and cross-shop options at a point: `exact` at this basis
   * only, else the worst over every larger basis of the same cell too. Records the best exact one.
   */
  evalPoint(pt: Corner, exact: boolean): number {
    const { fee, baseGift, tail, myCoupons, crossOpts } = this.cur;
    let low = Number.POSITIVE_INFINITY;
    const { x3, X4, B } = pt;
    const lines = exact ? this.lines : 0;
    // each cross-shop offer's part at this basis (and its bound beyond), once per point
    for (let ki = 0; ki < crossOpts.length; ki++) {
      const k = crossOpts[ki];
      if (!k) continue;
      this.partAt[ki] = k.at(B);
      this.allAt[ki] = this.atAll;
      if (!exact) this.contAt[ki] = k.cont(B);
    }
    for (let ci = -1; ci < myCoupons.length; ci++) {
      const c = ci < 0 ? undefined : myCoupons[ci]!;
      // (the coupons open at the corner's basis)
      if (c && c.thresholdFen > pt.couponB) continue;
      let s4 = 0;
      let X5 = X4;
      let g5 = pt.g4;
      let j = pt.j4;
      if (c) {
        if (c.amountFen !== undefined) {
          const D = Math.min(c.amountFen, X4);
          s4 = lines > 0 ? this.roundShare(x3, D, X4, 1) : shareOf(x3, D, X4);
          X5 = X4 - D;
        } else {
          const r = c.rateBp ?? BP;
          let D = X4 - Math.floor((X4 * r + 5000) / BP);
          if (c.capFen !== undefined) D = Math.min(D, c.capFen);
          s4 = lines > 0 ? this.roundShare(x3, D, X4, 1) : shareOf(x3, D, X4);
          if (!exact) {
            // beyond: D/X ≤ ((1 − r)·X + ½)/X, or cap/X, at X ≥ X4 + 1
            const X1 = X4 + 1;
            let n1 = (BP - r) * X1 + 4999;
            if (c.capFen !== undefined) n1 = Math.min(n1, c.capFen * BP);
            s4 = Math.max(s4, shareOf(x3, n1, BP * X1));
          }
          X5 = X4 - D;
          const capped = c.capFen !== undefined && X4 * (BP - r) - 5000 >= c.capFen * BP;
          if (!capped) {
            g5 = (pt.g4 * r) / BP;
            j = pt.j4 + 1;
          }
        }
      }
      const x4 = x3 - s4;
      for (let ki = 0; ki < crossOpts.length; ki++) {
        const k = crossOpts[ki];
        let m = x4;
        let all: number | undefined;
        if (k) {
          all = this.allAt[ki]!;
          let s5: number;
          if (X5 <= 0) s5 = x4;
          else {
            s5 =
              lines > 0
                ? this.roundShare(x4, this.partAt[ki]!, X5, 2)
                : shareOf(x4, this.partAt[ki]!, X5);
            if (!exact) {
              // a larger basis in the same cell: the part grows at most ρ per fen, the lines'
              // amount at least g5 per fen (j fen of rounding aside)
              const cont = this.contAt[ki]!;
              const c1 = cont + k.rho;
              const r1 =
                j === 0
                  ? c1 / (X5 + g5)
                  : (cont + k.rho * Math.max(1, j / Math.max(g5, 1e-9))) / X5;
              let r2 = g5 > 0 ? k.rho / g5 : 1;
              // (a bounded region: the ratio is monotone in how far past the corner, so its
              // most is at an end — the start is r1's)
              if (pt.span < Number.POSITIVE_INFINITY && g5 > 0) {
                const d = Math.max(pt.span, j / g5, 1);
                const den = X5 + g5 * d - j;
                if (den > 0) r2 = Math.min(r2, (cont + k.rho * d) / den);
              }
              s5 = Math.min(x4, Math.max(s5, ceilUp(x4 * Math.min(1, Math.max(r1, r2)))));
            }
          }
          m = x4 - k.loss(s5);
        }
        // at most about 2^50: exact in a double (a line of several units: its figure per unit,
        // rounded down)
        let num = tail(m) * (BP - fee) - (pt.gift + baseGift) * BP;
        if (this.perUnits > 1) num = Math.floor(num / this.perUnits);
        if (num < low) {
          low = num;
          this.lowCi = ci;
          this.lowKi = ki;
          this.lowAll = all ?? 0;
          this.lowM = m;
        }
        if (exact && num < this.bestNum) this.record(num, pt, B, c, k, m, all);
      }
    }
    return low;
  }

  /**
   * A lower bound of `evalPoint(pt, false)` at a fraction of its work: the most any open coupon
   * takes off the line and off the lines' amount, and the cross-shop share at the least amount
   * any coupon leaves, taken together (each level's loss only grows with what it is given, and
   * what follows it only with what it leaves).
   */
  lowerAt(pt: Corner): number {
    const { fee, baseGift, tail, myCoupons, crossOpts } = this.cur;
    const { x3, X4, B } = pt;
    let s4max = 0;
    let Dmax = 0;
    let g5min = pt.g4;
    let jmax = pt.j4;
    for (let ci = 0; ci < myCoupons.length; ci++) {
      const c = myCoupons[ci]!;
      if (c.thresholdFen > pt.couponB) continue;
      let D: number;
      let s4: number;
      if (c.amountFen !== undefined) {
        D = Math.min(c.amountFen, X4);
        s4 = shareOf(x3, D, X4);
      } else {
        const r = c.rateBp ?? BP;
        D = X4 - Math.floor((X4 * r + 5000) / BP);
        if (c.capFen !== undefined) D = Math.min(D, c.capFen);
        s4 = shareOf(x3, D, X4);
        const X1 = X4 + 1;
        let n1 = (BP - r) * X1 + 4999;
        if (c.capFen !== undefined) n1 = Math.min(n1, c.capFen * BP);
        s4 = Math.max(s4, shareOf(x3, n1, BP * X1));
        const capped = c.capFen !== undefined && X4 * (BP - r) - 5000 >= c.capFen * BP;
        if (!capped) {
          g5min = Math.min(g5min, (pt.g4 * r) / BP);
          jmax = pt.j4 + 1;
        }
      }
      if (s4 > s4max) s4max = s4;
      if (D > Dmax) Dmax = D;
    }
    const x4 = x3 - s4max;
    const X5 = X4 - Dmax;
    let low = Number.POSITIVE_INFINITY;
    for (let ki = 0; ki < crossOpts.length; ki++) {
      const k = crossOpts[ki];
      let m = x4;
      if (k) {
        let s5: number;
        if (X5 <= 0) s5 = x3;
        else {
          const part = k.at(B);
          const cont = k.cont(B);
          s5 = shareOf(x3, part, X5);
          const r1 =
            jmax === 0
              ? (cont + k.rho) / (X5 + g5min)
              : (cont + k.rho * Math.max(1, jmax / Math.max(g5min, 1e-9))) / X5;
          const r2 = g5min > 0 ? k.rho / g5min : 1;
          s5 = Math.min(x3, Math.max(s5, ceilUp(x3 * Math.min(1, Math.max(r1, r2)))));
        }
        m = x4 - k.loss(s5);
      }
      const num = tail(m) * (BP - fee) - (pt.gift + baseGift) * BP;
      if (num < low) low = num;
    }
    return low;
  }

  /**
   * Folds in a region's worst figure that no single cart is known to reach, with the options
   * that gave it (coupon and cross-shop indices, the all-shops basis aimed at, the amount left
   * before the tail: where the witness aims).
   */
  bound(num: number, pt: Corner, ci: number, ki: number, all: number, m: number) {
    if (num >= this.bestNum) return;
    const k = this.cur.crossOpts[ki];
    const c = ci < 0 ? undefined : this.cur.myCoupons[ci];
    this.record(num, pt, pt.B, c, k, m, k ? all : undefined);
  }

  jointAt(
    ctx: SkuCtx,
    a: number,
    extra: number,
    cutoff: number,
    giftA: number,
    together: boolean,
    dilute: ((shop: string, basis: number) => number) | undefined,
  ): JointResult | undefined {
    const { thresholds, giftShare, options, reach } = ctx;
    this.cur = ctx;
    // figures at or above the cutoff are not wanted: they are cut like a bound already found
    this.bestNum = cutoff;
    this.found = false;
    this.budget = Math.min(ctx.allowance, this.pool);
    this.nToDo = 0;
    for (const o of options) {
      const rest = this.restWithout(o.id);
      // (the partners sharing the line's class sit in the offer's lines too)
      const aMin = together && o.id !== undefined ? a + extra : a;
      // (where the catalogue's bases are known, a cell's corner moves up to the least basis
      // P's lines can make: the bases between are never reached, and the region's worst beyond
      // its corner covers the rest of it)
      for (const whole of o.cells) {
        if (whole.hi <= aMin) continue;
        for (const cell of whole.grow ? growPieces(whole, Math.max(aMin, whole.lo)) : [whole]) {
          // (a rate offer's cell too: its lines left after it, ⌊r·B_G⌉, only grow with B_G, and
          // its share is bounded from the corner up. An uncapped 每满减's growing cell keeps its
          // corner, which starts on a step: past a step its lines are worth less than at the
          // bases between, so a corner moved up to a basis the catalogue makes would miss the
          // carts on the steps beyond)
          const lo0 = Math.max(aMin, cell.lo);
          const lo =
            reach !== undefined && o.id !== undefined && !cell.grow ? reach.g(o.id, lo0) : lo0;
          if (lo >= cell.hi) continue;
          // a rate option's discount grows with its lines: its corners also where a coupon
          // threshold meets its lines alone
          this.bgList.reset(lo);
          if (cell.r !== undefined) {
            for (const T of thresholds) {
              if (T > lo && T < cell.hi) this.bgList.add(T);
              const v = T - rest.t;
              if (Number.isFinite(v) && v > lo && v < cell.hi) this.bgList.add(v);
            }
          }
          for (let bi = 0; bi < this.bgList.n; bi++) {
            const BG = this.bgList.at(bi);
            // the line's amount where P's lines are worth at least BG (an item coupon every
            // line of P holds too splits its discount over them all)
            const aB = dilute !== undefined && o.id !== undefined ? dilute(o.id, BG) : a;
            const bgNext = bi + 1 < this.bgList.n ? this.bgList.at(bi + 1) : cell.hi;
            // the SKU's share of the option's discount, worst over the cell, and the discount at the corner
            let s3: number;
            let DP: number;
            if (cell.r !== undefined) {
              DP = BG - Math.floor((BG * cell.r + 5000) / BP);
              const beyond = (BP - cell.r) * (BG + 1) + 4999;
              s3 = Math.max(shareOf(aB, DP, BG), shareOf(aB, beyond, BP * (BG + 1)));
            } else {
              if (cell.grow) {
                // (every full step from the corner up takes d off: the line's share is at most
                // ⌈a·d/step⌉ wherever its lines stand in the cell)
                DP = Math.min(Math.floor(BG / cell.grow.step) * cell.grow.d, BG);
                s3 = o.id === undefined ? 0 : shareOf(aB, cell.grow.d, cell.grow.step);
              } else {
                DP = Math.min(cell.d, BG);
                s3 = o.id === undefined ? 0 : shareOf(aB, DP, BG);
              }
            }
            const x3 = aB - s3;
            const gift = o.id === undefined ? 0 : giftShare(cell.gift, cell.giftT, giftA);
            // the rest's corners, from the least it can be worth (the SKU's group partners) up.
            // On B_G + y = a + extra, moving a fen from the rest into P's lines lowers the SKU's
            // share of an amount offer and the rest's loss to other offers, so the lowest B_G is
            // the worst there; a rate offer's own discount grows instead, so each of its corners
            // below the diagonal is lifted onto it (B and the least X4 over the piece it covers)
            const rateP = cell.r !== undefined && o.id !== undefined;
            // (an amount offer's region is bounded on the diagonal through its corner: a cart
            // stands for its whole basis B there, so the rest's corners move up to where B is a
            // basis a cart can make; a rate offer's regions keep theirs)
            // (an uncapped 每满减's last cell is bounded over its whole region, not through the
            // diagonal: its corners stay too)
            const lift = reach !== undefined && !rateP && !cell.grow ? reach : undefined;
            const L = aB + extra;
            const yMin = rateP ? 0 : Math.max(0, L - BG);
            const sid = o.id;
            const up = (y: number) =>
              lift === undefined ? y : (sid ? lift.bIn(sid, BG, BG + y) : lift.b(BG + y)) - BG;
            this.ys.reset(up(yMin));
            // (the rest's first step, and the one where its loss's rate reaches its most: each
            // region takes the rate of the last step it holds)
            for (const t of rest.corners) if (t > yMin) this.ys.add(up(t));
            // (where a rate coupon's cap is reached for sure: past it the lines' amount after
            // the coupon grows faster, so a region ending there is bounded tighter)
            const nTh = rest.th.length;
            const thMax = nTh > 0 ? rest.th[nTh - 1]! : 0;
            const halfMax = nTh > 0 ? 0.5 * rest.nr[nTh - 1]! : 0;
            if (thMax < 1)
              for (const c of ctx.myCoupons) {
                if (c.rateBp === undefined || c.capFen === undefined || c.rateBp >= BP) continue;
                const capX4 = Math.ceil((c.capFen * BP + 5000) / (BP - c.rateBp));
                const capB = Math.ceil((capX4 + DP - thMax * BG + halfMax + 1) / (1 - thMax));
                if (capB - BG > yMin && Number.isFinite(capB)) this.ys.add(up(capB - BG));
              }
            for (const T of thresholds)
              if (T > BG) {
                if (T - BG > yMin) this.ys.add(up(T - BG));
                const v = Math.max(T - BG, rest.t);
                if (v > yMin && Number.isFinite(v)) this.ys.add(up(v));
              }
            for (let yi = 0; yi < this.ys.n; yi++) {
              const y = this.ys.at(yi);
              const yNext = yi + 1 < this.ys.n ? this.ys.at(yi + 1) : Number.POSITIVE_INFINITY;
              const Bc = BG + y;
              const held = y >= rest.t;
              const si = held ? restStep(rest, yNext - 1) : -1;
              const th = held ? rest.th[si]! : 0;
              const halves = held ? 0.5 * rest.nr[si]! : 0;
              const V = held ? th * y + halves : 0;
              // how fast the lines' amount grows with the basis inside the cell, and its rounding
              let g4 = held ? 1 - th : 1;
              let j4 = held && th > 0 ? 1 : 0;
              if (cell.r !== undefined && o.id !== undefined) {
                g4 = Math.min(g4, cell.r / BP);
                j4 += 1;
              }
              // (an uncapped 每满减's discount grows by at most d/step per fen of its lines)
              if (cell.grow && o.id !== undefined)
                g4 = Math.min(g4, (1 - cell.grow.d / cell.grow.step) * (1 - 1e-12));
              // every line's amount after the shop level, at least
              let B = Bc;
              let X4 = Math.max(x3, Math.ceil(Bc - DP - V - 1e-6));
              if (rateP && Bc < L) {
                // the points of this cell with B_G' + y' ≥ L: X4 ≥ r·B_G' + (1 − θ)·y' − ½ − V's
                // halves, linear, so least at an end of the diagonal's piece in the cell
                const lo1 = Math.max(BG, L - yNext + 1);
                const hi1 = Math.min(bgNext - 1, L - y);
                if (lo1 > hi1) continue;
                const coef = cell.r! / BP - (1 - th);
                const lb = L * (1 - th) + Math.min(lo1 * coef, hi1 * coef) - 0.5 - halves;
                B = L;
                X4 = Math.max(x3, Math.ceil(lb - 1e-6));
              }
              let pt = this.corners[this.nToDo];
              if (!pt) {
                pt = new Corner();
                this.corners.push(pt);
              }
              pt.B = B;
              pt.BG = BG;
              pt.x3 = x3;
              pt.X4 = X4;
              pt.g4 = g4;
              pt.j4 = j4;
              pt.gift = gift;
              pt.shop = o.id;
              pt.couponB = B;
              // (a region bounded on both sides, not scanned: its worst beyond reaches only so far)
              // (without a shop-level option the SKU's line is the offer's lines: B_G stays)
              pt.span =
                held || cell.r !== undefined || cell.grow
                  ? (o.id === undefined ? BG : bgNext - 1) + yNext - 1 - B
                  : Number.POSITIVE_INFINITY;
              // most corners are no lower than the cutoff: a cheaper bound rules them out first
              if (this.cur.myCoupons.length > 0 && this.lowerAt(pt) >= this.bestNum) continue;
              const w0 = this.evalPoint(pt, false);
              if (w0 < this.bestNum) {
                pt.w0 = w0;
                pt.lowCi = this.lowCi;
                pt.lowKi = this.lowKi;
                pt.lowAll = this.lowAll;
                pt.lowM = this.lowM;
                // (an uncapped 每满减's last cell starts past every threshold, and its discount
                // grows with its lines: the corner's worst over the region stands for all of it)
                pt.scan = !(held || cell.r !== undefined || cell.grow);
                pt.y = y;
                pt.yNext = yNext;
                pt.DP = DP;
                pt.a = aB;
                // kept in order of their worst as they come (ties in arrival order), for the loop below
                let i = this.nToDo++;
                while (i > 0 && this.toDo[i - 1]!.w0 > w0) {
                  this.toDo[i] = this.toDo[i - 1]!;
                  i--;
                }
                this.toDo[i] = pt;
              }
            }
          }
        }
      }
    }
    // the cells whose worst can be lowest first, so the others are mostly cut at once
    for (let ti = 0; ti < this.nToDo; ti++) {
      const pt = this.toDo[ti]!;
      const { w0, scan, y, yNext, DP } = pt;
      if (w0 >= this.bestNum) break;
      if (!scan) {
        // the corner, and the worst beyond it
        const e = this.evalPoint(pt, true);
        if (w0 < e) this.bound(w0, pt, pt.lowCi, pt.lowKi, pt.lowAll, pt.lowM);
        continue;
      }
      // no other shop-level offer holds lines here: each basis exactly (the cross-shop part
      // rounds up at some) until the worst beyond cannot be lower
      const Bc = pt.B;
      const reach = this.cur.reach;
      // (where the catalogue's bases are known, only those a cart can make)
      for (let d = 0, n = 0; y + d < yNext; n++) {
        if (n > 0)
          d = !reach
            ? d + 1
            : (pt.shop ? reach.bIn(pt.shop, pt.BG, Bc + d + 1) : reach.b(Bc + d + 1)) - Bc;
        if (y + d >= yNext) break;
        pt.B = Bc + d;
        pt.X4 = Math.max(pt.x3, Bc + d - DP);
        // the worst from here on is at most the exact figure here: when it is no lower than
        // the best so far, neither is anything further on
        const w = d === 0 ? w0 : this.evalPoint(pt, false);
        if (w >= this.bestNum) break;
        const wCi = d === 0 ? pt.lowCi : this.lowCi;
        const wKi = d === 0 ? pt.lowKi : this.lowKi;
        const wAll = d === 0 ? pt.lowAll : this.lowAll;
        const wM = d === 0 ? pt.lowM : this.lowM;
        // this basis exactly: where the SKU's line can only be one unit (a line of more units
        // nets at least the worst of one unit only through the ceilings) and few lines fit
        // beside it, their rounding often cannot hand it the fen above its parts
        const x3 = pt.x3;
        const unit = reach?.unit;
        const one =
          unit !== undefined &&
          reach !== undefined &&
          oneUnit(pt.a, pt.B, unit, reach.dearest, reach.makes);
        // where lines of several units make this basis too, of a SKU of one unit amount with
        // nothing after the cross-shop level and no gift: its line of one unit as below, and
        // each line of q units the catalogue can complete on its own, every split's ceiling
        // spread over its q units
        const many =
          !one &&
          unit !== undefined &&
          reach?.makes !== undefined &&
          reach.dearest === pt.a &&
          pt.a === a &&
          pt.gift === 0 &&
          this.cur.baseGift === 0 &&
          this.cur.tail.plain === true;
        if (one || many) {
          this.lines = 1 + Math.floor((pt.B - pt.a) / unit);
          // (where the offer holds every line, its lines are worth B: a cart of this basis past
          // the cell is another cell's)
          const sole = pt.shop !== undefined && pt.shop === reach.sole;
          this.dens = sole ? reach.lineAmounts : undefined;
          if (this.dens !== undefined) {
            this.densGcd = reach.lineGcd ?? 1;
            if (this.sizes.length < this.dens.length) {
              this.sizes = new Int32Array(this.dens.length);
              this.gains = new Float64Array(this.dens.length);
              this.gains0 = new Float64Array(this.dens.length);
              this.rem0 = new Float64Array(this.dens.length);
              this.remFloor = new Float64Array(this.dens.length);
              this.remUp = new Float64Array(this.dens.length);
              this.perFen = new Float64Array(this.dens.length);
              this.heap = new Int32Array(this.dens.length);
              this.order = new Int32Array(this.dens.length);
            }
          }
          this.dB = pt.B;
          this.dD1 = DP;
          this.dF = pt.B - pt.a;
          if (pt.shop === undefined) this.evalPoint(pt, true);
          else {
            // the offer's split both ways it can fall for the line: its part's floor, and the
            // fen above it where the other lines can leave it that (as in `roundShare`)
            const den = sole ? pt.B : pt.BG;
            const fl = Math.min(pt.a, floorDiv(pt.a, DP, den));
            const rem = divRem;
            this.dRem1 = rem;
            this.dUp = false;
            pt.x3 = pt.a - fl;
            this.evalPoint(pt, true);
            if (
              rem > 0 &&
              fl < pt.a &&
              rem * this.lines >= den &&
              (this.dens === undefined || this.fits(rem, DP, den, 0))
            ) {
              this.dUp = true;
              pt.x3 = pt.a - fl - 1;
              this.evalPoint(pt, true);
            }
          }
          if (many) {
            this.lines = 0;
            this.dens = undefined;
            const X4 = pt.X4;
            const den = pt.shop !== undefined && pt.shop === reach!.sole ? pt.B : pt.BG;
            for (let q = 2; q * pt.a <= pt.B; q++) {
              const r = pt.B - q * pt.a;
              if (r !== 0 && (r < unit! || !reach!.makes!(r))) continue;
              const A = q * pt.a;
              pt.x3 = pt.shop === undefined ? A : A - shareOf(A, DP, den);
              pt.X4 = Math.max(pt.x3, pt.B - DP);
              this.perUnits = q;
              this.evalPoint(pt, true);
            }
            this.perUnits = 1;
            pt.X4 = X4;
          }
        } else this.evalPoint(pt, true);
        this.lines = 0;
        this.dens = undefined;
        pt.x3 = x3;
        if (n >= 12) {
          this.bound(w, pt, wCi, wKi, wAll, wM);
          break;
        }
      }
    }
    this.nToDo = 0;
    if (!this.found) return undefined;
    const t = ctx.tail(this.bM, true);
    return {
      num: BigInt(this.bestNum),
      shop: this.bShop,
      shopCoupon: this.bCoupon?.id,
      crossShop: this.bCross?.p.id,
      platformCoupon: t.platformCoupon,
      deposit: t.deposit,
      corner: {
        basisFen: this.bB,
        shopBasisFen: this.bBG,
        crossAllFen: this.bAll,
        ...(this.bUnits > 1 ? { units: this.bUnits } : {}),
        ...(this.bCart ? { lines: this.bCart } : {}),
      },
    };
  }
}
