/**
 * Worst-case guard: for each SKU, a proven lower bound of the merchant net per unit after fees
 * over every cart a campaign allows (the larger of `worst-case-bound.ts` and
 * `worst-case-joint.ts`, argument in README.md), and a witness cart built from the options that
 * give the bound — the SKU's line with filler at steady prices landing the joint bound's basis
 * exactly (layouts checked by a small simulation first), one unit alone or a group's worth of
 * single-unit lines, filler landing the basis on the threshold, the other shops' amount landing
 * a cross-shop step or tier — priced by the engine itself. The witness equals the bound when the
 * figure is exact; a SKU whose bound is below its floor gets every witness variant.
 */
import { z } from "zod";
import { bp, fen, idString, platformShareOf } from "./common.ts";
import {
  applyGroup,
  compile,
  evaluate,
  LEVEL_OF,
  lowestThreshold,
  scopeCovers,
  unitPriceOf,
} from "./engine.ts";
import { couponOutcome } from "./mechanics/coupon.ts";
import { crossShopOutcome } from "./mechanics/cross-shop.ts";
import {
  allowed as allowedUnits,
  initialCapacity,
  isLimited,
  limitsOf,
} from "./mechanics/limits.ts";
import { manJianOutcome } from "./mechanics/man-jian.ts";
import { manZheOutcome } from "./mechanics/man-zhe.ts";
import { meiManJianOutcome } from "./mechanics/mei-man-jian.ts";
import {
  BP,
  type Fraction,
  type FractionJson,
  frac,
  fracCmp,
  fracToJson,
  largestRemainder,
  mulDivHalfUp,
  zeros,
} from "./money.ts";
import { buildResult } from "./quote.ts";
import type { QuoteResult } from "./result.ts";
import {
  type CartLine,
  type Customer,
  type Promotion,
  PromotionSchema,
  type QuoteInput,
  StateSchema,
  uniqueIds,
} from "./schema.ts";
import {
  type BoundChoice,
  boundCalculator,
  CoverRows,
  nextSums,
  type SkuBound,
} from "./worst-case-bound.ts";
import { type JointCorner, restOf } from "./worst-case-joint.ts";

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

/** A cart reaching (or, when not exact, coming closest found to) a SKU's worst case. */
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
  /** This cart's net per unit after fees for that line, as priced by the engine. */
  netPerUnit: FractionJson;
}

export interface WorstCaseSku {
  sku: string;
  listPriceFen: number;
  costFen: number;
  floorFen: number;
  /** Proven lower bound of the net per unit after fees over every cart the campaign allows. */
  worstNetPerUnit: FractionJson;
  /** The witness cart reaches the bound: the figure is the exact minimum. */
  exact: boolean;
  /** The bound is below the floor: publishing needs an owner's override. */
  belowFloor: boolean;
  /** The witness cart itself nets below the floor (a loss the engine really charges). */
  confirmed: boolean;
  cart: WorstCart;
}

export interface WorstCaseResult {
  feeRateBp: number;
  skus: WorstCaseSku[];
  violations: {
    sku: string;
    floorFen: number;
    worstNetPerUnit: FractionJson;
    confirmed: boolean;
    witnessNetPerUnit: FractionJson;
  }[];
  cartsPriced: number;
}

const COUPONS = new Set(["itemCoupon", "shopCoupon", "platformCoupon"]);
const FAR_PAST = "2000-01-01T00:00:00.000Z";
/** The most units of the SKU itself the witness search lays out as filler. */
const OWN_UNITS_MAX = 240;
/** The local search: quotes in all (shared by the catalogue's SKUs), at most and at least per SKU, SKUs it trades in. */
const SEARCH_TOTAL = 40_000;
const SEARCH_MAX = 400;
const SEARCH_MIN = 40;
const SEARCH_SKUS = 40;

function groupSize(p: Promotion): number {
  switch (p.kind) {
    case "buyNGetM":
      return p.buyQty + p.freeQty;
    case "nForX":
    case "nAtRate":
      return p.qty;
    case "secondItem":
      return 2;
    case "moreForSame":
      return p.perQty;
    default:
      return 1;
  }
}

/** The lowest threshold tier of a promotion giving the most per fen of basis (the worst case sits there). */
function targetThreshold(p: Promotion): number | undefined {
  const pick = (ts: { thresholdFen: number; r: number }[]) => {
    let best: { thresholdFen: number; r: number } | undefined;
    for (const t of ts)
      if (
        t.thresholdFen > 0 &&
        (!best || t.r > best.r || (t.r === best.r && t.thresholdFen < best.thresholdFen))
      )
        best = t;
    return best?.thresholdFen;
  };
  switch (p.kind) {
    case "manJian":
      return pick(
        p.tiers.map((t) => ({ thresholdFen: t.thresholdFen, r: t.discountFen / t.thresholdFen })),
      );
    case "manZhe":
      return pick(p.tiers.map((t) => ({ thresholdFen: t.thresholdFen, r: -t.rateBp })));
    case "meiManJian":
      return p.stepFen;
    case "manSong":
    case "jiaJiaGou":
      return p.thresholdFen > 0 ? p.thresholdFen : undefined;
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon":
      return p.thresholdFen > 0 ? p.thresholdFen : undefined;
    case "crossShop":
      return p.tiers
        ? pick(
            p.tiers.map((t) => ({
              thresholdFen: t.thresholdFen,
              r: t.discountFen / t.thresholdFen,
            })),
          )
        : p.stepFen;
    default:
      return undefined;
  }
}

type CatalogueSku = WorstCaseInput["skus"][number];

type Filler = {
  /** The amounts filler SKUs are worth, ascending; per place in it: */
  prices: number[];
  /** the SKU worth it, */
  skuOf: CatalogueSku[];
  /** the units its price holds for, */
  capOf: Float64Array;
  /** 1 where the SKU is in a group promotion (a few units only: not the many-units SKU of a pair). */
  fewOf: Uint8Array;
  /** Per amount, 1 where a SKU is worth it (small: the search probes it most). */
  has: Uint8Array;
  /** Per amount, its place in `prices` plus one (0: none). */
  at: Int32Array;
};

/** Filler lines, one object per SKU and quantity (the filler search builds many candidate sets). */
class FillLines {
  private readonly bySku = new Map<string, CartLine[]>();
  line(y: CatalogueSku, q: number): CartLine {
    let byQty = this.bySku.get(y.sku);
    if (!byQty) {
      byQty = [];
      this.bySku.set(y.sku, byQty);
    }
    let l = byQty[q];
    if (!l) {
      l = lineOf(y, q);
      byQty[q] = l;
    }
    return l;
  }
}

/**
 * Filler line sets worth exactly `fen` (SKUs by their unit amount): equal lines of one SKU (so
 * the split's leftover fen go by order, the SKU's line first), or one or more lines of a cheap
 * SKU and a line of another making up the rest. At most `max`. A SKU in a group promotion
 * (a few units at most) is never the cheap SKU: it would crowd out those that can be. (A
 * function of the module: its generators then share one shape across campaigns, so the code
 * reading them stays optimized.)
 */
function* fillerSets(
  { prices, has, at, skuOf, capOf, fewOf }: Filler,
  fen: number,
  max: number,
  lines: FillLines,
): Generator<CartLine[]> {
  if (fen <= 0 || prices.length === 0) return;
  // (amounts are whole fen: `| 0` keeps the indices small integers, the arrays' fast path)
  let left = max;
  const minP = prices[0]!;
  for (let n = 1; n <= 24; n++) {
    if (fen % n !== 0) continue;
    const part = (fen / n) | 0;
    for (let q = 1; q * minP <= part && q <= 40; q++) {
      if (part % q !== 0) continue;
      const v = (part / q) | 0;
      const j = has[v] === 1 ? at[v]! - 1 : -1;
      if (j >= 0 && n * q <= capOf[j]!) {
        yield repeated(n, lines.line(skuOf[j]!, q));
        if (--left === 0) return;
        break;
      }
    }
  }
  // a cheap SKU's units, as one line or n equal lines, and one line making up the rest: equal
  // lines leave the split's leftover fen by order, so some n hands the SKU's line the extra fen
  for (let i = 0, used = 0; used < 12 && i < prices.length; i++) {
    const p1 = prices[i]!;
    if (fewOf[i] === 1) continue;
    used++;
    const y1 = skuOf[i]!;
    const cap1 = capOf[i]!;
    for (let k1 = 1; k1 * p1 < fen && k1 <= 90 && k1 <= cap1; k1++) {
      // the rest as one line of k ≤ 3 units of one amount
      const f = fen - k1 * p1;
      let k = 1;
      let j = -1;
      for (; k <= 3 && k * minP <= f; k++) {
        if (f % k !== 0) continue;
        const v = (f / k) | 0;
        j = has[v] === 1 ? at[v]! - 1 : -1;
        if (j >= 0 && k <= capOf[j]!) break;
      }
      if (k > 3 || k * minP > f) continue;
      const y2 = skuOf[j]!;
      // (two limited prices might share one promotion's capacity: not paired)
      if (y2 === y1 || (Number.isFinite(capOf[j]!) && Number.isFinite(cap1))) continue;
      const two = lines.line(y2, k);
      yield [lines.line(y1, k1), two];
      if (--left === 0) return;
      for (let d = 1; d <= 3; d++) {
        const n = k1 / d;
        if (n > 1 && Number.isInteger(n) && n <= 30) {
          const out = repeated(n, lines.line(y1, d));
          out.push(two);
          yield out;
          if (--left === 0) return;
        }
      }
    }
  }
}

/**
 * Filler amounts a subset-sum table is kept for: up to this basis, in at most so many steps
 * (past them the table ends where it got to).
 */
const EXACT_FILL_MAX = 200_000;
const EXACT_FILL_WORK = 40_000_000;
/**
 * Per set of usable filler amounts (ascending), for each sum up to its length − 1, the amount
 * of a line ending a way to it (0 for the empty sum, −1: none), and whether the step bound cut
 * it short (it is then never extended). A guard's filler pools often share their usable
 * amounts: tables are kept by those (the key of each pool remembered), at most
 * EXACT_FILL_TABLES at once.
 */
const exactFillTables = new Map<string, { table: Int32Array; cut: boolean }>();
const exactFillKeys = new WeakMap<Filler, { key: string; amounts: number[] }>();
const EXACT_FILL_TABLES = 32;

/**
 * The sums of `amounts` (ascending) up to `top`, each with the dearest amount ending a way to
 * it (see `exactFillTables`): a sum tries its own amount, then the dearest leaving at least
 * the least amount (no sum lies between 0 and it), skipping the bases `nextSums` says no sum
 * makes.
 */
function fillTable(amounts: readonly number[], top: number): { table: Int32Array; cut: boolean } {
  const table = new Int32Array(top + 1).fill(-1);
  table[0] = 0;
  const least = amounts[0];
  if (least === undefined) return { table, cut: false };
  const sums = nextSums(amounts, top);
  let hi = -1;
  let own = 0;
  let work = 0;
  for (let x = 1; x <= top; x++) {
    while (hi + 1 < amounts.length && amounts[hi + 1]! <= x - least) hi++;
    while (own < amounts.length && amounts[own]! < x) own++;
    if (sums !== undefined && sums[x] !== x) continue;
    if (amounts[own] === x) {
      table[x] = x;
      continue;
    }
    for (let j = hi; j >= 0; j--) {
      work++;
      if (table[x - amounts[j]!] !== -1) {
        table[x] = amounts[j]!;
        break;
      }
    }
    if (work > EXACT_FILL_WORK) return { table: table.subarray(0, x + 1), cut: true };
  }
  return { table, cut: false };
}

/** How far past the rest of a corner filler held by another offer may land (`jointWitness`). */
const REST_PAST = 2000;

/**
 * Any filler worth exactly `fen`, from a subset-sum table over the filler's unlimited amounts
 * outside group promotions, dearest amounts first: one line per SKU, or lines of one unit.
 * Where `fillerSets`' shapes miss the corner (three amounts, one of them a windowed price, or
 * a rest that only many lines of a catalogue of many prices make), such a set may land it.
 */
function exactFill(
  fill: Filler,
  fen: number,
  lines: FillLines,
  split: boolean,
): CartLine[] | undefined {
  const { prices, capOf, fewOf, skuOf, at } = fill;
  if (fen <= 0 || fen > EXACT_FILL_MAX) return undefined;
  let k = exactFillKeys.get(fill);
  if (!k) {
    const amounts = prices.filter((_, j) => fewOf[j] !== 1 && !Number.isFinite(capOf[j]!));
    k = { key: amounts.join(","), amounts };
    exactFillKeys.set(fill, k);
  }
  let t = exactFillTables.get(k.key);
  if (!t || (t.table.length <= fen && !t.cut)) {
    const top = Math.min(EXACT_FILL_MAX, Math.max(fen, 8192, 2 * (t?.table.length ?? 0)));
    t = fillTable(k.amounts, top);
    if (exactFillTables.size >= EXACT_FILL_TABLES && !exactFillTables.has(k.key))
      exactFillTables.clear();
    exactFillTables.set(k.key, t);
  }
  const { table } = t;
  if (fen >= table.length || table[fen] === -1) return undefined;
  const qty = new Map<number, number>();
  for (let x = fen; x > 0; x -= table[x]!) qty.set(table[x]!, (qty.get(table[x]!) ?? 0) + 1);
  const out: CartLine[] = [];
  for (const [v, q] of qty) {
    const y = skuOf[at[v]! - 1]!;
    if (split) out.push(...repeated(q, lines.line(y, 1)));
    else out.push(lines.line(y, q));
  }
  return out;
}

/** Multisets of `m` items of `k` kinds: C(m + k − 1, m) (a float; large counts are only compared). */
function multisets(m: number, k: number): number {
  if (k === 0) return m === 0 ? 1 : 0;
  let c = 1;
  for (let i = 1; i <= m; i++) c = (c * (k - 1 + i)) / i;
  return c;
}

/** `n` times the same line. */
function repeated(n: number, line: CartLine): CartLine[] {
  const out: CartLine[] = [];
  for (let i = 0; i < n; i++) out.push(line);
  return out;
}

// the guard's helpers that need nothing of a campaign live in the module: code calling them
// stays optimized from one campaign to the next (a closure made per call is a new target each time)
const liveAt = (t: number, p: Promotion) =>
  (p.start === undefined || Date.parse(p.start) <= t) &&
  (p.end === undefined || t < Date.parse(p.end));

const lineOf = (
  y: { sku: string; categoryId?: string | undefined; listPriceFen: number },
  qty: number,
  addOn = false,
): CartLine => ({
  sku: y.sku,
  ...(y.categoryId !== undefined ? { categoryId: y.categoryId } : {}),
  listPriceFen: y.listPriceFen,
  qty,
  ...(addOn ? { addOn: true } : {}),
});

/**
 * An item-level price the witness's filler can count on at the instants it is live: no member
 * price, budget or customer condition (the witness's customer is chosen for the SKU, not the
 * filler); limited when it also has stock or a limit (then good for its first units only).
 */
const steady = (p: Promotion) =>
  p.kind !== "memberPrice" && p.customer === undefined && p.budgetFen === undefined;

/** Takes each line's share off its amount (in place); returns the shares. */
const take = (v: number[], sh: number[]) => {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) - (sh[i] ?? 0);
  return sh;
};

const sum = (xs: readonly number[]) => {
  let t = 0;
  for (let i = 0; i < xs.length; i++) t += xs[i]!;
  return t;
};

/**
 * Each SKU's lowest merchant net per unit after fees: a proven lower bound (the argument is in
 * README.md) and a witness cart priced by the engine itself. When the witness reaches the bound
 * the figure is exact; when the bound is below the floor the witness is searched harder to
 * confirm it.
 * @example
 * worstCase(WorstCaseInputSchema.parse({ skus: [{ sku: "A", listPriceFen: 10000, costFen: 6000 }], promotions: [] }))
 *   .skus[0].worstNetPerUnit // { num: 10000, den: 1, fen: 10000 }
 */
export function worstCase(input: WorstCaseInput): WorstCaseResult {
  const steps = worstCaseSteps(input);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A catalogue SKU a filler search can use, with its amount per unit. */
type PoolEntry = {
  y: CatalogueSku;
  amt: number;
  shops: number[];
  coupons: string[];
  /** Group promotions covering it. */
  groups: number[];
  /**
   * Units the amount holds for (a limited price's capacity, one fewer than a group's set),
   * and the limited price's promotion.
   */
  cap: number;
  via: number;
};

/**
 * One run of the guard over a catalogue: what is prepared once (coverage, bounds, filler), and
 * one SKU's witness at a time. A class rather than closures of a run: its methods are the same
 * functions in every run, so V8 keeps their optimized code from one campaign's check to the
 * next instead of compiling them again for each run's closures.
 */
class Guard {
  readonly input: WorstCaseInput;
  readonly fee: number;
  readonly promos: readonly Promotion[];
  readonly bySku: Map<string, CatalogueSku>;
  readonly rows: CoverRows;
  readonly boundOf: ReturnType<typeof boundCalculator>;
  readonly bounds = new Map<string, SkuBound>();
  readonly byId: Map<string, Promotion>;
  cartsPriced = 0;
  /** Instants where the live set changes. */
  readonly instants: number[];
  /** The customer every condition admits. */
  readonly tags: string[];
  /**
   * Per promotion, its two cheapest SKUs, preferring ones no group promotion touches (their
   * price does not move with the quantity); the filler for a SKU is the first that is not it.
   */
  readonly cheapestCache = new Map<string, CatalogueSku[]>();
  readonly inGroup: Map<string, boolean>;
  /** Per group promotion, its two dearest SKUs. */
  readonly dearCache = new Map<string, CatalogueSku[]>();
  // filler landing a basis exactly: SKUs no group promotion touches, at an item-level price the
  // cart cannot move (their list price, or the lowest of item-level promotions without a window,
  // budget or customer condition; a limited one for the units its capacity leaves), keyed by
  // the shop-level promotions and item coupons covering them
  readonly groupAt: number[];
  readonly itemAt: number[];
  readonly itemCouponAt: number[];
  readonly shopLevelAt: number[];
  /** Per promotion, the least basis it is met at (0: any, or none known). */
  readonly lowest: number[];
  /** Per shop-level 满减, 每满减 or 满折, the most it takes off per fen of its lines (else 0). */
  readonly perFenMost: number[];
  /**
   * The filler pool and each filler SKU's amount per unit at the threshold basis, per set of
   * item-level promotions with a window live at the witness's instant (one set where none has
   * a window).
   */
  readonly pools = new Map<string, { pool: PoolEntry[]; amounts: Map<string, number> }>();
  /** Item-level promotions with a window: the filler pool depends on which are live. */
  readonly windowedItems: number[];
  /** The witness's instant under way. */
  instant = 0;
  readonly allowedMask: Uint8Array;
  readonly fillerFor = new Map<string, Filler>();
  /** Filler SKUs in a group promotion. */
  readonly grouped = new Set<string>();
  readonly fillLines = new FillLines();
  /**
   * The promotions a cart can use (those covering one of its lines, and its coupons), one list
   * per distinct set so the engine's per-list preparation is shared between carts.
   */
  readonly lists = new Map<string, Promotion[]>();
  readonly autoIdx: number[];
  readonly mark: Uint8Array;
  /**
   * The local search's SKUs: every SKU of a small catalogue; else per set of promotions
   * covering them, the cheapest and the dearest.
   */
  readonly searchSkus: CatalogueSku[];
  readonly searchBudget: number;

  constructor(input: WorstCaseInput) {
    this.input = input;
    const fee = input.settings.feeRateBp;
    const promos = input.promotions;
    this.fee = fee;
    this.promos = promos;
    this.bySku = new Map(input.skus.map((s) => [s.sku, s]));
    const rows = new CoverRows(promos);
    this.rows = rows;
    this.boundOf = boundCalculator(input.skus, promos, {
      feeRateBp: fee,
      cumulative: input.settings.thresholdBasis === "cumulative",
      rows,
    });
    this.byId = new Map(promos.map((p) => [p.id, p]));
    const groupPromos = promos.filter((p) => LEVEL_OF[p.kind] === "group");
    const marks = new Set<number>();
    for (const p of promos) {
      if (p.start !== undefined) marks.add(Date.parse(p.start));
      if (p.end !== undefined) marks.add(Date.parse(p.end));
    }
    const sorted = [...marks].sort((a, b) => a - b);
    this.instants = sorted.length === 0 ? [Date.parse(FAR_PAST)] : [sorted[0]! - 1, ...sorted];
    this.tags = [...new Set(promos.flatMap((p) => p.customer?.tagsAny ?? []))];
    this.inGroup = new Map(
      input.skus.map((y) => [y.sku, groupPromos.some((g) => scopeCovers(g, y.sku, y.categoryId))]),
    );
    const indicesOf = (keep: (p: Promotion) => boolean) =>
      promos.flatMap((p, i) => (keep(p) ? [i] : []));
    this.groupAt = indicesOf((p) => LEVEL_OF[p.kind] === "group");
    this.itemAt = indicesOf((p) => LEVEL_OF[p.kind] === "item");
    this.itemCouponAt = indicesOf((p) => p.kind === "itemCoupon");
    this.shopLevelAt = indicesOf((p) => LEVEL_OF[p.kind] === "shop" && p.kind !== "freeShipping");
    this.lowest = promos.map(lowestThreshold);
    this.perFenMost = promos.map((p) =>
      p.kind === "manJian" || p.kind === "meiManJian" || p.kind === "manZhe" ? restOf(p).theta : 0,
    );
    this.windowedItems = this.itemAt.filter(
      (i) => promos[i]!.start !== undefined || promos[i]!.end !== undefined,
    );
    this.allowedMask = new Uint8Array(promos.length);
    this.autoIdx = indicesOf((p) => !COUPONS.has(p.kind));
    this.mark = new Uint8Array(promos.length);
    this.searchSkus = searchSkusOf(input.skus, rows);
    this.searchBudget = Math.min(SEARCH_MAX, Math.floor(SEARCH_TOTAL / input.skus.length));
  }

  bound(y: CatalogueSku) {
    let b = this.bounds.get(y.sku);
    if (!b) {
      b = this.boundOf(y);
      this.bounds.set(y.sku, b);
    }
    return b;
  }

  filler(p: Promotion, not: string) {
    let two = this.cheapestCache.get(p.id);
    if (!two) {
      const plain: CatalogueSku[] = [];
      const any: CatalogueSku[] = [];
      const keep = (list: CatalogueSku[], y: CatalogueSku) => {
        list.push(y);
        list.sort((a, b) => a.listPriceFen - b.listPriceFen);
        if (list.length > 2) list.pop();
      };
      for (const y of this.input.skus) {
        if (y.listPriceFen === 0 || !scopeCovers(p, y.sku, y.categoryId)) continue;
        keep(any, y);
        if (!this.inGroup.get(y.sku)) keep(plain, y);
      }
      two = [...plain, ...any];
      this.cheapestCache.set(p.id, two);
    }
    return two.find((y) => y.sku !== not);
  }

  dearest(g: Promotion, not: string) {
    let two = this.dearCache.get(g.id);
    if (!two) {
      two = [];
      for (const y of this.input.skus) {
        if (!scopeCovers(g, y.sku, y.categoryId)) continue;
        two.push(y);
        two.sort((a, b) => b.listPriceFen - a.listPriceFen);
        if (two.length > 2) two.pop();
      }
      this.dearCache.set(g.id, two);
    }
    return two.find((y) => y.sku !== not);
  }

  /** The windowed item-level promotions live at the witness's instant, as a key. */
  liveWindows(): string {
    let k = "";
    for (const i of this.windowedItems) if (liveAt(this.instant, this.promos[i]!)) k += `${i},`;
    return k;
  }

  /** The filler pool at the witness's instant (built once per set of live windowed prices). */
  poolNow(): { pool: PoolEntry[]; amounts: Map<string, number> } {
    const k = this.liveWindows();
    let got = this.pools.get(k);
    if (!got) {
      // (in a function of its own: a loop over the catalogue, run once, compiled apart)
      got = this.fillerPool();
      this.pools.set(k, got);
    }
    return got;
  }

  /**
   * The SKUs filler can come from at the witness's instant, with their amounts: those whose
   * item-level prices there are steady (a price with a window counts where it is live, and not
   * where it is not).
   */
  fillerPool(): { pool: PoolEntry[]; amounts: Map<string, number> } {
    const out: PoolEntry[] = [];
    const amounts = new Map<string, number>();
    const t = this.instant;
    for (const y of this.input.skus) {
      if (y.listPriceFen === 0) continue;
      const row = this.rows.of(y.sku, y.categoryId);
      const on = (i: number) => (row[i]! & 1) !== 0;
      // (an item-level price counts where it is live at the instant, and not where it is not)
      const priced = (i: number) => on(i) && liveAt(t, this.promos[i]!);
      if (!this.itemAt.every((i) => !priced(i) || steady(this.promos[i]!))) continue;
      // a SKU in group promotions is filler for fewer units than any of them needs (and
      // beside no line of the same promotion): no set forms, its item-level price stands
      const groups = this.groupAt.filter(on);
      let groupCap = Number.POSITIVE_INFINITY;
      for (const i of groups) {
        const g = this.promos[i]!;
        groupCap = Math.min(groupCap, g.kind === "bundle" ? 0 : groupSize(g) - 1);
      }
      if (groupCap < 1) continue;
      // the lowest price and its promotion, as the engine picks it (then by priority, id)
      let amt = y.listPriceFen;
      let via = -1;
      for (const i of this.itemAt) {
        if (!priced(i)) continue;
        const u = unitPriceOf(this.promos[i]!, y.sku, y.listPriceFen);
        if (u !== undefined && u < amt) {
          amt = u;
          via = i;
        }
      }
      if (amt <= 0) continue;
      // (two promotions at the lowest price, one limited: left out rather than guessed)
      if (
        this.itemAt.some(
          (i) =>
            i !== via &&
            priced(i) &&
            isLimited(this.promos[i]!) &&
            unitPriceOf(this.promos[i]!, y.sku, y.listPriceFen) === amt,
        )
      )
        continue;
      let cap = Number.POSITIVE_INFINITY;
      if (via >= 0 && isLimited(this.promos[via]!)) {
        const p = this.promos[via]!;
        cap = allowedUnits(
          initialCapacity(limitsOf(p), {
            stockLeft: this.input.state.stockLeft?.[p.id],
            customerUsedQty: this.input.state.customerUsedQty?.[p.id],
          }),
        );
        if (cap < 1) continue;
      }
      const shops = this.shopLevelAt.filter(on);
      const coupons = this.itemCouponAt.filter(on).map((i) => this.promos[i]!.id);
      if (groups.length > 0) this.grouped.add(y.sku);
      out.push({
        y,
        amt,
        shops,
        coupons,
        groups,
        cap: Math.min(cap, groupCap),
        via: Number.isFinite(cap) ? via : -1,
      });
      amounts.set(y.sku, amt);
    }
    return { pool: out, amounts };
  }

  /**
   * Filler SKUs by their unit amount, whose shop-level promotions are all among `allowed` and
   * include `need`, outside item coupon `coupon` (it would split its discount over them).
   */
  fillerAmounts(
    key: string,
    allowed: Set<string>,
    need: string | undefined,
    coupon: string | undefined,
    sku: Uint8Array,
  ) {
    const mine = [...this.itemAt, ...this.groupAt].filter(
      (i) =>
        (sku[i]! & 1) !== 0 &&
        (LEVEL_OF[this.promos[i]!.kind] === "group" || isLimited(this.promos[i]!)),
    );
    const live = this.liveWindows();
    const k = `${key}\u0000${coupon ?? ""}\u0000${mine.join(",")}\u0000${live}`;
    const got = this.fillerFor.get(k);
    if (got) return got;
    const { pool } = this.poolNow();
    const m = new Map<number, CatalogueSku>();
    this.allowedMask.fill(0);
    let needAt = -1;
    for (const i of this.shopLevelAt) {
      if (allowed.has(this.promos[i]!.id)) this.allowedMask[i] = 1;
      if (this.promos[i]!.id === need) needAt = i;
    }
    const cap = new Map<number, number>();
    for (const { y, amt, shops, coupons, groups, cap: c, via } of pool) {
      if (need !== undefined && !shops.includes(needAt)) continue;
      if (groups.some((i) => (sku[i]! & 1) !== 0)) continue;
      if (coupon !== undefined && coupons.includes(coupon)) continue;
      // (a limited price the SKU's own lines may use up first: not counted on)
      if (via >= 0 && (sku[via]! & 1) !== 0) continue;
      let ok = true;
      for (const i of shops) if (this.allowedMask[i] === 0) ok = false;
      // per amount one SKU, an unlimited one first
      if (ok && (!m.has(amt) || c > cap.get(amt)!)) {
        m.set(amt, y);
        cap.set(amt, c);
      }
    }
    const prices = [...m.keys()].sort((x, y) => x - y);
    const skuOf = prices.map((x) => m.get(x)!);
    const capOf = Float64Array.from(prices, (x) => cap.get(x)!);
    const fewOf = Uint8Array.from(skuOf, (y) => (this.grouped.has(y.sku) ? 1 : 0));
    // membership by amount, read in the filler search's inner loops
    const has = new Uint8Array((prices.at(-1) ?? 0) + 1);
    const at = new Int32Array(has.length);
    for (let i = 0; i < prices.length; i++) {
      has[prices[i]!] = 1;
      at[prices[i]!] = i + 1;
    }
    const r: Filler = { prices, skuOf, capOf, fewOf, has, at };
    this.fillerFor.set(k, r);
    return r;
  }

  /** Units of a filler SKU needed for `fen` of basis, from its lowest item-level price. */
  unitsFor(y: CatalogueSku, fenNeeded: number) {
    return Math.min(10_000, Math.max(1, Math.ceil(fenNeeded / Math.max(1, this.bound(y).unitFen))));
  }

  promotionsFor(lines: readonly CartLine[], wallet: readonly Promotion[]) {
    this.mark.fill(0);
    for (const l of lines) {
      const row = this.rows.of(l.sku, l.categoryId);
      for (let i = 0; i < row.length; i++) this.mark[i] = this.mark[i]! | row[i]!;
    }
    const use: Promotion[] = [];
    for (const i of this.autoIdx) if (this.mark[i] !== 0) use.push(this.promos[i]!);
    use.push(...wallet);
    const key = use.map((p) => p.id).join("\u0000");
    let list = this.lists.get(key);
    if (!list) {
      list = use;
      if (this.lists.size > 10_000) this.lists.clear();
      this.lists.set(key, list);
    }
    return list;
  }

  /**
   * The witness the joint-basis bound names: the SKU's line (or several one-unit lines of it)
   * and filler making up the corner's basis exactly, the other shops' amount landing the
   * cross-shop offer, each layout checked by a small simulation of the chain first.
   */
  jointWitness(
    s: CatalogueSku,
    b: SkuBound,
    jc: JointCorner,
    ch: BoundChoice,
    xl: CartLine,
    price: (lines: CartLine[], other: number) => QuoteResult | undefined,
    far: () => boolean,
  ): void {
    // the SKU's lines: one unit at the bound's basis, or several (equal lines share the
    // split's leftover fen by order, so one of them takes more); where the figure has the
    // unit in a group promotion, the layouts below with their amounts after the group and
    // item-coupon levels (filler joins neither)
    // (`per`: the SKU's units on each of its lines, where more than one)
    const blocks: { lines: CartLine[]; amts: number[]; mine: number; per?: number }[] = [];
    const g = jc.group ? this.byId.get(jc.group) : undefined;
    // an item coupon the simulation splits as the engine does: one without a threshold or a
    // budget, over the lines it covers by their amounts before it (`amts`, taken off in place)
    const coupon = ch.itemCoupon ? this.byId.get(ch.itemCoupon) : undefined;
    const plain =
      coupon?.kind === "itemCoupon" && coupon.thresholdFen === 0 && coupon.budgetFen === undefined
        ? coupon
        : undefined;
    const splitPlain = (lines: CartLine[], amts: number[]) => {
      if (!plain) return;
      const on = lines.flatMap((l, i) => (scopeCovers(plain, l.sku, l.categoryId) ? [i] : []));
      const at = on.map((i) => amts[i]!);
      const all = sum(at);
      const out = couponOutcome(plain, all, all);
      if (!out.met || out.discountFen === 0) return;
      const sh = largestRemainder(out.discountFen, at);
      on.forEach((i, k) => {
        amts[i] = amts[i]! - sh[k]!;
      });
    };
    if (g) {
      const n = groupSize(g);
      // at the item level's lowest prices (no limit on the SKU's, no item coupon) the group's
      // discount is split by the mechanic itself; else as the engine prices the lines alone
      const item = ch.item ? this.byId.get(ch.item) : undefined;
      const itemLimited = item !== undefined && isLimited(item);
      const block = (lines: CartLine[], mine: number) => {
        let amts: number[];
        if ((!coupon || plain) && !itemLimited) {
          const unit = lines.map((l) =>
            l.sku === s.sku ? b.unitFen : this.bound(this.bySku.get(l.sku)!).unitFen,
          );
          const units = lines
            .flatMap((l, line) =>
              Array.from({ length: l.qty }, () => ({ line, priceFen: unit[line]! })),
            )
            .sort((x, y) => y.priceFen - x.priceFen || x.line - y.line);
          const o = applyGroup(
            g,
            units,
            lines.map((l) => l.sku),
          );
          if (!o.met) return;
          const w = lines.map(() => 0);
          for (const t of o.taken) w[units[t]!.line]! += units[t]!.priceFen;
          const sh = largestRemainder(o.discountFen, w);
          amts = lines.map((l, i) => unit[i]! * l.qty - sh[i]!);
          splitPlain(lines, amts);
        } else {
          const r = price(lines, 0);
          if (!r) return;
          amts = r.lines.map(
            (l) =>
              l.itemLevelAmountFen -
              l.shares.reduce(
                (t, x) => t + (x.level === "group" || x.level === "itemCoupon" ? x.amountFen : 0),
                0,
              ),
          );
        }
        blocks.push({ lines, amts, mine });
      };
      // a group's worth of its own one-unit lines; for N件X元 also with the dearest partners
      // (the set's price spread over dearer units takes more off the SKU's), alone or beside
      // a set of the dearest only
      block(
        Array.from({ length: n }, () => lineOf(s, 1)),
        n,
      );
      const dear = g.kind === "nForX" ? this.dearest(g, s.sku) : undefined;
      if (g.kind === "nForX" && dear && dear.listPriceFen > s.listPriceFen) {
        // one or two sets, and as many sets as the corner's basis holds (each pays X), one
        // fewer and one more where it is not a whole number of sets: the SKU's share nears the
        // top only beside ever more sets of the dearest
        const most = Math.floor(OWN_UNITS_MAX / n);
        const fit = Math.floor(jc.basisFen / Math.max(1, g.priceFen));
        const over = Math.ceil(jc.basisFen / Math.max(1, g.priceFen));
        for (const k of new Set([1, 2, fit - 1, fit, over]))
          if (k >= 1 && k <= most) block([xl, lineOf(dear, k * n - 1)], 1);
      }
      if (blocks.length === 0) return;
    } else {
      // the figure's line of several units first, where it is one (a SKU of one unit amount)
      const q = jc.units ?? 1;
      if (q > 1) blocks.push({ lines: [lineOf(s, q)], amts: [q * b.basisFen], mine: 1, per: q });
      for (let n = 1; n <= 4; n++) {
        const lines = n === 1 ? [xl] : Array.from({ length: n }, () => lineOf(s, 1));
        // several lines of the SKU share its item coupon
        let amts = Array.from({ length: n }, () => b.basisFen);
        if (n > 1 && plain) {
          amts = Array.from({ length: n }, () => b.unitFen);
          splitPlain(lines, amts);
        }
        blocks.push({ lines, amts, mine: n });
      }
    }
    const base = blocks[0]!.lines;
    const have = sum(blocks[0]!.amts);
    const shopP = ch.shop ? this.byId.get(ch.shop) : undefined;
    const row = this.rows.of(s.sku, s.categoryId);
    // filler joins no shop-level offer the SKU does not: it is covered only by the SKU's, or by
    // offers a cart worth the corner's basis cannot meet (they take no line). Where no SKU is
    // such filler, by offers the filler cannot meet either: what the cart holds besides the
    // SKU's own lines is worth about the corner's basis less theirs
    let own = Number.POSITIVE_INFINITY;
    for (const bl of blocks) own = Math.min(own, sum(bl.amts.slice(0, bl.mine)));
    const fillerBelow = (most: number) => {
      const allowed = new Set<string>();
      for (const i of this.shopLevelAt)
        if ((row[i]! & 1) !== 0 || this.lowest[i]! > most) allowed.add(this.promos[i]!.id);
      const key = `${s.categoryId ?? ""}\u0000${ch.shop ?? ""}\u0000${[...allowed].join(",")}`;
      return { key, fill: this.fillerAmounts(key, allowed, shopP?.id, ch.itemCoupon, row) };
    };
    const { key, fill: strict } = fillerBelow(jc.basisFen);
    const fill = strict.prices.length > 0 ? strict : fillerBelow(jc.basisFen - own).fill;
    const sets = fillerSets(fill, jc.basisFen - have, 24, this.fillLines);
    const other = (basis: number) =>
      jc.crossAllFen !== undefined && ch.crossShop ? Math.max(0, jc.crossAllFen - basis) : 0;
    const cpn = ch.shopCoupon ? this.byId.get(ch.shopCoupon) : undefined;
    const crs = ch.crossShop ? this.byId.get(ch.crossShop) : undefined;
    // the SKU's merchant amount in a cart of these line amounts where every line joins the
    // chosen options (what the engine does with this filler), by the engine's own rules
    const simulate = (
      /** The lines' amounts (taken over: the simulation works on this array). */
      v: number[],
      basis: number,
      o: number,
      copies: number,
    ): number | undefined => {
      if (shopP) {
        const out =
          shopP.kind === "manJian"
            ? manJianOutcome(shopP, basis, sum(v))
            : shopP.kind === "manZhe"
              ? manZheOutcome(shopP, basis, sum(v))
              : shopP.kind === "meiManJian"
                ? meiManJianOutcome(shopP, basis, sum(v))
                : undefined;
        if (!out?.met || out.gifts.length > 0) return undefined;
        take(v, largestRemainder(out.discountFen, v));
      }
      if (cpn && cpn.kind === "shopCoupon") {
        const out = couponOutcome(cpn, basis, sum(v));
        if (!out.met) return undefined;
        take(v, largestRemainder(out.discountFen, v));
      }
      let plat: number[] | undefined;
      if (crs && crs.kind === "crossShop") {
        const out = crossShopOutcome(crs, basis, o, sum(v));
        if (!out.met) return undefined;
        const sh = take(v, largestRemainder(out.discountFen, v));
        const pf = mulDivHalfUp(out.discountFen, platformShareOf(crs), BP);
        if (pf > 0) plat = largestRemainder(pf, sh);
      }
      let low = Number.POSITIVE_INFINITY;
      for (let i = 0; i < copies; i++) low = Math.min(low, v[i]! + (plat?.[i] ?? 0));
      return low;
    };
    const simple = !ch.platformCoupon && !ch.deposit && shopP?.kind !== "manSong";
    // the cart the bound laid out to prove its rounding, where it did: the SKU's unit first,
    // then lines of filler SKUs worth those amounts (a unit amount times a quantity)
    if (jc.lines && !g && (jc.units ?? 1) === 1) {
      const laid: CartLine[] = [xl];
      for (const v of jc.lines) {
        let i = fill.prices.length - 1;
        while (i >= 0 && (v % fill.prices[i]! !== 0 || v / fill.prices[i]! > fill.capOf[i]!)) i--;
        if (i < 0) break;
        laid.push(this.fillLines.line(fill.skuOf[i]!, v / fill.prices[i]!));
      }
      const r = laid.length === jc.lines.length + 1 ? price(laid, other(jc.basisFen)) : undefined;
      const l = r?.lines[0];
      // (reached: nothing else to try)
      if (
        l &&
        l.qty === 1 &&
        (BigInt(l.payableFen + l.platformFundedFen) * BigInt(BP - this.fee) -
          BigInt(l.giftCostFen) * BigInt(BP)) *
          BigInt(b.den) ===
          BigInt(b.num) * BigInt(BP)
      )
        return;
    }
    if (jc.basisFen <= have && !g) price(base, other(have));
    else {
      // the SKU alone with filler, or several one-unit lines of it (equal lines share the
      // split's leftover fen by order, so one of them takes more) with filler
      let pick: CartLine[] | undefined;
      let pickBasis = jc.basisFen;
      if (!simple) {
        const first = sets.next();
        if (!first.done) pick = [...base, ...first.value];
        // (no simulation of a gift, a platform coupon or a deposit: each of a group's layouts
        // is priced with the first filler making up its rest — for N件X元 the dearest partners
        // take far more off the SKU's unit than its own units do)
        if (g)
          for (let bi = 1; bi < blocks.length; bi++) {
            const { lines, amts } = blocks[bi]!;
            const rest = jc.basisFen - sum(amts);
            const f = rest <= 0 ? [] : fillerSets(fill, rest, 1, this.fillLines).next().value;
            if (f) price([...lines, ...f], other(jc.basisFen));
          }
      } else {
        let low: number | undefined;
        const target = Number(b.num);
        const fillAmt = this.poolNow().amounts;
        const tryLines = (
          lines: CartLine[],
          amts: readonly number[],
          mine: number,
          basis = jc.basisFen,
          per = 1,
        ) => {
          const v: number[] = [];
          for (let i = 0; i < lines.length; i++)
            v.push(i < amts.length ? amts[i]! : fillAmt.get(lines[i]!.sku)! * lines[i]!.qty);
          const m = simulate(v, basis, other(basis), mine);
          if (m === undefined) return false;
          // (below 2^53: amounts in fen times 10000; a line of `per` units, per unit)
          const num = (m * (BP - this.fee)) / per;
          if (low === undefined || num < low || (num === low && lines.length < pick!.length)) {
            low = num;
            pick = lines;
            pickBasis = basis;
          }
          return m * (BP - this.fee) === target * per;
        };
        // the SKU's layouts also alone, off the corner (filler may not make up its rest)
        let hit = false;
        for (const { lines, amts, mine, per } of blocks) {
          hit = tryLines(lines, amts, mine, sum(amts), per);
          if (hit) break;
        }
        // the first layout beside filler
        const top = blocks[0]!;
        const withBase = (f: CartLine[]) =>
          tryLines([...base, ...f], top.amts, top.mine, undefined, top.per);
        if (!hit)
          for (const f of sets) {
            hit = withBase(f);
            if (hit) break;
          }
        // (any filler worth the rest, where those shapes missed it)
        for (const split of [false, true]) {
          if (hit) break;
          const f = exactFill(fill, jc.basisFen - have, this.fillLines, split);
          if (f) hit = withBase(f);
        }
        for (let bi = 1; !hit && bi < blocks.length; bi++) {
          const { lines, amts, mine, per } = blocks[bi]!;
          const rest = jc.basisFen - sum(amts);
          if (rest < 0) {
            // (the SKU's own lines only grow: more of them cannot land the corner)
            if (!g) break;
            continue;
          }
          const fs = rest === 0 ? [[]] : fillerSets(fill, rest, 10, this.fillLines);
          for (const f of fs) {
            hit = tryLines([...lines, ...f], amts, mine, undefined, per);
            if (hit) break;
          }
        }
        // where no filler makes up a block's rest exactly, filler lands just past the corner
        // (the figure moves little there): one unit of the cheapest filler SKU above the rest,
        // or as many units of a cheap one as reach it
        if (!hit) {
          const pp = fill;
          for (const { lines, amts, mine, per } of blocks) {
            const have = sum(amts);
            const rest = jc.basisFen - have;
            if (rest <= 0) continue;
            const ups = pp.prices
              .slice(0, 3)
              .map((x, i) => ({ i, k: Math.ceil(rest / x) }))
              .filter(({ i, k }) => k <= pp.capOf[i]!);
            const up = pp.prices.findIndex((x) => x >= rest);
            if (up >= 0) ups.push({ i: up, k: 1 });
            for (const { i, k } of ups) {
              const x = pp.prices[i]!;
              hit = tryLines([...lines, lineOf(pp.skuOf[i]!, k)], amts, mine, have + k * x, per);
              if (hit) break;
            }
            if (hit) break;
          }
        }
        // (the simulation of the layouts below is rougher — an item coupon's split, the group's
        // sets — so when one of them wins, the layout it beat is priced too)
        const before = pick;
        const beforeBasis = pickBasis;
        // and the SKU's own units as filler, one line of as many as reach the corner: where no
        // other SKU can be filler (every SKU the offer covers takes a group promotion, say), the
        // only way onto the thresholds the figure lands on. Beside a group promotion, whole
        // groups' worth of them at the block's average (equal units make equal sets)
        if (!hit)
          for (const { lines, amts, mine, per: units } of blocks) {
            const have = sum(amts);
            const rest = jc.basisFen - have;
            const per = g ? groupSize(g) : 1;
            const unit = g ? (lines.length === per ? have / per : 0) : b.basisFen;
            if (rest <= 0 || unit <= 0) continue;
            const k = per * Math.ceil(rest / (per * unit));
            // (a cart of a few hundred units at most: the engine prices a group's units one by one)
            if (k > OWN_UNITS_MAX) continue;
            const extra = Math.round(k * unit);
            hit = tryLines([...lines, lineOf(s, k)], [...amts, extra], mine, have + extra, units);
            if (hit) break;
          }
        if (pick !== before && before) price(before, other(beforeBasis));
        // the lowest layout is priced even when it misses the figure by the split's fen: it is
        // the closest witness (below the floor the variants follow unless it confirms)
      }
      if (pick) price(pick, other(pickBasis));
      // the rest of the corner held by another shop-level offer: a line it discounts is worth
      // less when the coupon and the cross-shop offer split theirs, which are reckoned on the
      // basis before it, so the SKU's line takes more of them (the bound lets the rest lose
      // that offer's rate from its threshold up). Filler only that offer covers, worth the rest,
      // beside the SKU's unit and the figure's own filler: the offer taking the most per fen
      // there (the one the figure has the rest lose to), one layout priced by the engine, where
      // the cart found is still more than 10 fen above the figure (the fen of rounding aside:
      // most carts are that close, and the engine's pricing is the cost)
      const restFen = jc.basisFen - jc.shopBasisFen;
      if (simple && !g && restFen > 0 && far()) {
        const head =
          jc.shopBasisFen > have
            ? fillerSets(fill, jc.shopBasisFen - have, 1, this.fillLines).next().value
            : [];
        let q: Promotion | undefined;
        let most = 0;
        for (const i of this.shopLevelAt) {
          const p = this.promos[i]!;
          if ((row[i]! & 1) !== 0 || p.id === shopP?.id || this.lowest[i]! > restFen) continue;
          if (this.perFenMost[i]! > most) {
            most = this.perFenMost[i]!;
            q = p;
          }
        }
        if (head && q) {
          // (only that offer: filler the figure's own offer covers too would join its lines)
          const held = this.fillerAmounts(
            `${key}\u0000+${q.id}`,
            new Set([q.id]),
            q.id,
            ch.itemCoupon,
            row,
          );
          // (exactly the rest, else the least past it that offer's SKUs make: the figure takes
          // the catalogue's bases, not that offer's alone)
          let f = fillerSets(held, restFen, 1, this.fillLines).next().value;
          let x = restFen;
          for (; !f && x < restFen + REST_PAST; x++) {
            f = exactFill(held, x, this.fillLines, false);
            if (f) break;
          }
          if (f) price([...base, ...head, ...f], other(jc.basisFen + x - restFen));
        }
      }
      // where no SKU can be filler for the options the figure names (every SKU their offer
      // covers takes a group promotion, or another offer too), the cheapest SKU outside them
      // makes up the basis instead: the cart then meets other options, and only the engine
      // can say which (the three cheapest found little more than the cheapest)
      if (simple && strict.prices.length === 0) {
        const any = new Set<string>();
        for (const i of this.shopLevelAt) any.add(this.promos[i]!.id);
        const loose = this.fillerAmounts(`${key}\u0000*`, any, undefined, ch.itemCoupon, row);
        const x = loose.prices[0];
        if (x !== undefined)
          for (const { lines, amts } of blocks) {
            const have = sum(amts);
            const k = Math.ceil((jc.basisFen - have) / x);
            if (k >= 1 && k <= loose.capOf[0]!)
              price([...lines, lineOf(loose.skuOf[0]!, k)], other(have + k * x));
          }
      }
    }
  }

  /**
   * One base cart of a SKU below its floor, with filler landing the target's threshold and the
   * other shops' amount the cross-shop offer's, topped up by the shortfalls the engine reports.
   */
  landBase(
    s: CatalogueSku,
    b: SkuBound,
    ch: BoundChoice,
    base: CartLine[],
    target: Promotion | undefined,
    cross: Extract<Promotion, { kind: "crossShop" }> | undefined,
    crossT: number | undefined,
    price: (lines: CartLine[], other: number, explain?: boolean) => QuoteResult | undefined,
    exact: () => boolean,
  ): void {
    let lines = base;
    const f = target && !ch.addOn ? this.filler(target, s.sku) : undefined;
    const th = target ? targetThreshold(target)! : 0;
    const have = lines.reduce(
      (a, l) => a + (l.sku === s.sku ? b.basisFen : l.listPriceFen) * l.qty,
      0,
    );
    if (f && th > have) lines = [...lines, lineOf(f, this.unitsFor(f, th - have))];
    let other = 0;
    for (let iter = 0; iter < 3; iter++) {
      const r = price(lines, other, true);
      if (!r || exact()) break;
      let again = false;
      const miss =
        target && f
          ? r.notApplied.find((n) => n.promoId === target.id && n.reason === "threshold_not_met")
          : undefined;
      if (miss?.shortfallFen && f) {
        lines = lines.map((l) =>
          l.sku === f.sku ? { ...l, qty: l.qty + this.unitsFor(f, miss.shortfallFen!) } : l,
        );
        again = true;
      }
      if (cross && crossT !== undefined) {
        const a = r.applied.find((x) => x.promoId === cross.id);
        const mine = a ? a.basisFen - other : undefined;
        const n = r.notApplied.find(
          (x) => x.promoId === cross.id && x.reason === "threshold_not_met",
        );
        const want =
          mine !== undefined
            ? Math.max(0, crossT - mine)
            : n?.shortfallFen
              ? other + n.shortfallFen
              : other;
        if (want !== other) {
          other = want;
          again = true;
        }
      }
      if (!again) break;
    }
  }

  /**
   * Search from the carts already priced: first every cart of a few units of the search SKUs
   * (as many units as the budget covers, the SKU's own units on one line and on lines of one),
   * then a local search from the best cart found — one unit more or less of a line, a unit or
   * a line traded for another SKU's — taking the best neighbour while it lowers the SKU's net.
   * Each cart's other shops' amount is landed again on the cross-shop offer. Within a budget
   * of quotes per SKU.
   */
  improve(
    s: CatalogueSku,
    start: WorstCart,
    cross: Extract<Promotion, { kind: "crossShop" }> | undefined,
    crossT: number | undefined,
    price: (lines: CartLine[], other: number, explain?: boolean) => QuoteResult | undefined,
    exact: () => boolean,
  ): void {
    let budget = this.searchBudget;
    const netOf = (r: QuoteResult | undefined) => {
      if (!r) return Number.POSITIVE_INFINITY;
      let low = Number.POSITIVE_INFINITY;
      for (const l of r.lines)
        if (l.sku === s.sku && l.qty > 0) {
          const n =
            ((l.payableFen + l.platformFundedFen) * (BP - this.fee) - l.giftCostFen * BP) / l.qty;
          if (n < low) low = n;
        }
      return low;
    };
    // layouts priced here (the start too, again: it may have been priced with the other shops
    // landed, not without)
    const seen = new Set<string>();
    const keyOf = (lines: readonly CartLine[]) =>
      lines.map((l) => `${l.sku}*${l.qty}${l.addOn ? "+" : ""}`).join("|");
    /** Prices a layout, the other shops' amount landed on the cross-shop offer. */
    const tryLayout = (lines: CartLine[], other: number): { net: number; other: number } => {
      budget--;
      let r = price(lines, other, cross !== undefined);
      const net = netOf(r);
      if (r && cross && crossT !== undefined && budget > 0) {
        const a = r.applied.find((x) => x.promoId === cross.id);
        const n = r.notApplied.find(
          (x) => x.promoId === cross.id && x.reason === "threshold_not_met",
        );
        // this shop's basis, and the all-shops basis to land on: the tier, or the next step
        const mine =
          a !== undefined
            ? a.basisFen - other
            : n?.shortfallFen !== undefined
              ? Math.max(0, crossT - n.shortfallFen - other)
              : undefined;
        if (mine !== undefined) {
          const all =
            cross.stepFen !== undefined
              ? Math.max(1, Math.ceil(mine / cross.stepFen)) * cross.stepFen
              : crossT;
          const want = Math.max(0, all - mine);
          if (want !== other) {
            budget--;
            r = price(lines, want);
            const m = netOf(r);
            if (m < net) return { net: m, other: want };
          }
        }
      }
      return { net, other };
    };
    let lines = start.lines;
    let other = start.otherShopsAmountFen;
    let net = (start.netPerUnit.num / start.netPerUnit.den) * BP;
    const consider = (ls: CartLine[], o: number) => {
      const k = keyOf(ls);
      if (seen.has(k)) return;
      seen.add(k);
      const t = tryLayout(ls, o);
      if (t.net < net) {
        net = t.net;
        other = t.other;
        lines = ls;
      }
    };
    // every cart of n units, n = 1, 2, … while the whole of the next size fits the budget
    const ys = this.searchSkus.filter((y) => y.sku !== s.sku);
    const qty = zeros(ys.length);
    const carts: CartLine[][] = [];
    const layouts = (mine: number) => {
      const rest: CartLine[] = [];
      for (let i = 0; i < ys.length; i++) if (qty[i]! > 0) rest.push(lineOf(ys[i]!, qty[i]!));
      carts.push([lineOf(s, mine), ...rest]);
      if (mine > 1) carts.push([...repeated(mine, lineOf(s, 1)), ...rest]);
    };
    const fill = (i: number, left: number, mine: number) => {
      if (left === 0 || i === ys.length) {
        if (left === 0) layouts(mine);
        return;
      }
      for (let q = left; q >= 0; q--) {
        qty[i] = q;
        fill(i + 1, left - q, mine);
      }
      qty[i] = 0;
    };
    for (let n = 1; n <= OWN_UNITS_MAX && !exact(); n++) {
      // (counted before they are made: the others' units in multisets, the SKU's two layouts)
      let count = 0;
      for (let mine = 1; mine <= n; mine++)
        count += multisets(n - mine, ys.length) * (mine > 1 ? 2 : 1);
      if (count * (cross ? 2 : 1) > budget) break;
      carts.length = 0;
      for (let mine = 1; mine <= n; mine++) fill(0, n - mine, mine);
      for (const c of carts) {
        consider(c, 0);
        if (exact()) return;
      }
    }
    while (budget > 0 && !exact()) {
      const next: CartLine[][] = [];
      const add = (ls: CartLine[]) => {
        const k = keyOf(ls);
        if (!seen.has(k)) {
          seen.add(k);
          next.push(ls);
        }
      };
      const mineLines = lines.filter((l) => l.sku === s.sku && !l.addOn).length;
      /** The lines with one unit fewer on line `i` (dropped at none). */
      const fewer = (i: number) =>
        lines[i]!.qty > 1
          ? lines.map((x, j) => (j === i ? { ...x, qty: x.qty - 1 } : x))
          : lines.filter((_, j) => j !== i);
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        // one unit fewer (the SKU keeps a line)
        if (l.qty > 1 || l.sku !== s.sku || mineLines > 1) add(fewer(i));
        if (l.sku === s.sku || l.addOn) continue;
        // one unit more; a unit traded for one of another SKU; the line traded for another
        // SKU's units worth about as much
        add(lines.map((x, j) => (j === i ? { ...x, qty: x.qty + 1 } : x)));
        for (const y of this.searchSkus) {
          if (y.sku === l.sku || y.sku === s.sku) continue;
          add([...fewer(i), lineOf(y, 1)]);
          const k = (l.qty * l.listPriceFen) / y.listPriceFen;
          for (const q of new Set([Math.floor(k), Math.ceil(k)]))
            if (q >= 1 && q <= OWN_UNITS_MAX)
              add(lines.map((x, j) => (j === i ? lineOf(y, q) : x)));
        }
      }
      // a unit of another SKU on a line of its own, and a one-unit line of the SKU
      for (const y of this.searchSkus) if (y.sku !== s.sku) add([...lines, lineOf(y, 1)]);
      add([...lines, lineOf(s, 1)]);
      let bestNext: { lines: CartLine[]; net: number; other: number } | undefined;
      for (const ls of next) {
        if (budget <= 0) break;
        const t = tryLayout(ls, other);
        if (t.net < (bestNext?.net ?? net)) bestNext = { lines: ls, ...t };
        if (exact()) return;
      }
      if (!bestNext) return;
      ({ lines, net, other } = bestNext);
    }
  }

  // one SKU's witness (its own function: the loop over the catalogue stays small, so the JIT
  // compiles it once rather than re-optimizing one large function on the loop's stack)
  witnessOf(s: CatalogueSku): WorstCaseSku {
    const b = this.bound(s);
    const boundNet = frac(b.num, b.den);
    const floor = s.floorFen ?? s.costFen;
    const floorFrac = frac(BigInt(floor), 1n);
    const below = fracCmp(boundNet, floorFrac) < 0;
    // a SKU whose joint figure has its unit in a group promotion takes the joint options (a
    // group's worth of its lines and filler); one whose joint figure only bounds the group
    // by its per-level ratio keeps the per-level options (the group layouts below)
    const ch =
      b.joint && b.choice.group !== undefined && !b.joint.group
        ? (b.levelChoice ?? b.choice)
        : b.choice;
    const chosen = Object.values(ch)
      .filter((id): id is string => id !== undefined)
      .map((id) => this.byId.get(id)!);
    // the instant most of them are live at; of those, the one most windowed item-level prices
    // are live at (filler at more amounts)
    let t = this.instants[0]!;
    let most = -1;
    let wide = -1;
    for (const x of this.instants) {
      const n = chosen.filter((p) => liveAt(x, p)).length;
      const w = this.windowedItems.filter(
        (i) => steady(this.promos[i]!) && liveAt(x, this.promos[i]!),
      ).length;
      if (n > most || (n === most && w > wide)) {
        most = n;
        wide = w;
        t = x;
      }
    }
    this.instant = t;
    const row = this.rows.of(s.sku, s.categoryId);
    const rel = this.promos.filter((_, i) => (row[i]! & 1) !== 0);
    const customer: Customer = {
      member: rel.some((p) => p.kind === "memberPrice" || p.customer?.memberOnly),
      newCustomer: rel.some((p) => p.customer?.newCustomerOnly),
      tags: this.tags.filter((g) => rel.some((p) => p.customer?.tagsAny?.includes(g))),
    };
    const wallet = chosen.filter((p) => COUPONS.has(p.kind));
    let best: { net: Fraction; cart: WorstCart } | undefined;
    // `explain`: the reasons of the promotions not applied are read (threshold shortfalls)
    const now = new Date(t).toISOString();
    const price = (lines: CartLine[], other: number, explain = false) => {
      const qi: QuoteInput = {
        now,
        customer,
        lines,
        promotions: this.promotionsFor(lines, wallet),
        state: this.input.state,
        shippingFeeFen: this.input.shippingFeeFen,
        otherShopsAmountFen: other,
        redPacketFen: 0,
        settings: {
          thresholdBasis: this.input.settings.thresholdBasis,
          feeRateBp: this.fee,
          giftOnRefund: "return",
        },
      };
      this.cartsPriced++;
      const ev = evaluate(compile(qi));
      if (!ev.plan) return undefined;
      const r = buildResult(ev, { explain });
      for (const l of r.lines) {
        if (l.sku !== s.sku) continue;
        const net = frac(
          BigInt(l.payableFen + l.platformFundedFen) * BigInt(BP - this.fee) -
            BigInt(l.giftCostFen) * BigInt(BP),
          BigInt(BP) * BigInt(l.qty),
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
              netPerUnit: fracToJson(net),
            },
          };
      }
      return r;
    };
    const exact = () => best !== undefined && fracCmp(best.net, boundNet) === 0;
    const farFrom = frac(b.num + 10n * b.den, b.den);
    const far = () => best === undefined || fracCmp(best.net, farFrom) > 0;

    // the base carts: one unit alone; a group's worth of single-unit lines (the first line takes
    // the split's leftover fen); with the dearest partner of the group; as a 加价购 redemption
    const bases: CartLine[][] = [];
    const xl = lineOf(s, 1);
    if (ch.addOn) {
      const p = this.byId.get(ch.addOn) as Extract<Promotion, { kind: "jiaJiaGou" }>;
      const f = this.filler(p, s.sku);
      if (f)
        bases.push([
          lineOf(f, Math.max(1, Math.ceil(p.thresholdFen / Math.max(1, f.listPriceFen)))),
          lineOf(s, 1, true),
        ]);
      else bases.push([xl]);
    } else bases.push([xl]);
    const g = ch.group ? this.byId.get(ch.group) : undefined;
    if (g) {
      if (g.kind === "bundle") {
        const others = g.skus.filter((k) => k !== s.sku).map((k) => this.bySku.get(k));
        if (others.every((o) => o !== undefined))
          bases.unshift([xl, ...others.map((o) => lineOf(o!, 1))]);
      } else {
        const n = groupSize(g);
        if (n > 1) bases.unshift(Array.from({ length: n }, () => lineOf(s, 1)));
        if (g.kind === "nForX" || g.kind === "secondItem") {
          const dear = this.dearest(g, s.sku);
          if (dear && dear.listPriceFen > s.listPriceFen) bases.push([xl, lineOf(dear, n - 1)]);
        }
      }
    }
    // where a threshold is landed on: the shop-level promotion chosen, else the coupons'
    const target = [ch.shop, ch.shopCoupon, ch.platformCoupon, ch.itemCoupon]
      .map((id) => (id ? this.byId.get(id) : undefined))
      .find((p) => p !== undefined && targetThreshold(p) !== undefined);
    const cross = ch.crossShop
      ? (this.byId.get(ch.crossShop) as Extract<Promotion, { kind: "crossShop" }>)
      : undefined;
    const crossT = cross ? targetThreshold(cross) : undefined;
    // the joint-basis bound names the bases to land on: the SKU (alone, or its group's lines),
    // plain filler making up the cart's basis exactly, the other shops' amount landing the
    // cross-shop offer on its step or tier
    // (a SKU whose figure comes from a group promotion keeps the group witnesses below)
    if (b.joint && !ch.addOn && (!ch.group || b.joint.group))
      this.jointWitness(s, b, b.joint, ch, xl, price, far);
    // above the floor one cart (the SKU alone with the coupons) stands as the witness; below
    // it, the variants are priced until one confirms a net below the floor or reaches the bound
    const confirmed = () => best !== undefined && fracCmp(best.net, floorFrac) < 0;
    const tries = below ? bases.length : 0;
    if (!below && !best) price([xl], 0);
    for (let bi = 0; bi < tries && !exact() && !confirmed(); bi++)
      this.landBase(s, b, ch, bases[bi]!, target, cross, crossT, price, exact);
    if (best && !exact() && this.searchBudget >= SEARCH_MIN)
      this.improve(s, best.cart, cross, crossT, price, exact);
    if (!best) {
      // every cart refused: the list price stands for the witness
      const net = frac(BigInt(s.listPriceFen) * BigInt(BP - this.fee), BigInt(BP));
      best = {
        net,
        cart: {
          now: new Date(t).toISOString(),
          customer,
          lines: [xl],
          coupons: [],
          otherShopsAmountFen: 0,
          applied: [],
          line: 0,
          qty: 1,
          payableFen: s.listPriceFen,
          platformFundedFen: 0,
          giftCostFen: 0,
          netPerUnit: fracToJson(net),
        },
      };
    }
    return {
      sku: s.sku,
      listPriceFen: s.listPriceFen,
      costFen: s.costFen,
      floorFen: floor,
      worstNetPerUnit: fracToJson(boundNet),
      exact: fracCmp(best.net, boundNet) === 0,
      belowFloor: below,
      confirmed: fracCmp(best.net, frac(BigInt(floor), 1n)) < 0,
      cart: best.cart,
    };
  }
}

/** The local search's SKUs (see `Guard.searchSkus`). */
function searchSkusOf(skus: readonly CatalogueSku[], rows: CoverRows): CatalogueSku[] {
  const live = skus.filter((y) => y.listPriceFen > 0);
  if (live.length <= SEARCH_SKUS) return live;
  const byRow = new Map<string, CatalogueSku[]>();
  for (const y of live) {
    const k = rows.of(y.sku, y.categoryId).join("");
    const two = byRow.get(k);
    if (!two) byRow.set(k, [y, y]);
    else {
      if (y.listPriceFen < two[0]!.listPriceFen) two[0] = y;
      if (y.listPriceFen > two[1]!.listPriceFen) two[1] = y;
    }
  }
  return [...new Set([...byRow.values()].flat())]
    .sort((a, b) => a.listPriceFen - b.listPriceFen)
    .slice(0, SEARCH_SKUS);
}

/**
 * `worstCase` one SKU at a time: yields 0 after the catalogue-wide preparation, then the number
 * of SKUs done after each, and returns the same result. A caller sharing its thread
 * with other work (a server) takes a slice of SKUs at a time and gives the thread back between.
 */
export function* worstCaseSteps(input: WorstCaseInput): Generator<number, WorstCaseResult> {
  const guard = new Guard(input);
  const out: WorstCaseSku[] = [];
  yield 0;
  for (const s of input.skus) {
    out.push(guard.witnessOf(s));
    yield out.length;
  }
  return {
    feeRateBp: guard.fee,
    skus: out,
    violations: out
      .filter((s) => s.belowFloor)
      .map((s) => ({
        sku: s.sku,
        floorFen: s.floorFen,
        worstNetPerUnit: s.worstNetPerUnit,
        confirmed: s.confirmed,
        witnessNetPerUnit: s.cart.netPerUnit,
      })),
    cartsPriced: guard.cartsPriced,
  };
}
