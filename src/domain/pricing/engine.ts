/**
 * The pricing pipeline: item level → group level → item coupons → shop level → shop coupon →
 * cross-shop → platform coupon → deposit, with a bounded branch-and-bound search over the
 * choices (coupons, competing promotions, exclusions) for the lowest order total.
 */
import { type Gift, type Level, platformShareOf, type ThresholdOutcome } from "./common.ts";
import {
  type Assignment,
  boundHolding,
  type Exclusions,
  eachAssignment,
  type HoldingDp,
  type HoldingSpace,
  holdingBase,
  holdingDp,
  holdingSpace,
  reuseHoldingBuffers,
  twinKey,
  withoutTwins,
} from "./holding.ts";
import { bundleApply } from "./mechanics/bundle.ts";
import { buyNGetMApply } from "./mechanics/buy-n-get-m.ts";
import { couponOutcome } from "./mechanics/coupon.ts";
import { crossShopOutcome } from "./mechanics/cross-shop.ts";
import { depositReduction } from "./mechanics/deposit.ts";
import { freeShippingMet } from "./mechanics/free-shipping.ts";
import type { GroupOutcome, Unit } from "./mechanics/group.ts";
import { jiaJiaGouDiscount } from "./mechanics/jia-jia-gou.ts";
import { allowed, type Capacity, initialCapacity, take } from "./mechanics/limits.ts";
import { manJianOutcome } from "./mechanics/man-jian.ts";
import { manSongOutcome } from "./mechanics/man-song.ts";
import { manZheOutcome } from "./mechanics/man-zhe.ts";
import { everyFullOutcome } from "./mechanics/mei-man-jian.ts";
import { moreForSameApply } from "./mechanics/more-for-same.ts";
import { nAtRateApply } from "./mechanics/n-at-rate.ts";
import { nForXApply } from "./mechanics/n-for-x.ts";
import { secondItemApply } from "./mechanics/second-item.ts";
import { timeDiscountUnit } from "./mechanics/time-discount.ts";
import { largestRemainder, mulDivHalfUp, numbers, rateDiscount, zeros } from "./money.ts";
import type { Promotion, QuoteInput } from "./schema.ts";

export const LEVEL_OF: Record<Promotion["kind"], Level> = {
  salePrice: "item",
  memberPrice: "item",
  timeDiscount: "item",
  flashSale: "item",
  bundle: "group",
  buyNGetM: "group",
  nForX: "group",
  nAtRate: "group",
  secondItem: "group",
  moreForSame: "group",
  itemCoupon: "itemCoupon",
  manJian: "shop",
  meiManJian: "shop",
  manZhe: "shop",
  manSong: "shop",
  jiaJiaGou: "shop",
  freeShipping: "shop",
  shopCoupon: "shopCoupon",
  crossShop: "crossShop",
  platformCoupon: "platformCoupon",
  deposit: "deposit",
};

const COUPON_KINDS = new Set(["itemCoupon", "shopCoupon", "platformCoupon"]);

/** A promotion prepared for one quote. */
export interface Compiled {
  idx: number;
  p: Promotion;
  level: Level;
  coupon: boolean;
  time: "live" | "not_started" | "ended";
  custOk: boolean;
  /** Lines the promotion covers (buyer lines, not add-on lines). */
  lines: number[];
  /** Per line, 1 when it is in `lines`. */
  covers: Uint8Array;
  conflicts: Set<number>;
  budgetLeft: number;
  platformBp: number;
  /** Largest fixed discount of a tiered offer; lowest rate of a tiered rate offer. */
  maxFixed: number;
  minRate: number;
  /** Id of the set of lines it covers (equal sets, equal ids) within this quote. */
  lineSet: number;
  /** Position by rank: priority high to low, then id (code-unit order). */
  rank: number;
  /** Position by id alone (code-unit order). */
  idRank: number;
  /** Equal ids: equal parameters besides name, rank, window, scope, customer, exclusions, budget. */
  paramId: number;
  /** The least basis its lowest threshold needs (0: no threshold). */
  lowFen: number;
}

export interface Ctx {
  input: QuoteInput;
  n: number;
  nowMs: number;
  cumulative: boolean;
  promos: Compiled[];
  byLevel: Record<Level, Compiled[]>;
  listAmount: number[];
  /**
   * Reference mode for tests: every exclusion combination, every order of competing
   * promotions, every set of item coupons, no pruning and no node budget (exponential).
   */
  exhaustive: boolean;
  /** Number of distinct covered-line sets (`Compiled.lineSet`). */
  lineSets: number;
  /**
   * The bounds the search hit on this cart (`SearchLimit`): when not empty, the plan is the
   * best found, not proven the best.
   */
  limits: Set<SearchLimit>;
  /** Per holding stage, its components' classes whatever the exclusions (null: not exact). */
  holdingBases: Map<string, HoldingSpace[] | null>;
  /** Per holding stage, the components of the promotions any variant may hold. */
  stageComps: Map<string, Compiled[][]>;
  /** Exclusions decided inside the holding search rather than as variants (`variants`). */
  ex?: Exclusions | undefined;
}

/** Where the search stops being exhaustive (README, "Bounds"). */
export type SearchLimit =
  | "exclusions"
  | "group_orders"
  | "holding_orders"
  | "holding_combos"
  | "item_coupons"
  | "node_budget";

/** A discount (or gift / free-shipping effect) applied on some lines. */
export interface Application {
  c: Compiled;
  lines: number[];
  shares: number[];
  platform: number[];
  giftCost: number[];
  basisByLine: number[];
  beforeByLine: number[];
  discountFen: number;
  platformFen: number;
  basisFen: number;
  tierIndex: number;
  gifts: Gift[];
  freeShipping: boolean;
}

interface Matcher {
  skus?: Set<string>;
  cats?: Set<string>;
  exSkus?: Set<string>;
  exCats?: Set<string>;
  all: boolean;
}
const matchers = new WeakMap<Promotion, Matcher>();

function matcherOf(p: Promotion): Matcher {
  let m = matchers.get(p);
  if (m) return m;
  const s = p.scope;
  const hasLists = (s?.skus?.length ?? 0) + (s?.categories?.length ?? 0) > 0;
  m = { all: !s || s.all === true || !hasLists };
  if (s?.skus?.length) m.skus = new Set(s.skus);
  if (s?.categories?.length) m.cats = new Set(s.categories);
  if (s?.excludeSkus?.length) m.exSkus = new Set(s.excludeSkus);
  if (s?.excludeCategories?.length) m.exCats = new Set(s.excludeCategories);
  matchers.set(p, m);
  return m;
}

/** Whether a promotion's scope covers a SKU of a category. */
export function scopeCovers(p: Promotion, sku: string, cat: string | undefined): boolean {
  const m = matcherOf(p);
  if (m.exSkus?.has(sku)) return false;
  if (cat !== undefined && m.exCats?.has(cat)) return false;
  if ("prices" in p && p.prices) {
    if (p.prices[sku] === undefined) return false;
    if (m.all) return true;
  }
  if (p.kind === "bundle" && !p.skus.includes(sku)) return false;
  if (m.all) return true;
  return (m.skus?.has(sku) ?? false) || (cat !== undefined && (m.cats?.has(cat) ?? false));
}

function customerOk(p: Promotion, cust: QuoteInput["customer"]): boolean {
  if (p.kind === "memberPrice" && !cust.member) return false;
  const c = p.customer;
  if (!c) return true;
  if (c.memberOnly && !cust.member) return false;
  if (c.newCustomerOnly && !cust.newCustomer) return false;
  if (c.tagsAny && c.tagsAny.length > 0 && !c.tagsAny.some((t) => cust.tags.includes(t)))
    return false;
  return true;
}

/** What `compile` reads of a promotion that does not depend on the cart. */
interface Static {
  start: number;
  end: number;
  conflicts: Set<number>;
  maxFixed: number;
  minRate: number;
  platformBp: number;
  rank: number;
  idRank: number;
  /** Its scope covers every SKU of every category. */
  everywhere: boolean;
  paramId: number;
  level: Level;
  coupon: boolean;
  lowFen: number;
}
const statics = new WeakMap<readonly Promotion[], Static[]>();

/** What does not depend on the cart, computed once per promotion list. */
function staticsOf(ps: readonly Promotion[]): Static[] {
  const hit = statics.get(ps);
  if (hit) return hit;
  const idIndex = new Map<string, number>();
  for (const [i, p] of ps.entries()) idIndex.set(p.id, i);
  const out: Static[] = ps.map((p) => ({
    start: p.start === undefined ? Number.NEGATIVE_INFINITY : Date.parse(p.start),
    end: p.end === undefined ? Number.POSITIVE_INFINITY : Date.parse(p.end),
    conflicts: new Set<number>(),
    maxFixed:
      "tiers" in p && p.tiers
        ? Math.max(...p.tiers.map((t) => ("discountFen" in t ? t.discountFen : 0)))
        : 0,
    minRate: p.kind === "manZhe" ? Math.min(...p.tiers.map((t) => t.rateBp)) : 10_000,
    platformBp: "platformShareBp" in p || "fundedBy" in p ? platformShareOf(p as never) : 0,
    rank: 0,
    idRank: 0,
    everywhere: coversEverything(p),
    paramId: 0,
    level: LEVEL_OF[p.kind],
    coupon: COUPON_KINDS.has(p.kind),
    lowFen: lowestThreshold(p),
  }));
  const paramIds = new Map<string, number>();
  ps.forEach((p, i) => {
    const {
      id: _id,
      name: _name,
      priority: _priority,
      start: _start,
      end: _end,
      scope: _scope,
      customer: _customer,
      excludes: _excludes,
      budgetFen: _budget,
      ...rest
    } = p;
    const key = JSON.stringify(rest);
    let id = paramIds.get(key);
    if (id === undefined) {
      id = paramIds.size;
      paramIds.set(key, id);
    }
    out[i]!.paramId = id;
  });
  const byRank = ps.map((_, i) => i);
  byRank.sort((a, b) => ps[b]!.priority - ps[a]!.priority || cmpStr(ps[a]!.id, ps[b]!.id) || a - b);
  byRank.forEach((i, r) => {
    out[i]!.rank = r;
  });
  const byId = ps.map((_, i) => i);
  byId.sort((a, b) => cmpStr(ps[a]!.id, ps[b]!.id) || a - b);
  byId.forEach((i, r) => {
    out[i]!.idRank = r;
  });
  for (const [i, p] of ps.entries())
    for (const id of p.excludes ?? []) {
      const j = idIndex.get(id);
      if (j === undefined || j === i) continue;
      out[i]!.conflicts.add(j);
      out[j]!.conflicts.add(i);
    }
  statics.set(ps, out);
  return out;
}

/** Whether a promotion's scope covers every SKU of every category (`scopeCovers` always true). */
function coversEverything(p: Promotion): boolean {
  const m = matcherOf(p);
  return m.all && !m.exSkus && !m.exCats && !("prices" in p && p.prices) && p.kind !== "bundle";
}

/**
 * Per promotion list, which promotions cover a SKU of a category, besides those covering
 * everything (bounded memo).
 */
const coverMemo = new WeakMap<readonly Promotion[], CoverMemo>();
const COVER_MEMO_MAX = 20_000;
/** Rows by category then SKU (no key to build per lookup), and for lines without a category. */
interface CoverMemo {
  byCat: Map<string, Map<string, Int32Array>>;
  noCat: Map<string, Int32Array>;
  size: number;
}

/** The indexes of the promotions covering a SKU of a category, ascending (but `everywhere`). */
function coversOf(
  ps: readonly Promotion[],
  st: readonly Static[],
  sku: string,
  cat: string | undefined,
): Int32Array {
  let memo = coverMemo.get(ps);
  if (!memo) {
    memo = { byCat: new Map(), noCat: new Map(), size: 0 };
    coverMemo.set(ps, memo);
  }
  let rows = cat === undefined ? memo.noCat : memo.byCat.get(cat);
  let row = rows?.get(sku);
  if (!row) {
    const hits: number[] = [];
    for (let i = 0; i < ps.length; i++)
      if (!st[i]!.everywhere && scopeCovers(ps[i]!, sku, cat)) hits.push(i);
    row = Int32Array.from(hits);
    if (memo.size >= COVER_MEMO_MAX) {
      memo.byCat.clear();
      memo.noCat.clear();
      memo.size = 0;
      rows = cat === undefined ? memo.noCat : undefined;
    }
    if (!rows) {
      rows = new Map();
      memo.byCat.set(cat!, rows);
    }
    rows.set(sku, row);
    memo.size++;
  }
  return row;
}

/** `Date.parse`, remembering the last instant (a batch of quotes shares one `now`). */
let lastInstant = "";
let lastInstantMs = Number.NaN;
function parseInstant(iso: string): number {
  if (iso !== lastInstant) {
    lastInstantMs = Date.parse(iso);
    lastInstant = iso;
  }
  return lastInstantMs;
}

/** Prepares promotions for one quote: time, customer, covered lines, conflicts, budgets. */
export function compile(input: QuoteInput, opts: { exhaustive?: boolean } = {}): Ctx {
  const nowMs = parseInstant(input.now);
  const n = input.lines.length;
  const st = staticsOf(input.promotions);
  const rows = input.lines.map((l) =>
    l.addOn ? undefined : coversOf(input.promotions, st, l.sku, l.categoryId),
  );
  const budgets = input.state.budgetLeftFen;
  const m = input.promotions.length;
  const promos: Compiled[] = new Array(m);
  // per promotion, the lines it covers (ascending), from each line's covering promotions
  const linesOf: number[][] = new Array(m);
  // the promotions covering everything share one list of the buyer lines (read only)
  const buyerLines: number[] = [];
  for (let i = 0; i < n; i++) if (rows[i]) buyerLines.push(i);
  // most promotions of a large campaign cover no line of a given cart: one shared empty list
  const none: number[] = [];
  for (let idx = 0; idx < m; idx++) linesOf[idx] = st[idx]!.everywhere ? buyerLines : none;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row)
      for (let j = 0; j < row.length; j++) {
        const idx = row[j]!;
        if (linesOf[idx] === none) linesOf[idx] = [i];
        else linesOf[idx]!.push(i);
      }
  }
  // a line set's key: a number up to 52 lines (two 26-bit masks), else the list
  const lineSetIds = new Map<number | string, number>();
  // per line set, its lines as flags (read only: promotions covering the same lines share it)
  const coversOfSet: Uint8Array[] = [];
  for (let idx = 0; idx < m; idx++) {
    const p = input.promotions[idx]!;
    const x = st[idx]!;
    const lines = linesOf[idx]!;
    let lo = 0;
    let hi = 0;
    if (n <= 52)
      for (const i of lines) {
        if (i < 26) lo |= 1 << i;
        else hi |= 1 << (i - 26);
      }
    const budget = budgets?.[p.id] ?? p.budgetFen;
    const lk = n <= 52 ? lo + hi * 2 ** 26 : lines.join(",");
    let lineSet = lineSetIds.get(lk);
    if (lineSet === undefined) {
      lineSet = lineSetIds.size;
      lineSetIds.set(lk, lineSet);
      const flags = new Uint8Array(n);
      for (const i of lines) flags[i] = 1;
      coversOfSet.push(flags);
    }
    const covers = coversOfSet[lineSet]!;
    promos[idx] = {
      idx,
      p,
      level: x.level,
      coupon: x.coupon,
      time: nowMs < x.start ? "not_started" : nowMs >= x.end ? "ended" : "live",
      custOk: customerOk(p, input.customer),
      lines,
      covers,
      conflicts: x.conflicts,
      budgetLeft: budget ?? Number.POSITIVE_INFINITY,
      maxFixed: x.maxFixed,
      minRate: x.minRate,
      platformBp: x.platformBp,
      lineSet,
      rank: x.rank,
      idRank: x.idRank,
      paramId: x.paramId,
      lowFen: x.lowFen,
    };
  }
  const byLevel: Record<Level, Compiled[]> = {
    item: [],
    group: [],
    itemCoupon: [],
    shop: [],
    shopCoupon: [],
    crossShop: [],
    platformCoupon: [],
    deposit: [],
  };
  for (const c of promos) byLevel[c.level].push(c);
  return {
    input,
    n,
    nowMs,
    cumulative: input.settings.thresholdBasis === "cumulative",
    promos,
    byLevel,
    listAmount: input.lines.map((l) => l.listPriceFen * l.qty),
    exhaustive: opts.exhaustive === true,
    lineSets: lineSetIds.size,
    limits: new Set(),
    holdingBases: new Map(),
    stageComps: new Map(),
  };
}

/** Whether a promotion may be considered at all (live, customer, allowed in this variant). */
function usable(c: Compiled, banned: ReadonlySet<number>): boolean {
  return c.time === "live" && c.custOk && !banned.has(c.idx);
}

// ───────────────────────────── item level ─────────────────────────────

export interface Run {
  priceFen: number;
  qty: number;
  promo: number;
}

export interface ItemLevel {
  runs: Run[][];
  amount: number[];
  /** promo idx → share per line. */
  shares: Map<number, number[]>;
  refusal?: { promo: number; sku: string; allowedQty: number };
  budgetDropped: Set<number>;
  /** Capacity left at the start (for reasons). */
  capacity: Map<number, Capacity>;
}

export function unitPriceOf(p: Promotion, sku: string, list: number): number | undefined {
  switch (p.kind) {
    case "salePrice":
    case "memberPrice":
    case "flashSale":
      return p.prices[sku];
    case "timeDiscount":
      return timeDiscountUnit(p, sku, list);
    default:
      return undefined;
  }
}

export function itemLevel(ctx: Ctx, banned: ReadonlySet<number>): ItemLevel {
  const dropped = new Set<number>();
  for (;;) {
    const r = itemLevelOnce(ctx, banned, dropped);
    if (r.refusal) return r;
    let changed = false;
    for (const [idx, sh] of r.shares) {
      let tot = 0;
      for (const s of sh) tot += s;
      if (tot > ctx.promos[idx]!.budgetLeft) {
        dropped.add(idx);
        changed = true;
      }
    }
    if (!changed) return r;
  }
}

function itemLevelOnce(ctx: Ctx, banned: ReadonlySet<number>, dropped: Set<number>): ItemLevel {
  const { input, n } = ctx;
  const capacity = new Map<number, Capacity>();
  const start = new Map<number, Capacity>();
  const live = ctx.byLevel.item.filter((c) => usable(c, banned) && !dropped.has(c.idx));
  for (const c of live) {
    const p = c.p as Extract<Promotion, { kind: "salePrice" }>;
    const cap = initialCapacity(p, {
      stockLeft: input.state.stockLeft?.[p.id],
      customerUsedQty: input.state.customerUsedQty?.[p.id],
    });
    capacity.set(c.idx, cap);
    start.set(c.idx, { ...cap });
  }
  const runs: Run[][] = [];
  const amount: number[] = [];
  const shares = new Map<number, number[]>();
  for (let l = 0; l < n; l++) {
    const line = input.lines[l]!;
    const list = line.listPriceFen;
    const lr: Run[] = [];
    if (!line.addOn) {
      const cands: { c: Compiled; price: number }[] = [];
      for (const c of live) {
        if (!c.covers[l]) continue;
        const u = unitPriceOf(c.p, line.sku, list);
        if (u !== undefined && u < list) cands.push({ c, price: u });
      }
      cands.sort(
        (a, b) =>
          a.price - b.price || b.c.p.priority - a.c.p.priority || cmpStr(a.c.p.id, b.c.p.id),
      );
      let rem = line.qty;
      for (const { c, price } of cands) {
        if (rem === 0) break;
        const cap = capacity.get(c.idx)!;
        const k = Math.min(rem, Math.max(0, allowed(cap)));
        if (k > 0) {
          lr.push({ priceFen: price, qty: k, promo: c.idx });
          take(cap, k);
          rem -= k;
          let sh = shares.get(c.idx);
          if (!sh) {
            sh = zeros(n);
            shares.set(c.idx, sh);
          }
          sh[l] = sh[l]! + (list - price) * k;
        }
        if (rem > 0 && "overLimit" in c.p && c.p.overLimit === "refuse") {
          return {
            runs,
            amount,
            shares,
            refusal: { promo: c.idx, sku: line.sku, allowedQty: k },
            budgetDropped: dropped,
            capacity: start,
          };
        }
      }
      if (rem > 0) lr.push({ priceFen: list, qty: rem, promo: -1 });
    } else {
      lr.push({ priceFen: list, qty: line.qty, promo: -1 });
    }
    runs.push(lr);
    let a = 0;
    for (const r of lr) a += r.priceFen * r.qty;
    amount.push(a);
  }
  return { runs, amount, shares, budgetDropped: dropped, capacity: start };
}

// ───────────────────────────── group level ─────────────────────────────

export interface GroupLevel {
  apps: Application[];
  amount: number[];
  /** Outcome of each group promotion alone on all its eligible units (for reasons). */
  alone: Map<number, GroupOutcome>;
  /** For each line, the group promotion holding its units (first one). */
  holder: number[];
}

/** A group promotion on the units offered to it (sorted by price high to low). */
export function applyGroup(
  p: Promotion,
  units: readonly Unit[],
  skuOf: readonly string[],
): GroupOutcome {
  switch (p.kind) {
    case "bundle":
      return bundleApply(p, units, skuOf);
    case "buyNGetM":
      return buyNGetMApply(p, units);
    case "nForX":
      return nForXApply(p, units);
    case "nAtRate":
      return nAtRateApply(p, units);
    case "secondItem":
      return secondItemApply(p, units);
    case "moreForSame":
      return moreForSameApply(p, units);
    default:
      return { met: false, shortfallQty: 0 };
  }
}

/**
 * Every permutation of 0…k−1 in lexicographic order (cached): orders of promotions listed by
 * rank come out by rank, the first of equal outcomes being the one the rank prefers.
 */
const PERMS: number[][][] = [[[]]];
function indexPerms(k: number): number[][] {
  let p = PERMS[k];
  if (p) return p;
  p = [];
  for (let first = 0; first < k; first++)
    for (const rest of indexPerms(k - 1))
      p.push([first, ...rest.map((i) => (i >= first ? i + 1 : i))]);
  PERMS[k] = p;
  return p;
}

/** Orders in which competing promotions are tried: all of them for up to 5, else rotations. */
export function orders<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 5) return indexPerms(xs.length).map((perm) => perm.map((i) => xs[i]!));
  return xs.map((_, i) => [...xs.slice(i), ...xs.slice(0, i)]);
}

function overlapping(
  cs: readonly Compiled[],
  n: number,
  extra?: (c: Compiled, l: number) => boolean,
): boolean {
  const count = zeros(n);
  for (const c of cs)
    for (const l of c.lines)
      if (!extra || extra(c, l)) {
        count[l] = count[l]! + 1;
        if (count[l]! > 1) return true;
      }
  return false;
}

/** What a group promotion takes in an order: the units, its discount and gifts. */
interface Taken {
  c: Compiled;
  unitsTaken: Unit[];
  discount: number;
  gifts: Gift[];
}

/**
 * Group promotions sharing units decided over every order up to this many (beyond, rotations),
 * past 5 only while the orders reach at most `GROUP_STATES` distinct states.
 */
const GROUP_EXACT_MAX = 8;
const GROUP_STATES = 4000;

/**
 * The best rest of an order from some state: what each promotion takes, in order (promotion
 * `c` applied to the free units `sub` with outcome `o`; none for a promotion taking nothing).
 */
interface Suffix {
  c: Compiled | undefined;
  sub: Unit[] | undefined;
  o: Extract<GroupOutcome, { met: true }> | undefined;
  next: Suffix | undefined;
  total: number;
  count: number;
}

const EMPTY_SUFFIX: Suffix = {
  c: undefined,
  sub: undefined,
  o: undefined,
  next: undefined,
  total: 0,
  count: 0,
};

/**
 * The best outcome over every precedence order of group promotions sharing units (each in turn
 * takes what it needs of the units still free): the largest total discount, then the fewest
 * promotions, then the first order by rank. What is left to decide depends only on the units
 * still free and the promotions not yet placed, so each such state is solved once (orders
 * placing the same promotions on the same units meet there) — the same best as walking every
 * order, found in the same order. Undefined when the orders reach more than `budget` states.
 */
function everyOrder(
  comp: readonly Compiled[],
  units: readonly Unit[],
  skuOf: readonly string[],
  budget = Number.POSITIVE_INFINITY,
): Taken[] | undefined {
  const k = comp.length;
  const U = units.length;
  // a state's key: while the free units fit in 30 bits (and the promotions in GROUP_EXACT_MAX),
  // one table per set of promotions placed, keyed by the free units as a small integer (a key
  // combining both would be a number V8 allocates per lookup); else a string
  const numeric = U <= 30 && k <= GROUP_EXACT_MAX;
  const byUsed: (Map<number, Suffix> | undefined)[] | undefined = numeric
    ? new Array(1 << k)
    : undefined;
  const memo = new Map<string, Suffix>();
  let states = 0;
  // more distinct states than the budget: undefined (the caller falls back to rotations)
  let over = false;
  const free = new Uint8Array(U).fill(1);
  let freeBits = numeric ? 2 ** U - 1 : 0;
  // per promotion, the units it covers (ascending)
  const mine = comp.map((c) => {
    const out: number[] = [];
    for (let u = 0; u < U; u++) if (c.covers[units[u]!.line]) out.push(u);
    return out;
  });
  const best = (used: number): Suffix => {
    if (used === (1 << k) - 1) return EMPTY_SUFFIX;
    let table = byUsed?.[used];
    if (byUsed && !table) {
      table = new Map();
      byUsed[used] = table;
    }
    const key = table ? "" : `${used}|${free.join("")}`;
    const hit = table ? table.get(freeBits) : memo.get(key);
    if (hit) return hit;
    if (states >= budget) {
      over = true;
      return EMPTY_SUFFIX;
    }
    let out: Suffix | undefined;
    for (let i = 0; i < k; i++) {
      if ((used & (1 << i)) !== 0) continue;
      const c = comp[i]!;
      const idxs: number[] = [];
      const sub: Unit[] = [];
      const mi = mine[i]!;
      for (let x = 0; x < mi.length; x++) {
        const u = mi[x]!;
        if (free[u] === 1) {
          idxs.push(u);
          sub.push(units[u]!);
        }
      }
      const o = idxs.length === 0 ? undefined : applyGroup(c.p, sub, skuOf);
      if (o?.met && (o.discountFen > 0 || o.gifts.length > 0) && o.discountFen <= c.budgetLeft) {
        const before = freeBits;
        for (const t of o.taken) {
          free[idxs[t]!] = 0;
          if (numeric) freeBits &= ~(1 << idxs[t]!);
        }
        const rest = best(used | (1 << i));
        for (const t of o.taken) free[idxs[t]!] = 1;
        freeBits = before;
        const total = o.discountFen + rest.total;
        const count = 1 + rest.count;
        // (a suffix only for a new best: most candidates lose)
        if (!out || total > out.total || (total === out.total && count < out.count))
          out = { c, sub, o, next: rest, total, count };
      } else {
        const cand = best(used | (1 << i));
        if (!out || cand.total > out.total || (cand.total === out.total && cand.count < out.count))
          out = cand;
      }
    }
    if (table) table.set(freeBits, out!);
    else memo.set(key, out!);
    states++;
    return out!;
  };
  const top = best(0);
  if (over) return undefined;
  const res: Taken[] = [];
  for (let x: Suffix | undefined = top; x; x = x.next) {
    const { c, sub, o } = x;
    if (c && sub && o)
      res.push({
        c,
        unitsTaken: o.taken.map((t) => sub[t]!),
        discount: o.discountFen,
        gifts: o.gifts,
      });
  }
  return res;
}

export function groupLevel(ctx: Ctx, banned: ReadonlySet<number>, item: ItemLevel): GroupLevel {
  const { n, input } = ctx;
  const amount = item.amount.slice();
  const holder = numbers(n, -1);
  const alone = new Map<number, GroupOutcome>();
  const live = ctx.byLevel.group.filter((c) => usable(c, banned) && c.lines.length > 0);
  if (live.length === 0) return { apps: [], amount, alone, holder };
  live.sort(byRank);
  const units: Unit[] = [];
  for (let l = 0; l < n; l++) {
    if (input.lines[l]!.addOn) continue;
    for (const r of item.runs[l]!)
      for (let k = 0; k < r.qty; k++) units.push({ line: l, priceFen: r.priceFen });
  }
  units.sort((a, b) => b.priceFen - a.priceFen || a.line - b.line);
  const skuOf = input.lines.map((l) => l.sku);
  // each promotion's units (by price, as `units`), from each line's promotions
  const liveOf: number[][] = new Array(n);
  for (let l = 0; l < n; l++) liveOf[l] = [];
  for (let j = 0; j < live.length; j++) for (const l of live[j]!.lines) liveOf[l]!.push(j);
  const unitsOf: Unit[][] = new Array(live.length);
  for (let j = 0; j < live.length; j++) unitsOf[j] = [];
  for (const u of units) for (const j of liveOf[u.line]!) unitsOf[j]!.push(u);
  live.forEach((c, j) => {
    alone.set(c.idx, applyGroup(c.p, unitsOf[j]!, skuOf));
  });
  // scratch of `tryOrder` (it runs for every order of every set of promotions sharing lines)
  const avail = new Uint8Array(units.length);
  const idxs: number[] = [];
  const tryOrder = (order: readonly Compiled[], units: readonly Unit[]) => {
    avail.fill(1, 0, units.length);
    const res: Taken[] = [];
    let total = 0;
    for (const c of order) {
      idxs.length = 0;
      for (let i = 0; i < units.length; i++)
        if (avail[i] === 1 && c.covers[units[i]!.line]) idxs.push(i);
      if (idxs.length === 0) continue;
      const sub = idxs.map((i) => units[i]!);
      const o = applyGroup(c.p, sub, skuOf);
      if (!o.met || (o.discountFen === 0 && o.gifts.length === 0) || o.discountFen > c.budgetLeft)
        continue;
      for (const t of o.taken) avail[idxs[t]!] = 0;
      res.push({
        c,
        unitsTaken: o.taken.map((t) => sub[t]!),
        discount: o.discountFen,
        gifts: o.gifts,
      });
      total += o.discountFen;
    }
    return { res, total };
  };
  // promotions sharing no line never compete: each group of them sharing lines (transitively)
  // is decided on its own units, every order of it tried (rotations beyond 5)
  const chosen: Taken[] = [];
  const comps = overlapping(live, n) ? components(ctx, live) : [live];
  for (const comp of comps) {
    let compUnits = units;
    if (comps.length > 1) {
      const inComp = new Uint8Array(n);
      for (const c of comp) for (const l of c.lines) inComp[l] = 1;
      compUnits = units.filter((u) => inComp[u.line] === 1);
    }
    if (!overlapping(comp, n)) {
      chosen.push(...tryOrder(comp, compUnits).res);
      continue;
    }
    const exact = ctx.exhaustive
      ? undefined
      : comp.length <= 5
        ? everyOrder(comp, compUnits, skuOf)
        : comp.length <= GROUP_EXACT_MAX
          ? everyOrder(comp, compUnits, skuOf, GROUP_STATES)
          : undefined;
    if (exact) {
      chosen.push(...exact);
      continue;
    }
    // the reference walks every order one by one (by rank, the same tie-break); beyond the
    // exact search, rotations
    if (!ctx.exhaustive) ctx.limits.add("group_orders");
    let best: ReturnType<typeof tryOrder> | undefined;
    const tried = ctx.exhaustive
      ? indexPerms(comp.length).map((perm) => perm.map((i) => comp[i]!))
      : orders(comp);
    for (const o of tried) {
      const r = tryOrder(o, compUnits);
      if (
        !best ||
        r.total > best.total ||
        (r.total === best.total && r.res.length < best.res.length)
      )
        best = r;
    }
    chosen.push(...best!.res);
  }
  const apps: Application[] = [];
  for (const g of chosen) {
    const w = zeros(n);
    const took = new Uint8Array(n);
    for (const u of g.unitsTaken) {
      w[u.line] = w[u.line]! + u.priceFen;
      took[u.line] = 1;
    }
    const lines: number[] = [];
    for (let l = 0; l < n; l++) if (took[l] === 1) lines.push(l);
    const weights = lines.map((l) => w[l]!);
    const shares = largestRemainder(g.discount, weights);
    const giftTotal = g.gifts.reduce((s, x) => s + x.costFen * x.qty, 0);
    const giftCost = largestRemainder(giftTotal, weights);
    lines.forEach((l, i) => {
      amount[l] = amount[l]! - shares[i]!;
      if (holder[l] === -1) holder[l] = g.c.idx;
    });
    apps.push({
      c: g.c,
      lines,
      shares,
      platform: lines.map(() => 0),
      giftCost,
      basisByLine: weights,
      beforeByLine: weights,
      discountFen: g.discount,
      platformFen: 0,
      basisFen: weights.reduce((a, b) => a + b, 0),
      tierIndex: 0,
      gifts: g.gifts,
      freeShipping: false,
    });
  }
  return { apps, amount, alone, holder };
}

// ───────────────────────────── helpers ─────────────────────────────

export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds an application of `discount` over `lines`, split by their amounts just before. */
export function makeApp(
  c: Compiled,
  lines: number[],
  amount: readonly number[],
  basis: readonly number[],
  o: Extract<ThresholdOutcome, { met: true }>,
  basisFen: number,
): Application {
  const before = lines.map((l) => amount[l]!);
  const shares = largestRemainder(o.discountFen, before);
  const platformFen = mulDivHalfUp(o.discountFen, c.platformBp, 10_000);
  const platform = platformFen === 0 ? lines.map(() => 0) : largestRemainder(platformFen, shares);
  const giftTotal = o.gifts.reduce((s, g) => s + g.costFen * g.qty, 0);
  const giftCost = giftTotal === 0 ? lines.map(() => 0) : largestRemainder(giftTotal, before);
  return {
    c,
    lines,
    shares,
    platform,
    giftCost,
    basisByLine: lines.map((l) => basis[l]!),
    beforeByLine: before,
    discountFen: o.discountFen,
    platformFen,
    basisFen,
    tierIndex: o.tierIndex,
    gifts: o.gifts,
    freeShipping: o.freeShipping,
  };
}

/** Outcome of a threshold promotion (levels 2½–5) on a set of lines. */
export function thresholdOutcome(
  ctx: Ctx,
  c: Compiled,
  basisFen: number,
  beforeFen: number,
): ThresholdOutcome {
  const p = c.p;
  switch (p.kind) {
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon":
      return couponOutcome(p, basisFen, beforeFen);
    case "manJian":
      return manJianOutcome(p, basisFen, beforeFen);
    case "meiManJian":
      return everyFullOutcome(p, basisFen, beforeFen);
    case "manZhe":
      return manZheOutcome(p, basisFen, beforeFen);
    case "manSong":
      return manSongOutcome(p, basisFen);
    case "jiaJiaGou":
      return basisFen >= p.thresholdFen
        ? { met: true, discountFen: 0, tierIndex: 0, gifts: [], freeShipping: false }
        : { met: false, shortfallFen: p.thresholdFen - basisFen };
    case "crossShop":
      return crossShopOutcome(p, basisFen, ctx.input.otherShopsAmountFen, beforeFen);
    default:
      return { met: false, shortfallFen: 0 };
  }
}

/** Upper bound of the discount a promotion can give on lines now at `beforeFen`. */
function maxDiscount(c: Compiled, beforeFen: number, basisFen: number, otherShops: number): number {
  const p = c.p;
  switch (p.kind) {
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon": {
      if (basisFen < p.thresholdFen) return 0;
      if (p.amountFen !== undefined) return Math.min(p.amountFen, beforeFen);
      const d = rateDiscount(beforeFen, p.rateBp ?? 10_000);
      return p.capFen === undefined ? d : Math.min(d, p.capFen);
    }
    case "manJian": {
      let m = 0;
      for (const t of p.tiers)
        if (t.thresholdFen <= basisFen && t.discountFen > m) m = t.discountFen;
      return Math.min(beforeFen, m);
    }
    case "meiManJian": {
      const d = Math.floor(basisFen / p.stepFen) * p.discountFen;
      return Math.min(beforeFen, d, p.capFen ?? d);
    }
    case "manZhe": {
      let r = 10_000;
      for (const t of p.tiers) if (t.thresholdFen <= basisFen && t.rateBp < r) r = t.rateBp;
      return rateDiscount(beforeFen, r);
    }
    case "crossShop": {
      // this shop carries its basis' part of the all-shops discount, rounded half up: with
      // the discount growing with the basis (the largest tier reached), so does the part, and
      // on fewer lines both are smaller
      const all = basisFen + otherShops;
      let m = 0;
      if (p.tiers) {
        for (const t of p.tiers) if (t.thresholdFen <= all && t.discountFen > m) m = t.discountFen;
      } else {
        const d = Math.floor(all / p.stepFen!) * p.discountFen!;
        m = Math.min(d, p.capFen ?? d);
      }
      if (all === 0 || m === 0) return 0;
      return Math.min(beforeFen, mulDivHalfUp(m, basisFen, all));
    }
    default:
      return 0;
  }
}

// ───────────────────────────── plan search ─────────────────────────────

/** The stages searched after group level, in order. */
const STAGES = ["itemCoupon", "shop", "shopCoupon", "crossShop", "platformCoupon"] as const;
type Stage = (typeof STAGES)[number];

export interface PlanState {
  amount: number[];
  /** Stage bounds of this state, filled as needed (shared by states with the same arrays). */
  ubs: number[] | undefined;
  /** A holding stage's programmes on this state, per component (stage index → list). */
  dps: (HoldingDp[] | undefined)[] | undefined;
  basis: number[];
  apps: Application[];
  /** Amounts at the start of each stage. */
  snaps: number[][];
  /** The state an item-coupon move started from: its programmes bound this one's (`holdingDps`). */
  from: PlanState | undefined;
}

export interface Plan {
  amount: number[];
  basis: number[];
  apps: Application[];
  snaps: number[][];
  depositApps: Application[];
  depositPaid: number[];
  shippingPaid: number;
  shippingWaivedBy: number;
  total: number;
  key: PlanKey;
}

interface PlanKey {
  total: number;
  count: number;
  prios: number[];
  /** The promotions' positions by id (code-unit order), low to high: compared as their ids. */
  ids: Int32Array;
}

function cmpKey(a: PlanKey, b: PlanKey): number {
  if (a.total !== b.total) return a.total - b.total;
  if (a.count !== b.count) return a.count - b.count;
  for (let i = 0; i < Math.min(a.prios.length, b.prios.length); i++)
    if (a.prios[i] !== b.prios[i]) return b.prios[i]! - a.prios[i]!;
  if (a.prios.length !== b.prios.length) return b.prios.length - a.prios.length;
  for (let i = 0; i < Math.min(a.ids.length, b.ids.length); i++)
    if (a.ids[i] !== b.ids[i]) return a.ids[i]! - b.ids[i]!;
  return a.ids.length - b.ids.length;
}

/**
 * Last tie-break, between plans with the same total and the same promotions that hold
 * different lines: the lower payable on the earliest line that differs. It makes the chosen
 * plan independent of the order in which the search meets them.
 */
function cmpLines(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * And when even the payables are equal (the same discount split otherwise), the promotions
 * holding each line, compared line by line as lists of input positions (lower first).
 */
function cmpHolders(n: number, a: readonly Application[], b: readonly Application[]): number {
  const ha = holders(n, a);
  const hb = holders(n, b);
  for (let l = 0; l < n; l++) {
    const x = ha[l]!;
    const y = hb[l]!;
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    if (x.length !== y.length) return x.length - y.length;
  }
  return 0;
}

function holders(n: number, apps: readonly Application[]): number[][] {
  const out = Array.from({ length: n }, () => [] as number[]);
  for (const a of apps) for (const l of a.lines) out[l]!.push(a.c.idx);
  for (const h of out) h.sort((x, y) => x - y);
  return out;
}

interface Search {
  ctx: Ctx;
  banned: ReadonlySet<number>;
  fixedApps: Application[];
  /** Promotions the fixed applications hold. */
  fixedCount: number;
  best: Plan | undefined;
  nodes: number;
  depositUb: number;
  shippingLb: number;
  stageLists: Map<Stage, Compiled[]>;
  lineGroups: Map<Stage, Compiled[][]>;
  sums: WeakMap<readonly number[], number[]>;
  comps: Map<Stage, Compiled[][]>;
  /** Per holding stage, whether what follows depends on its assignment only by the total (`restOnTotal`). */
  sameRest: Map<Stage, boolean>;
  /** Per holding stage, each component's classes; null when one cannot be searched exactly. */
  spaces: Map<Stage, HoldingSpace[] | null>;
  /** When set, only plans holding one of these count (`extensionOf`), all by stage `mustStage`. */
  mustUse: ReadonlySet<number> | undefined;
  mustStage: number;
}

const NODE_LIMIT = 4_000;

function stagePromos(s: Search, stage: Stage): Compiled[] {
  const hit = s.stageLists.get(stage);
  if (hit) return hit;
  const out = s.ctx.byLevel[stage].filter(
    (c) =>
      usable(c, s.banned) &&
      c.p.kind !== "freeShipping" &&
      (c.lines.length > 0 || c.p.kind === "jiaJiaGou"),
  );
  s.stageLists.set(stage, out);
  return out;
}

/**
 * A holding stage's promotions grouped by the exact lines they cover: each line joins at most
 * one promotion, so of a group at most one applies (加价购 stays alone: it also holds add-ons).
 */
function sameLineGroups(s: Search, stage: Stage): Compiled[][] {
  const hit = s.lineGroups.get(stage);
  if (hit) return hit;
  const bySig = new Map<number, Compiled[]>();
  const out: Compiled[][] = [];
  for (const c of stagePromos(s, stage)) {
    if (c.p.kind === "jiaJiaGou") {
      out.push([c]);
      continue;
    }
    const sig = c.lineSet;
    const g = bySig.get(sig);
    if (g) g.push(c);
    else {
      const ng = [c];
      bySig.set(sig, ng);
      out.push(ng);
    }
  }
  s.lineGroups.set(stage, out);
  return out;
}

/**
 * Sum of a promotion's covered lines in `a`, cached per array (amount and basis arrays are
 * never changed once made) and per covered-line set.
 */
function sumOf(s: Search, c: Compiled, a: readonly number[]): number {
  if (c.lines.length <= 8) return sumOver(c.lines, a);
  let row = s.sums.get(a);
  if (!row) {
    row = numbers(s.ctx.lineSets, -1);
    s.sums.set(a, row);
  }
  let v = row[c.lineSet]!;
  if (v < 0) {
    v = sumOver(c.lines, a);
    row[c.lineSet] = v;
  }
  return v;
}

function sumOver(lines: readonly number[], a: readonly number[]): number {
  let s = 0;
  for (const l of lines) s += a[l]!;
  return s;
}

function addOnLinesOf(ctx: Ctx, sku: string): number[] {
  const out: number[] = [];
  ctx.input.lines.forEach((l, i) => {
    if (l.addOn && l.sku === sku) out.push(i);
  });
  return out;
}

/**
 * Applies promotions that hold lines (shop level, cross-shop) in a precedence order. With
 * `light`, only which promotion holds which lines is worked out (no split), for deduplication.
 */
function holdInOrder(
  s: Search,
  st: PlanState,
  order: readonly Compiled[],
  light = false,
): Application[] {
  const { ctx } = s;
  const taken = new Array<boolean>(ctx.n).fill(false);
  const apps: Application[] = [];
  const thr = ctx.cumulative ? st.amount : st.basis;
  let anyTaken = false;
  let left = ctx.n;
  for (const c of order) {
    if (left === 0) break;
    const lines = anyTaken ? c.lines.filter((l) => !taken[l]) : c.lines;
    if (c.p.kind === "jiaJiaGou") {
      const p = c.p;
      const addOns = addOnLinesOf(ctx, p.redeemSku).filter((l) => !taken[l]);
      if (addOns.length === 0) continue;
      const basisFen = sumOver(lines, thr);
      if (basisFen < p.thresholdFen) continue;
      let left = p.maxQty;
      const shares = addOns.map((l) => {
        const line = ctx.input.lines[l]!;
        const q = Math.min(left, line.qty);
        left -= q;
        return Math.min(
          st.amount[l]!,
          jiaJiaGouDiscount({ priceFen: p.priceFen, maxQty: q }, line.listPriceFen, q),
        );
      });
      const d = shares.reduce((a, b) => a + b, 0);
      if (d === 0 || d > c.budgetLeft) continue;
      const all = [...lines, ...addOns].sort((a, b) => a - b);
      if (light) {
        for (const l of all)
          if (!taken[l]) {
            taken[l] = true;
            left--;
          }
        anyTaken = true;
        apps.push({ c, lines: all, discountFen: d } as Application);
        continue;
      }
      const sh = all.map((l) => {
        const k = addOns.indexOf(l);
        return k >= 0 ? shares[k]! : 0;
      });
      for (const l of all)
        if (!taken[l]) {
          taken[l] = true;
          left--;
        }
      anyTaken = true;
      apps.push({
        c,
        lines: all,
        shares: sh,
        platform: all.map(() => 0),
        giftCost: all.map(() => 0),
        basisByLine: all.map((l) => (addOns.includes(l) ? 0 : thr[l]!)),
        beforeByLine: all.map((l) => st.amount[l]!),
        discountFen: d,
        platformFen: 0,
        basisFen,
        tierIndex: 0,
        gifts: [],
        freeShipping: false,
      });
      continue;
    }
    if (lines.length === 0) continue;
    const whole = lines.length === c.lines.length;
    const basisFen = whole ? sumOf(s, c, thr) : sumOver(lines, thr);
    const o = thresholdOutcome(
      ctx,
      c,
      basisFen,
      whole ? sumOf(s, c, st.amount) : sumOver(lines, st.amount),
    );
    if (!o.met || o.discountFen > c.budgetLeft) continue;
    if (o.discountFen === 0 && o.gifts.length === 0 && !o.freeShipping) continue;
    for (const l of lines)
      if (!taken[l]) {
        taken[l] = true;
        left--;
      }
    anyTaken = true;
    if (light) {
      apps.push({ c, lines, discountFen: o.discountFen } as Application);
      continue;
    }
    apps.push(
      makeApp(
        c,
        lines,
        st.amount,
        thr,
        o,
        c.p.kind === "crossShop" ? basisFen + ctx.input.otherShopsAmountFen : basisFen,
      ),
    );
  }
  // the lines are disjoint and each share was split on the amounts before the stage, so the
  // order they were taken in changes nothing: listed in input order, whatever order gave them
  if (!light && apps.length > 1) apps.sort(byIdx);
  return apps;
}

const byIdx = (a: Application, b: Application) => a.c.idx - b.c.idx;

/**
 * Orders tried for a large group of competing promotions (more than 5): by standalone
 * discount, most specific scope first, and by priority — a bounded heuristic.
 */
function bigOrders(s: Search, st: PlanState, comp: readonly Compiled[]): Compiled[][] {
  s.ctx.limits.add("holding_orders");
  const thr = s.ctx.cumulative ? st.amount : st.basis;
  const alone = zeros(comp.length);
  const idx = zeros(comp.length);
  for (let i = 0; i < comp.length; i++) {
    const c = comp[i]!;
    const o = thresholdOutcome(s.ctx, c, sumOf(s, c, thr), sumOf(s, c, st.amount));
    alone[i] = o.met ? o.discountFen : 0;
    idx[i] = i;
  }
  const pick = (is: number[]) => is.map((i) => comp[i]!);
  const byDiscount = pick([...idx].sort((a, b) => alone[b]! - alone[a]!));
  const bySpecific = pick(
    [...idx].sort((a, b) => comp[a]!.lines.length - comp[b]!.lines.length || alone[b]! - alone[a]!),
  );
  return [byDiscount, bySpecific, [...comp]];
}

function movesHolding(s: Search, st: PlanState, stage: "shop" | "crossShop"): Move[] {
  const cs = stagePromos(s, stage);
  if (cs.length === 0) return [{ d: 0, n: 0, apps: [] }];
  const comps = componentsOf(s, stage, cs);
  if (comps.length === cs.length) {
    const apps = holdInOrder(s, st, cs);
    return [{ d: sumD(apps), n: apps.length, apps }];
  }
  return holdingCombos(s, st, comps);
}

/**
 * The spaces of a holding stage's components, or null when the search by precedence orders
 * does the job (every component of at most 5 promotions, all of whose orders are tried, or
 * of promotions covering the same lines: cheaper on small carts) or one cannot be searched
 * over classes.
 */
function spacesOf(s: Search, stage: Stage): HoldingSpace[] | null {
  let sp = s.spaces.get(stage);
  if (sp !== undefined) return sp;
  const cs = stagePromos(s, stage);
  // exclusions decided inside need the programme (a variant's bans may leave few promotions)
  const ex = s.ctx.ex;
  const decides = ex !== undefined && cs.some((c) => ex.comp[c.idx]! >= 0);
  if (
    !decides &&
    (cs.length <= 5 || componentsOf(s, stage as "shop" | "crossShop", cs).every(smallComponent))
  ) {
    s.spaces.set(stage, null);
    return null;
  }
  const bases = basesOf(s.ctx, stage);
  sp = bases === null ? null : bases.map((b) => holdingSpace(b, s.banned, s.ctx.ex));
  s.spaces.set(stage, sp);
  return sp;
}

/** A component the old search takes exactly: every order (≤ 5), or all on the same lines. */
function smallComponent(comp: readonly Compiled[]): boolean {
  return comp.length <= 5 || sameLines(comp);
}

/**
 * A holding stage's classes over every promotion a variant may allow (once per quote): a
 * variant's components are unions of these or parts of one, and a programme over a union
 * of independent parts is still exact.
 */
function basesOf(ctx: Ctx, stage: Stage): HoldingSpace[] | null {
  let bases = ctx.holdingBases.get(stage);
  if (bases !== undefined) return bases;
  bases = [];
  for (const comp of stageComponents(ctx, stage)) {
    const b = holdingBase(comp, ctx.n);
    if (!b) {
      bases = null;
      break;
    }
    bases.push(b);
  }
  ctx.holdingBases.set(stage, bases);
  return bases;
}

const NONE: ReadonlySet<number> = new Set();

/** A holding stage's promotions any variant may hold (once per quote). */
function holdingCandidates(ctx: Ctx, stage: Stage): Compiled[] {
  return ctx.byLevel[stage].filter(
    (c) =>
      usable(c, NONE) &&
      c.p.kind !== "freeShipping" &&
      (c.lines.length > 0 || c.p.kind === "jiaJiaGou"),
  );
}

/** The components of `holdingCandidates`, cached per quote. */
function stageComponents(ctx: Ctx, stage: Stage): Compiled[][] {
  let comps = ctx.stageComps.get(stage);
  if (!comps) {
    comps = components(ctx, holdingCandidates(ctx, stage));
    ctx.stageComps.set(stage, comps);
  }
  return comps;
}

/** The programmes of a holding stage on a state (cached on it), or undefined (old search). */
function holdingDps(s: Search, st: PlanState, k: number): HoldingDp[] | undefined {
  const spaces = spacesOf(s, STAGES[k]!);
  if (!spaces) return undefined;
  let row = st.dps;
  if (!row) {
    row = new Array(STAGES.length);
    st.dps = row;
  }
  let dps = row[k];
  if (!dps) {
    const thr = s.ctx.cumulative ? st.amount : st.basis;
    const upper = upperOf(s);
    // an item-coupon move's state: its parent's programme (filled now if need be) bounds it
    const par = st.from ? holdingDps(s, st.from, k) : undefined;
    dps = spaces.map((sp, j) => holdingDp(sp, st.amount, thr, upper, par?.[j]));
    row[k] = dps;
  }
  return dps;
}

/** A holding promotion's bound for the programme (monotone in both amounts). */
function upperOf(s: Search): (c: Compiled, before: number, basis: number) => number {
  const other = s.ctx.input.otherShopsAmountFen;
  return (c, before, basis) => maxDiscount(c, before, basis, other);
}

/**
 * The exact holding search: every assignment some precedence order gives, once, combined
 * over the components and visited as it is found, each component pruned by its programme
 * against the discount a move must reach (`need()`, read at every step: it rises as soon as a
 * visited move gives a better plan).
 */
function exactHolding(
  s: Search,
  stage: Stage,
  dps: HoldingDp[],
  need: () => readonly [number, number],
  visit: (m: Move) => void,
): void {
  const spaces = s.spaces.get(stage)!;
  const outcome = (c: Compiled, basis: number, before: number) =>
    thresholdOutcome(s.ctx, c, basis, before);
  let sameRest = s.sameRest.get(stage);
  if (sameRest === undefined) {
    sameRest = restOnTotal(s, STAGES.indexOf(stage));
    s.sameRest.set(stage, sameRest);
  }
  // what the components after i can give at most
  const after = zeros(spaces.length + 1);
  for (let i = spaces.length - 1; i >= 0; i--) after[i] = after[i + 1]! + dps[i]!.top;
  const picked: Assignment[] = [];
  const product = (i: number, dAcc: number, nAcc: number): void => {
    if (i === spaces.length) {
      const order = picked.flatMap((a) => a.order);
      visit({ d: dAcc, n: order.length, order });
      return;
    }
    // one array refilled per call (read at once by the caller): the search asks at every node
    const buf: [number, number] = [0, 0];
    const limit = () => {
      const [d, n] = need();
      buf[0] = d - dAcc - after[i + 1]!;
      buf[1] = n - nAcc;
      return buf;
    };
    eachAssignment(
      spaces[i]!,
      dps[i]!,
      outcome,
      limit,
      (a) => {
        picked.push(a);
        product(i + 1, dAcc + a.d, nAcc + a.order.length);
        picked.pop();
      },
      s.ctx.ex,
      sameRest,
    );
  };
  product(0, 0, 0);
}

/**
 * Whether everything after holding stage `k` depends on its assignment only through the total
 * discount: thresholds on the basis (not cumulative), no deposit pre-sale (it reduces each line
 * by its own amount), every promotion of a later stage covering all of the stage's lines or
 * none of them (its sums, and so its outcome, are then the same), and every plan counting.
 */
function restOnTotal(s: Search, k: number): boolean {
  const { ctx } = s;
  // a search that keeps only plans holding some promotions (`mustUse`) may drop the plan of
  // the better ranked assignment and need the other
  if (ctx.cumulative || s.mustUse) return false;
  if (ctx.byLevel.deposit.some((c) => usable(c, s.banned) && c.lines.length > 0)) return false;
  const covered = new Uint8Array(ctx.n);
  let size = 0;
  for (const c of stagePromos(s, STAGES[k]!))
    for (const l of c.lines)
      if (covered[l] === 0) {
        covered[l] = 1;
        size++;
      }
  for (let j = k + 1; j < STAGES.length; j++)
    for (const c of stagePromos(s, STAGES[j]!)) {
      let inside = 0;
      for (const l of c.lines) inside += covered[l]!;
      if (inside !== 0 && inside !== size) return false;
    }
  return true;
}

/** Connected components of promotions sharing lines (加价购 also by its add-on lines), cached per search. */
function componentsOf(
  s: Search,
  stage: "shop" | "crossShop",
  cs: readonly Compiled[],
): Compiled[][] {
  const hit = s.comps.get(stage);
  if (hit) return hit;
  const out = components(s.ctx, cs);
  s.comps.set(stage, out);
  return out;
}

/** Promotions sharing lines, transitively, each component by rank. */
function components(ctx: Ctx, cs: readonly Compiled[]): Compiled[][] {
  const owner = numbers(ctx.n, -1);
  const parent = cs.map((_, i) => i);
  // promotions sharing one list of lines (those covering everything) join the first of them
  const firstWith = new Map<readonly number[], number>();
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (c.p.kind !== "jiaJiaGou" && c.lines.length > 0) {
      const f = firstWith.get(c.lines);
      if (f !== undefined) {
        parent[findRoot(parent, i)] = findRoot(parent, f);
        continue;
      }
      firstWith.set(c.lines, i);
    }
    const lines =
      c.p.kind === "jiaJiaGou" ? [...c.lines, ...addOnLinesOf(ctx, c.p.redeemSku)] : c.lines;
    for (const l of lines) {
      const o = owner[l]!;
      if (o < 0) owner[l] = i;
      else parent[findRoot(parent, i)] = findRoot(parent, o);
    }
  }
  const comps = new Map<number, Compiled[]>();
  cs.forEach((c, i) => {
    const r = findRoot(parent, i);
    const list = comps.get(r);
    if (list) list.push(c);
    else comps.set(r, [c]);
  });
  const out = [...comps.values()];
  for (const comp of out) comp.sort(byRank);
  return out;
}

/** Rank order of promotions: priority high to low, then id. */
function byRank(a: Compiled, b: Compiled): number {
  return a.rank - b.rank;
}

/** Union-find root of `i`, halving the path. */
function findRoot(parent: number[], i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
  return i;
}

/**
 * Whether every promotion of a component covers exactly the same lines (加价购 aside): then
 * in any order the first that applies holds every line and the others none. The distinct
 * outcomes of all k! orders, in order of first appearance, are "each that applies holds", in
 * component order — exactly what the k rotations give, in the same order.
 */
function sameLines(comp: readonly Compiled[]): boolean {
  const first = comp[0]!.lines;
  for (const c of comp) {
    if (c.p.kind === "jiaJiaGou" || c.lines.length !== first.length) return false;
    for (let i = 0; i < first.length; i++) if (c.lines[i] !== first[i]) return false;
  }
  return true;
}

/** Each member first, the others after it in their order. */
function rotations<T>(xs: readonly T[]): T[][] {
  return xs.map((x, i) => [x, ...xs.slice(0, i), ...xs.slice(i + 1)]);
}

function holdingCombos(s: Search, st: PlanState, comps: readonly Compiled[][]): Move[] {
  // per component, the distinct assignments its orders give
  let combos: { order: Compiled[]; d: number }[] = [{ order: [], d: 0 }];
  for (const comp of comps) {
    const uniq = assignmentsOf(s, st, comp);
    const next: { order: Compiled[]; d: number }[] = [];
    for (const a of combos)
      for (const u of uniq)
        if (next.length < 256 || s.ctx.exhaustive)
          next.push({ order: [...a.order, ...u.order], d: a.d + u.d });
        else s.ctx.limits.add("holding_combos");
    combos = next;
  }
  combos.sort((a, b) => b.d - a.d);
  // an order holds the component's promotions that apply, not known before it is built
  return combos.map((x) => ({ d: x.d, n: 0, order: x.order }));
}

/** A component's distinct assignments, each with the first order giving it and its discount. */
function assignmentsOf(
  s: Search,
  st: PlanState,
  comp: readonly Compiled[],
): { order: Compiled[]; d: number }[] {
  const { exhaustive } = s.ctx;
  const same = comp.length > 1 && sameLines(comp);
  const small = comp.length <= 5;
  if (comp.length > 1 && small && !exhaustive && !same && !comp.some(isJiaJiaGou))
    return everyAssignment(s, st, comp);
  const uniq: { order: Compiled[]; d: number }[] = [];
  const seen = new Set<string>();
  for (const o of comp.length === 1
    ? [comp as Compiled[]]
    : exhaustive
      ? indexPerms(comp.length).map((perm) => perm.map((i) => comp[i]!))
      : same
        ? rotations(withoutTwins(comp))
        : small
          ? orders(comp)
          : bigOrders(s, st, comp)) {
    let sig = orderSignature(s, st, o);
    let d = signatureDiscount;
    if (sig === undefined) {
      const light = holdInOrder(s, st, o, true);
      sig = "";
      for (const a of light)
        sig +=
          a.lines.length === a.c.lines.length && a.c.p.kind !== "jiaJiaGou"
            ? `${a.c.idx}|`
            : `${a.c.idx}:${a.lines.join(",")}|`;
      d = sumD(light);
    }
    if (seen.has(sig)) continue;
    seen.add(sig);
    uniq.push({ order: o, d });
  }
  return uniq;
}

const isJiaJiaGou = (c: Compiled) => c.p.kind === "jiaJiaGou";

/** Per line, the position in its component of the promotion holding it, or −1 (`everyAssignment`). */
let holderScratch = new Int8Array(64).fill(-1);

/**
 * The distinct assignments of lines to promotions that the orders of a component of at most 5
 * promotions (no 加价购) give, each with the first order giving it (orders in lexicographic
 * order of positions, as `orders` lists them) and its total discount — what deduplicating
 * `orders(comp)` by outcome gives, without going through every order: the orders are walked
 * as a tree of prefixes, and a prefix leaving the same promotions to come and the same lines
 * held by the same promotions as an earlier one has only outcomes already met below it. An
 * order whose prefix holds every line of the component ends there (the rest cannot apply).
 */
function everyAssignment(
  s: Search,
  st: PlanState,
  comp: readonly Compiled[],
): { order: Compiled[]; d: number }[] {
  const { ctx } = s;
  const k = comp.length;
  if (holderScratch.length < ctx.n) holderScratch = new Int8Array(2 * ctx.n).fill(-1);
  const holder = holderScratch;
  const thr = ctx.cumulative ? st.amount : st.basis;
  const union: number[] = [];
  for (const c of comp) for (const l of c.lines) if (!union.includes(l)) union.push(l);
  // (a key of the holders as a number: k + 1 ≤ 6 values per line, 5 bits of promotions to come)
  const numeric = union.length <= 18;
  const keyOf = (rest: number): number | string => {
    if (numeric) {
      let x = 0;
      for (const l of union) x = x * 6 + holder[l]! + 1;
      return x * 32 + rest;
    }
    let x = `${rest}`;
    for (const l of union) x += String.fromCharCode(49 + holder[l]!);
    return x;
  };
  const out: { order: Compiled[]; d: number }[] = [];
  const seenLeaf = new Set<number | string>();
  const seenNode = new Set<number | string>();
  const path: Compiled[] = [];
  const walk = (rest: number, left: number, d: number, depth: number): void => {
    if (rest === 0 || left === 0) {
      const key = keyOf(0);
      if (seenLeaf.has(key)) return;
      seenLeaf.add(key);
      const order = path.slice();
      for (let i = 0; i < k; i++) if ((rest & (1 << i)) !== 0) order.push(comp[i]!);
      out.push({ order, d });
      return;
    }
    if (depth > 0) {
      const key = keyOf(rest);
      if (seenNode.has(key)) return;
      seenNode.add(key);
    }
    for (let i = 0; i < k; i++) {
      if ((rest & (1 << i)) === 0) continue;
      const c = comp[i]!;
      let free = 0;
      let basisFen = 0;
      let beforeFen = 0;
      if (depth === 0) {
        free = c.lines.length;
        basisFen = sumOf(s, c, thr);
        beforeFen = sumOf(s, c, st.amount);
      } else
        for (const l of c.lines)
          if (holder[l] === -1) {
            free++;
            basisFen += thr[l]!;
            beforeFen += st.amount[l]!;
          }
      let took = 0;
      let od = 0;
      if (free > 0) {
        const o = thresholdOutcome(ctx, c, basisFen, beforeFen);
        if (
          o.met &&
          o.discountFen <= c.budgetLeft &&
          (o.discountFen > 0 || o.gifts.length > 0 || o.freeShipping)
        ) {
          for (const l of c.lines)
            if (holder[l] === -1) {
              holder[l] = i;
              took++;
            }
          od = o.discountFen;
        }
      }
      path.push(c);
      walk(rest & ~(1 << i), left - took, d + od, depth + 1);
      path.pop();
      if (took > 0) for (const l of c.lines) if (holder[l] === i) holder[l] = -1;
    }
  };
  walk((1 << k) - 1, union.length, 0, 0);
  return out;
}

/** Lines taken so far by `orderSignature` (reused: it runs for every order of every component). */
let takenScratch = new Uint8Array(64);
/** The total discount of the last `orderSignature`. */
let signatureDiscount = 0;

/**
 * What `holdInOrder(…, light)` gives for an order, as a signature (each promotion that applies
 * and, when it holds only part of its lines, which), with its total discount in
 * `signatureDiscount` — without building the applications. Undefined with a 加价购 (its add-on
 * lines are left to `holdInOrder`).
 */
function orderSignature(s: Search, st: PlanState, order: readonly Compiled[]): string | undefined {
  const { ctx } = s;
  const n = ctx.n;
  if (takenScratch.length < n) takenScratch = new Uint8Array(2 * n);
  const taken = takenScratch;
  taken.fill(0, 0, n);
  const thr = ctx.cumulative ? st.amount : st.basis;
  let sig = "";
  let d = 0;
  let anyTaken = false;
  let left = n;
  for (const c of order) {
    if (left === 0) break;
    if (c.p.kind === "jiaJiaGou") return undefined;
    let basisFen: number;
    let beforeFen: number;
    let free = c.lines.length;
    if (!anyTaken) {
      basisFen = sumOf(s, c, thr);
      beforeFen = sumOf(s, c, st.amount);
    } else {
      basisFen = 0;
      beforeFen = 0;
      free = 0;
      for (const l of c.lines)
        if (taken[l] === 0) {
          free++;
          basisFen += thr[l]!;
          beforeFen += st.amount[l]!;
        }
      if (free === 0) continue;
    }
    if (free === 0) continue;
    const o = thresholdOutcome(ctx, c, basisFen, beforeFen);
    if (!o.met || o.discountFen > c.budgetLeft) continue;
    if (o.discountFen === 0 && o.gifts.length === 0 && !o.freeShipping) continue;
    if (free === c.lines.length) sig += `${c.idx}|`;
    else {
      sig += `${c.idx}:`;
      let first = true;
      for (const l of c.lines)
        if (taken[l] === 0) {
          sig += first ? `${l}` : `,${l}`;
          first = false;
        }
      sig += "|";
    }
    for (const l of c.lines)
      if (taken[l] === 0) {
        taken[l] = 1;
        left--;
      }
    anyTaken = true;
    d += o.discountFen;
  }
  signatureDiscount = d;
  return sig;
}

function movesSlot(s: Search, st: PlanState, stage: "shopCoupon" | "platformCoupon"): Move[] {
  const { ctx } = s;
  const thr = ctx.cumulative ? st.amount : st.basis;
  const opts: Move[] = [];
  for (const c of stagePromos(s, stage)) {
    const basisFen = sumOf(s, c, thr);
    const o = thresholdOutcome(ctx, c, basisFen, sumOf(s, c, st.amount));
    if (!o.met || o.discountFen === 0 || o.discountFen > c.budgetLeft) continue;
    opts.push({
      d: o.discountFen,
      n: 1,
      c,
      slot: { o, basisFen },
    });
  }
  opts.sort(
    (a, b) => b.d - a.d || b.c!.p.priority - a.c!.p.priority || cmpStr(a.c!.p.id, b.c!.p.id),
  );
  // Coupons with the same lines and the same discount leave the same amounts on every line,
  // so every later step and the total are the same: only the first (highest priority, then
  // lowest id) can win the tie-break, whatever the rest of the plan.
  if (opts.length <= 1 || ctx.exhaustive) {
    opts.push({ d: 0, n: 0, apps: [] });
    return opts;
  }
  const seen = new Set<string>();
  const kept = opts.filter((m) => {
    const sig = `${m.d}|${m.c!.lineSet}`;
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
  kept.push({ d: 0, n: 0, apps: [] });
  return kept;
}

/** One choice at a stage: its total discount, and its applications (built only when explored). */
interface Move {
  d: number;
  /** Promotions it adds to the plan (a plan tying on the total loses with more). */
  n: number;
  c?: Compiled;
  /** Its applications, when known up front; else built when explored (`movesApps`): */
  apps?: Application[];
  /** a holding move: the precedence order giving its assignment; */
  order?: readonly Compiled[];
  /** a coupon slot move: coupon `c`'s outcome on its lines; */
  slot?: { o: Extract<ThresholdOutcome, { met: true }>; basisFen: number };
  /** an item-coupon move: each coupon's lines and outcome. */
  coupons?: readonly ItemCouponPick[];
}

/** An item coupon of a move: the lines it takes and its outcome on them (worth `amt`). */
interface ItemCouponPick {
  c: Compiled;
  lines: number[];
  o: Extract<ThresholdOutcome, { met: true }>;
  amt: number;
}

/**
 * A move's applications on the state it was made for. (Moves carry data rather than closures:
 * a closure per move is an allocation the search makes thousands of times per quote.)
 */
function movesApps(s: Search, st: PlanState, m: Move): readonly Application[] {
  if (m.apps) return m.apps;
  if (m.order) return holdInOrder(s, st, m.order);
  if (m.coupons)
    return m.coupons.map((p) => makeApp(p.c, p.lines, st.amount, st.amount, p.o, p.amt));
  const thr = s.ctx.cumulative ? st.amount : st.basis;
  return [makeApp(m.c!, m.c!.lines, st.amount, thr, m.slot!.o, m.slot!.basisFen)];
}

const sumD = (apps: readonly Application[]) => apps.reduce((x, a) => x + a.discountFen, 0);

/** Item coupons tried per set of covered lines (largest discounts first; README, "Bounds"). */
const ITEM_COUPONS_PER_LINES = 3;
/**
 * Sets of item coupons tried at most (each a move; most are cut by the bound at once, and a
 * cart's coupons rarely make more).
 */
const ITEM_COUPON_SETS = 256;

function movesItemCoupons(s: Search, st: PlanState): Move[] {
  const { ctx } = s;
  const cs = stagePromos(s, "itemCoupon");
  if (cs.length === 0) return [{ d: 0, n: 0, apps: [] }];
  const cands: { c: Compiled; d: number }[] = [];
  for (const c of cs) {
    const amt = sumOf(s, c, st.amount);
    const o = thresholdOutcome(ctx, c, amt, amt);
    if (o.met && o.discountFen > 0 && o.discountFen <= c.budgetLeft)
      cands.push({ c, d: o.discountFen });
  }
  cands.sort((a, b) => b.d - a.d || b.c.p.priority - a.c.p.priority || cmpStr(a.c.p.id, b.c.p.id));
  // dominance: among coupons covering the same lines, only the best few can matter (a smaller
  // one only to keep a later threshold the larger would miss); of two
  // giving them the same discount, any plan with the second is the same plan with the first,
  // ranked lower (a second coupon on the same lines finds them taken)
  const bySig = new Map<string, number>();
  const same = new Set<string>();
  const kept = cands.filter(({ c, d }) => {
    const sig = c.lines.join(",");
    if (!ctx.exhaustive && cands.length > 1) {
      const k = `${sig}|${d}`;
      if (same.has(k)) return false;
      same.add(k);
    }
    const k = bySig.get(sig) ?? 0;
    bySig.set(sig, k + 1);
    if (k >= ITEM_COUPONS_PER_LINES && !ctx.exhaustive) ctx.limits.add("item_coupons");
    return k < ITEM_COUPONS_PER_LINES || ctx.exhaustive;
  });
  const out: ItemCouponPick[][] = [];
  const rec = (i: number, taken: boolean[], apps: ItemCouponPick[]) => {
    if (out.length >= ITEM_COUPON_SETS && !ctx.exhaustive) {
      ctx.limits.add("item_coupons");
      return;
    }
    if (i === kept.length) {
      out.push(apps);
      return;
    }
    const c = kept[i]!.c;
    const lines = c.lines.filter((l) => !taken[l]);
    if (lines.length > 0) {
      const amt = sumOver(lines, st.amount);
      const o = thresholdOutcome(ctx, c, amt, amt);
      if (o.met && o.discountFen > 0 && o.discountFen <= c.budgetLeft) {
        const t2 = taken.slice();
        for (const l of lines) t2[l] = true;
        rec(i + 1, t2, [...apps, { c, lines, o, amt }]);
      }
    }
    rec(i + 1, taken, apps);
  };
  rec(0, new Array<boolean>(ctx.n).fill(false), []);
  // the applications are built only for the sets explored (most are cut by the bound at once)
  return out.map((picks) => {
    let d = 0;
    for (const p of picks) d += p.o.discountFen;
    return { d, n: picks.length, coupons: picks };
  });
}

function applyMove(st: PlanState, apps: readonly Application[], stageIdx: number): PlanState {
  if (apps.length === 0) {
    // the same amounts: the programmes are shared, whichever state fills them first
    st.dps ??= new Array(STAGES.length);
    return planState(st.amount, st.basis, st.apps, [...st.snaps, st.amount], st.from, st);
  }
  const amount = st.amount.slice();
  for (const a of apps) {
    const { lines, shares } = a;
    for (let i = 0; i < lines.length; i++) amount[lines[i]!] = amount[lines[i]!]! - shares[i]!;
  }
  const coupons = STAGES[stageIdx] === "itemCoupon";
  return planState(
    amount,
    coupons ? amount.slice() : st.basis,
    [...st.apps, ...apps],
    [...st.snaps, st.amount],
    coupons ? st : undefined,
  );
}

/**
 * A search state, every field present from the start (one object shape for the JIT); `same`:
 * a state with the same amounts, whose bounds and programmes it shares.
 */
function planState(
  amount: number[],
  basis: number[],
  apps: Application[],
  snaps: number[][],
  from: PlanState | undefined,
  same?: PlanState,
): PlanState {
  return { amount, ubs: same?.ubs, dps: same?.dps, basis, apps, snaps, from };
}

function upperBoundFrom(s: Search, st: PlanState, stageIdx: number): number {
  let ub = 0;
  for (let k = stageIdx; k < STAGES.length; k++) ub += stageUb(s, st, k);
  return ub;
}

/**
 * Bounds depend on the amounts and the basis only, so they are cached on the state (a move
 * that changes nothing passes them on).
 */
function stageUb(s: Search, st: PlanState, k: number): number {
  let row = st.ubs;
  if (!row) {
    row = new Array<number>(STAGES.length).fill(-1);
    st.ubs = row;
  }
  if (row[k]! < 0) row[k] = stageUbOf(s, st, k);
  return row[k]!;
}

function stageUbOf(s: Search, st: PlanState, k: number): number {
  const cs = stagePromos(s, STAGES[k]!);
  if (cs.length === 0) return 0;
  const thr = s.ctx.cumulative ? st.amount : st.basis;
  const other = s.ctx.input.otherShopsAmountFen;
  let ub = 0;
  if (STAGES[k] === "shopCoupon" || STAGES[k] === "platformCoupon") {
    for (const c of cs)
      ub = Math.max(ub, maxDiscount(c, sumOf(s, c, st.amount), sumOf(s, c, thr), other));
    return ub;
  }
  const holding = STAGES[k] === "shop" || STAGES[k] === "crossShop";
  const dps = holding && !s.ctx.exhaustive ? holdingDps(s, st, k) : undefined;
  if (dps) {
    for (const dp of dps) ub += dp.top;
    if (s.mustUse && s.mustStage === k) ub = Math.min(ub, forcedUb(s, k, dps, ub));
    return ub;
  }
  for (const g of sameLineGroups(s, STAGES[k]!)) {
    const c0 = g[0]!;
    if (c0.p.kind === "jiaJiaGou") {
      if (sumOf(s, c0, thr) < c0.p.thresholdFen) continue;
      for (const l of addOnLinesOf(s.ctx, c0.p.redeemSku)) ub += st.amount[l]!;
      continue;
    }
    const before = sumOf(s, c0, st.amount);
    const basis = sumOf(s, c0, thr);
    let m = 0;
    for (const c of g) m = Math.max(m, maxDiscount(c, before, basis, other));
    ub += m;
  }
  // one group: its best member is already the bound
  if (ub === 0 || sameLineGroups(s, STAGES[k]!).length <= 1) return ub;
  return Math.min(ub, lineRateUb(cs, st, thr));
}

/**
 * A holding stage's bound over plans that must hold one of `mustUse` (all at this stage or
 * before it): the largest, over them, of the programme with it holding its class (the plain
 * bound for one covering several classes).
 */
function forcedUb(s: Search, k: number, dps: HoldingDp[], ub: number): number {
  const stage = STAGES[k]!;
  const spaces = s.spaces.get(stage)!;
  const upper = upperOf(s);
  let best = 0;
  for (const i of s.mustUse!) {
    const c = s.ctx.promos[i]!;
    // one held at an earlier stage already satisfies the condition
    if (c.level !== stage) return ub;
    // a twin folded away holds nothing the search would find
    if (!spaces.some((sp) => sp.groups.some((g) => g.members.includes(c)))) continue;
    best = Math.max(best, boundHolding(spaces, dps, c, ub, upper) ?? ub);
  }
  return best;
}

/**
 * The bounds at the root of a variant that only adds one-class shop-level promotions to the
 * variant searched first, taken from that one's root (the same amounts; its programme, with
 * an added promotion holding its class): the variant is often cut there without a programme
 * of its own. Undefined when they cannot be taken so.
 */
function extendedRootUbs(
  base: { s: Search; st: PlanState },
  banned: ReadonlySet<number>,
  added: ReadonlySet<number>,
): number[] | undefined {
  const { s, st } = base;
  const { ctx } = s;
  for (const i of banned) if (!s.banned.has(i) && ctx.promos[i]!.level !== "shop") return undefined;
  for (const i of added) if (ctx.promos[i]!.level !== "shop") return undefined;
  const k = STAGES.indexOf("shop");
  const dps = holdingDps(s, st, k);
  const bases = basesOf(ctx, "shop");
  if (!dps || !bases) return undefined;
  const ubs = STAGES.map((_, j) => stageUb(s, st, j));
  const upper = upperOf(s);
  let shop = 0;
  for (const i of added) {
    // the base's own spaces ban it: its classes are those of the quote's
    const v = boundHolding(bases, dps, ctx.promos[i]!, ubs[k]!, upper);
    if (v === undefined) return undefined;
    shop = Math.max(shop, v);
  }
  ubs[k] = shop;
  return ubs;
}

/**
 * Largest discount per fen a holding promotion can give, as `[rate, onAmount]`: a fixed
 * discount `d` reached at threshold `t` is at most `d/t` of the basis (every-full: `d/step`;
 * cross-shop: of this shop's basis too, plus ½ fen of rounding); a rate `r` takes at most
 * `1 − r` of the amount (plus ½ fen). Undefined when a tier starts at 0 (no rate bounds it).
 */
const rateBounds = new WeakMap<Promotion, [number, boolean] | null>();

function rateBound(c: Compiled): [number, boolean] | undefined {
  let hit = rateBounds.get(c.p);
  if (hit === undefined) {
    hit = rateBoundOf(c.p) ?? null;
    rateBounds.set(c.p, hit);
  }
  return hit ?? undefined;
}

function rateBoundOf(p: Promotion): [number, boolean] | undefined {
  const tierRate = (tiers: readonly { thresholdFen: number; discountFen: number }[]) => {
    let r = 0;
    for (const t of tiers) {
      if (t.discountFen === 0) continue;
      if (t.thresholdFen === 0) return undefined;
      r = Math.max(r, t.discountFen / t.thresholdFen);
    }
    return r;
  };
  switch (p.kind) {
    case "manJian": {
      const r = tierRate(p.tiers);
      return r === undefined ? undefined : [r, false];
    }
    case "meiManJian":
      return [p.discountFen / p.stepFen, false];
    case "manZhe":
      return [1 - Math.min(...p.tiers.map((t) => t.rateBp)) / 10_000, true];
    case "manSong":
      return [0, false];
    case "crossShop": {
      const r = p.tiers ? tierRate(p.tiers) : p.discountFen! / p.stepFen!;
      return r === undefined ? undefined : [r, false];
    }
    default:
      return undefined;
  }
}

/**
 * A holding stage bound by lines: each line joins at most one promotion, and a promotion's
 * discount on the lines it holds is at most its rate bound times their basis (or amount), so
 * the stage gives at most the sum over lines of the largest such figure (a line without a
 * rate bound counts its whole amount), plus 1 fen per promotion that rounds.
 */
function lineRateUb(cs: readonly Compiled[], st: PlanState, thr: readonly number[]): number {
  const per = zeros(st.amount.length);
  let rounding = 0;
  for (const c of cs) {
    if (c.p.kind === "jiaJiaGou") return Number.POSITIVE_INFINITY;
    const rb = rateBound(c);
    if (rb && (rb[1] || c.p.kind === "crossShop")) rounding++;
    for (const l of c.lines) {
      const w = rb ? rb[0] * (rb[1] ? st.amount[l]! : thr[l]!) : st.amount[l]!;
      if (w > per[l]!) per[l] = w;
    }
  }
  let sum = 0;
  for (const w of per) sum += w;
  return Math.ceil(sum) + rounding + 1;
}

/** Whether a plan of at least total `lb` holding at least `n` promotions loses to `best`. */
function loses(best: Plan, lb: number, n: number): boolean {
  return lb > best.total || (lb === best.total && n > best.key.count);
}

function dfs(s: Search, st: PlanState, stageIdx: number): void {
  s.nodes++;
  if (s.mustUse && stageIdx > s.mustStage && !st.apps.some((a) => s.mustUse!.has(a.c.idx))) return;
  if (stageIdx === STAGES.length) {
    leaf(s, st);
    return;
  }
  let goods = 0;
  for (const a of st.amount) goods += a;
  let ubRest = -1;
  // promotions in the plan so far: a plan tying on the total loses with more
  const count = s.fixedCount + st.apps.length;
  if (s.best && !s.ctx.exhaustive) {
    ubRest = upperBoundFrom(s, st, stageIdx + 1) + s.depositUb;
    const lb = goods - Math.min(goods, stageUb(s, st, stageIdx) + ubRest) + s.shippingLb;
    if (loses(s.best, lb, count)) return;
  }
  const stage = STAGES[stageIdx]!;
  const holding = stage === "shop" || stage === "crossShop";
  const dps = holding && !s.ctx.exhaustive ? holdingDps(s, st, stageIdx) : undefined;
  if (dps) {
    // the discount a move of this stage must reach to beat the best plan (the check in
    // `explore`), and how many promotions it may add when it only ties; an impossible need
    // once the node budget is spent. One array refilled per call (read at once by the caller).
    const buf: [number, number] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    let spent = false;
    const need = (): readonly [number, number] => {
      if (spent) {
        buf[0] = Number.POSITIVE_INFINITY;
        return buf;
      }
      if (!s.best) return buf;
      if (ubRest < 0) ubRest = upperBoundFrom(s, st, stageIdx + 1) + s.depositUb;
      buf[0] = goods - ubRest + s.shippingLb - s.best.total;
      buf[1] = s.best.key.count - count;
      return buf;
    };
    exactHolding(s, stage, dps, need, (m) => {
      if (spent) return;
      if (s.best && ubRest < 0) ubRest = upperBoundFrom(s, st, stageIdx + 1) + s.depositUb;
      if (!explore(s, st, stageIdx, m, goods, count, ubRest)) spent = true;
    });
    return;
  }
  const moves = holding
    ? movesHolding(s, st, stage)
    : stage === "itemCoupon"
      ? movesItemCoupons(s, st)
      : movesSlot(s, st, stage);
  for (const m of moves) {
    if (s.best && ubRest < 0) ubRest = upperBoundFrom(s, st, stageIdx + 1) + s.depositUb;
    if (!explore(s, st, stageIdx, m, goods, count, ubRest)) return;
  }
}

/**
 * Explores one move of stage `stageIdx` below `st`, unless its bound loses to the best plan
 * (`ubRest`: what the later stages can still take off, set once there is a best plan); false
 * once the node budget is spent. (A module-level function: a closure per node is an allocation.)
 */
function explore(
  s: Search,
  st: PlanState,
  stageIdx: number,
  m: Move,
  goods: number,
  count: number,
  ubRest: number,
): boolean {
  if (s.best && !s.ctx.exhaustive) {
    if (s.nodes > NODE_LIMIT) {
      s.ctx.limits.add("node_budget");
      return false;
    }
    const d = m.d;
    // moves come sorted by discount where it matters; a bound that fails skips this one
    if (loses(s.best, goods - d - Math.min(goods - d, ubRest) + s.shippingLb, count + m.n))
      return true;
  }
  dfs(s, applyMove(st, movesApps(s, st, m), stageIdx), stageIdx + 1);
  return true;
}

function leaf(s: Search, st: PlanState): void {
  const { ctx } = s;
  if (s.mustUse && !st.apps.some((a) => s.mustUse!.has(a.c.idx))) return;
  const amount = st.amount.slice();
  // deposit pre-sale: after every level, merchant-funded
  const depositApps: Application[] = [];
  const depositPaid = zeros(ctx.n);
  const done = ctx.byLevel.deposit.length > 0 ? new Uint8Array(ctx.n) : undefined;
  if (done)
    for (const c of ctx.byLevel.deposit) {
      if (!usable(c, s.banned) || c.p.kind !== "deposit") continue;
      const p = c.p;
      const lines = c.lines.filter((l) => !done[l]);
      if (lines.length === 0) continue;
      const shares = lines.map((l) => depositReduction(p, ctx.input.lines[l]!.qty, amount[l]!));
      const d = shares.reduce((a, b) => a + b, 0);
      if (d > c.budgetLeft) continue;
      const before = lines.map((l) => amount[l]!);
      lines.forEach((l, i) => {
        done[l] = 1;
        depositPaid[l] = p.depositFen * ctx.input.lines[l]!.qty;
        amount[l] = amount[l]! - shares[i]!;
      });
      depositApps.push({
        c,
        lines,
        shares,
        platform: lines.map(() => 0),
        giftCost: lines.map(() => 0),
        basisByLine: before,
        beforeByLine: before,
        discountFen: d,
        platformFen: 0,
        basisFen: 0,
        tierIndex: 0,
        gifts: [],
        freeShipping: false,
      });
    }
  // shipping
  const fee = ctx.input.shippingFeeFen;
  let waivedBy = -1;
  if (fee > 0) {
    for (const a of st.apps)
      if (a.freeShipping) {
        waivedBy = a.c.idx;
        break;
      }
    if (waivedBy < 0) {
      const basisL3 = st.snaps[1] ?? st.basis;
      for (const c of ctx.byLevel.shop) {
        if (c.p.kind !== "freeShipping" || !usable(c, s.banned) || c.lines.length === 0) continue;
        if (freeShippingMet(c.p, sumOver(c.lines, ctx.cumulative ? basisL3 : st.basis))) {
          waivedBy = c.idx;
          break;
        }
      }
    }
  }
  const shippingPaid = waivedBy >= 0 ? 0 : fee;
  let goods = 0;
  for (const a of amount) goods += a;
  const total = goods + shippingPaid;
  if (s.best && total > s.best.total) return;
  // the promotions of the plan (a plan holds few: a list beats a set here)
  const ids: number[] = [];
  for (const apps of [s.fixedApps, st.apps, depositApps])
    for (const a of apps) if (!ids.includes(a.c.idx)) ids.push(a.c.idx);
  if (waivedBy >= 0 && !ids.includes(waivedBy)) ids.push(waivedBy);
  const cs = ids.map((i) => ctx.promos[i]!);
  const key: PlanKey = { total, count: ids.length, prios: priosOf(cs), ids: sortedIdRanks(cs) };
  if (s.best) {
    const c = cmpKey(key, s.best.key);
    if (c > 0) return;
    if (c === 0) {
      const l = cmpLines(amount, s.best.amount);
      if (l > 0 || (l === 0 && cmpHolders(ctx.n, [...s.fixedApps, ...st.apps], s.best.apps) >= 0))
        return;
    }
  }
  s.best = {
    amount,
    basis: st.basis,
    apps: [...s.fixedApps, ...st.apps],
    snaps: st.snaps,
    depositApps,
    depositPaid,
    shippingPaid,
    shippingWaivedBy: waivedBy,
    total,
    key,
  };
}

/** The promotions' priorities, high to low (insertion sort: a plan holds few). */
function priosOf(cs: readonly Compiled[]): number[] {
  const out = zeros(cs.length);
  for (let i = 0; i < cs.length; i++) {
    const x = cs[i]!.p.priority;
    let j = i;
    while (j > 0 && out[j - 1]! < x) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = x;
  }
  return out;
}

/** The promotions' positions by id, low to high (insertion sort: a plan holds few). */
function sortedIdRanks(cs: readonly Compiled[]): Int32Array {
  const out = new Int32Array(cs.length);
  for (let i = 0; i < cs.length; i++) {
    const x = cs[i]!.idRank;
    let j = i;
    while (j > 0 && out[j - 1]! > x) {
      out[j] = out[j - 1]!;
      j--;
    }
    out[j] = x;
  }
  return out;
}

/** Whether a threshold promotion could possibly be met on this cart (list amounts bound every basis). */
function reachable(ctx: Ctx, c: Compiled): boolean {
  if (c.lowFen <= 0) return true;
  const most =
    sumOver(c.lines, ctx.listAmount) +
    (c.p.kind === "crossShop" ? ctx.input.otherShopsAmountFen : 0);
  return most >= c.lowFen;
}

/** The least basis a promotion's lowest threshold (tier, step) needs; 0 when it has none. */
export function lowestThreshold(p: Promotion): number {
  switch (p.kind) {
    case "manJian":
    case "manZhe":
      return Math.min(...p.tiers.map((t) => t.thresholdFen));
    case "meiManJian":
      return p.stepFen;
    case "crossShop":
      return p.tiers ? Math.min(...p.tiers.map((t) => t.thresholdFen)) : p.stepFen!;
    case "manSong":
    case "freeShipping":
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon":
      return p.thresholdFen;
    default:
      return 0;
  }
}

/** Whether a promotion can take part in a plan of this cart (so its exclusions matter). */
function canTakePart(ctx: Ctx, c: Compiled): boolean {
  return (
    c.time === "live" &&
    c.custOk &&
    (c.lines.length > 0 || c.p.kind === "jiaJiaGou" || c.level === "deposit") &&
    reachable(ctx, c)
  );
}

/** An exclusion variant: the promotions it leaves out, and the exclusions its search decides. */
interface Variant {
  banned: Set<number>;
  ex: Exclusions | undefined;
}

/** At most this many coupons in a component whose holding promotions the search decides. */
const SPLIT_COUPONS = 4;

/**
 * The plans' exclusion variants: per component of the `excludes` graph one of its maximal sets
 * of promotions allowed together, as the promotions it leaves out (components decided inside a
 * holding stage's search are left to it).
 *
 * A component of one holding stage's promotions and a few coupons is taken apart where that
 * lets the holding search decide the rest: the coupons are varied here, each set of them
 * banning the holding promotions it excludes, and the holding promotions left are decided
 * inside, among the maximal sets those bans leave. A coupon is optional (any plan may leave it
 * unused), so a set of coupons stands for every larger one's plans that leave the extra unused,
 * and the union of the variants' plans is exactly that of the component's maximal sets.
 */
function variants(ctx: Ctx): Variant[] {
  ctx.ex = undefined;
  const involved: Compiled[] = [];
  for (const c of ctx.promos) {
    if (c.conflicts.size === 0 || !canTakePart(ctx, c)) continue;
    for (const j of c.conflicts)
      if (canTakePart(ctx, ctx.promos[j]!)) {
        involved.push(c);
        break;
      }
  }
  if (involved.length === 0) return [{ banned: new Set(), ex: undefined }];
  const inv = new Set(involved.map((c) => c.idx));
  const comps = conflictComponents(ctx, involved, inv);
  const splits = comps.map((ids) => couponSplit(ctx, ids));
  // components past the 8 alternatives varied here: the holding search decides their stage's
  // exclusions where it can, even on a stage the precedence orders would search exactly (a
  // component searched whole has its count in its alternatives below; a split one, counted once)
  const crowdedSplit = new Map<number, boolean>();
  const crowded = (k: number, unitBans: number): boolean => {
    if (ctx.exhaustive) return false;
    if (!splits[k]) return unitBans > 8;
    let c = crowdedSplit.get(k);
    if (c === undefined) {
      const out: number[][] = [];
      alternatives(ctx, comps[k]!, 0, new Set(), out, 9);
      c = out.length > 8;
      crowdedSplit.set(k, c);
    }
    return c;
  };
  // the components as searched (a split one as its holding parts), until every split one's
  // parts are all decided inside (one that is not is searched whole)
  let units: number[][];
  let bans: number[][][];
  let inside: boolean[];
  for (;;) {
    ctx.ex = undefined;
    units = [];
    const from: number[] = [];
    comps.forEach((ids, k) => {
      for (const u of splits[k]?.parts ?? [ids]) {
        units.push(u);
        from.push(k);
      }
    });
    // maximal independent sets of each component (bounded: one more than the search inside
    // takes, to know whether there are too many), as the promotions they ban
    const over: boolean[] = [];
    bans = units.map((ids) => {
      const out: number[][] = [];
      const cap = ctx.exhaustive ? Number.POSITIVE_INFINITY : INSIDE_SETS + 1;
      alternatives(ctx, ids, 0, new Set(), out, cap);
      over.push(out.length > INSIDE_SETS && !ctx.exhaustive);
      return out;
    });
    // components decided inside a holding stage's search; the others are varied here
    inside = insideComponents(
      ctx,
      units,
      bans,
      over,
      from.map((k, j) => crowded(k, bans[j]!.length)),
    );
    let undone = false;
    units.forEach((_, j) => {
      if (!inside[j] && splits[from[j]!]) {
        splits[from[j]!] = undefined;
        undone = true;
      }
    });
    if (!undone) break;
  }
  // a component varied here: at most 8 of its alternatives
  const varied = bans
    .filter((_, k) => !inside[k])
    .map((b) => {
      if (b.length <= 8 || ctx.exhaustive) return b;
      ctx.limits.add("exclusions");
      return b.slice(0, 8);
    });
  comps.forEach((_, k) => {
    const sp = splits[k];
    if (sp) varied.push(couponSets(ctx, sp));
  });
  const base = ctx.ex;
  const withEx = (banned: Set<number>): Variant => ({
    banned,
    ex: base && exclusionsUnder(ctx, base, banned),
  });
  if (varied.length === 0) return [withEx(new Set())];
  const product = varied.reduce((n, b) => n * b.length, 1);
  if (product > 32 && !ctx.exhaustive) ctx.limits.add("exclusions");
  if (product <= 32 || ctx.exhaustive) {
    let acc: number[][] = [[]];
    for (const b of varied) acc = acc.flatMap((a) => b.map((x) => [...a, ...x]));
    return acc.map((a) => withEx(new Set(a)));
  }
  // too many: every component at its first choice, then each alternative of one component
  const first = varied.map((b) => b[0]!);
  const out: Variant[] = [withEx(new Set(first.flat()))];
  varied.forEach((b, i) => {
    for (const alt of b.slice(1))
      out.push(withEx(new Set(first.flatMap((x, j) => (j === i ? alt : x)))));
  });
  return out;
}

/** The connected components of the `excludes` graph among the promotions `inv`. */
function conflictComponents(ctx: Ctx, involved: Compiled[], inv: ReadonlySet<number>): number[][] {
  const comps: number[][] = [];
  const seen = new Set<number>();
  for (const c of involved) {
    if (seen.has(c.idx)) continue;
    const comp: number[] = [];
    const stack = [c.idx];
    seen.add(c.idx);
    while (stack.length) {
      const x = stack.pop()!;
      comp.push(x);
      for (const y of ctx.promos[x]!.conflicts)
        if (inv.has(y) && !seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
    }
    comps.push(comp.sort((a, b) => a - b));
  }
  return comps;
}

/** A component taken apart: its coupons, and the components of its holding promotions. */
interface CouponSplit {
  coupons: number[];
  holding: number[];
  parts: number[][];
}

/**
 * A component of the `excludes` graph as coupons (item, shop or platform level, at most
 * `SPLIT_COUPONS`) and promotions of one holding stage that the holding search could decide
 * (no free shipping or 加价购), with the components those form without the coupons; undefined
 * when it is not of that shape (or in the reference mode).
 */
function couponSplit(ctx: Ctx, ids: number[]): CouponSplit | undefined {
  if (ctx.exhaustive) return undefined;
  const coupons: number[] = [];
  const holding: number[] = [];
  let stage: Level | undefined;
  for (const i of ids) {
    const c = ctx.promos[i]!;
    if (c.level === "itemCoupon" || c.level === "shopCoupon" || c.level === "platformCoupon")
      coupons.push(i);
    else if (
      (c.level === "shop" || c.level === "crossShop") &&
      (stage === undefined || stage === c.level) &&
      c.p.kind !== "freeShipping" &&
      c.p.kind !== "jiaJiaGou"
    ) {
      stage = c.level;
      holding.push(i);
    } else return undefined;
  }
  if (coupons.length === 0 || holding.length === 0 || coupons.length > SPLIT_COUPONS)
    return undefined;
  const set = new Set(holding);
  const parts = conflictComponents(
    ctx,
    holding.map((i) => ctx.promos[i]!),
    set,
  );
  return { coupons, holding, parts };
}

/**
 * The sets of a split component's coupons varied, each as what it bans: the coupons left out
 * and the holding promotions the set excludes. A set leaving out a coupon that excludes none of
 * the set and no holding promotion is skipped: the set with it has all its plans.
 */
function couponSets(ctx: Ctx, sp: CouponSplit): number[][] {
  const out: number[][] = [];
  const n = sp.coupons.length;
  const excludes = (x: number, ys: readonly number[]) =>
    ys.some((y) => ctx.promos[x]!.conflicts.has(y));
  for (let m = (1 << n) - 1; m >= 0; m--) {
    const taken = sp.coupons.filter((_, b) => (m & (1 << b)) !== 0);
    if (taken.some((x) => excludes(x, taken))) continue;
    const left = sp.coupons.filter((_, b) => (m & (1 << b)) === 0);
    if (left.some((x) => !excludes(x, taken) && !excludes(x, sp.holding))) continue;
    out.push([...left, ...sp.holding.filter((h) => excludes(h, taken))]);
  }
  return out;
}

/**
 * The exclusions decided inside under a variant's bans: a component with banned members
 * allows the maximal sets of the members left (at most `INSIDE_SETS`).
 */
function exclusionsUnder(ctx: Ctx, ex: Exclusions, banned: ReadonlySet<number>): Exclusions {
  let mis: number[][] | undefined;
  ex.members.forEach((ids, k) => {
    if (!ids.some((x) => banned.has(x))) return;
    mis ??= ex.mis.slice();
    const free = ids.filter((x) => !banned.has(x));
    const out: number[][] = [];
    alternatives(ctx, free, 0, new Set(), out, INSIDE_SETS + 1);
    if (out.length > INSIDE_SETS) {
      ctx.limits.add("exclusions");
      out.length = INSIDE_SETS;
    }
    const all = free.reduce((m, x) => m | ex.bit[x]!, 0);
    mis[k] = out.map((b) => b.reduce((m, x) => m & ~ex.bit[x]!, all));
  });
  return mis ? { ...ex, mis } : ex;
}

/** At most this many maximal sets of a component decided inside, under a variant's bans. */
const INSIDE_SETS = 32;

/**
 * The alternatives of a component of the `excludes` graph — its maximal sets of promotions
 * excluding none of each other — each as the promotions it bans, into `out` (at most `cap`).
 */
function alternatives(
  ctx: Ctx,
  ids: readonly number[],
  i: number,
  chosen: Set<number>,
  out: number[][],
  cap: number,
): void {
  if (out.length >= cap) return;
  if (i === ids.length) {
    for (const x of ids) if (!chosen.has(x) && !excludesAny(ctx, x, chosen)) return;
    out.push(ids.filter((x) => !chosen.has(x)));
    return;
  }
  const x = ids[i]!;
  if (!excludesAny(ctx, x, chosen)) {
    chosen.add(x);
    alternatives(ctx, ids, i + 1, chosen, out, cap);
    chosen.delete(x);
  }
  alternatives(ctx, ids, i + 1, chosen, out, cap);
}

function excludesAny(ctx: Ctx, x: number, chosen: ReadonlySet<number>): boolean {
  for (const y of ctx.promos[x]!.conflicts) if (chosen.has(y)) return true;
  return false;
}

function inBase(b: HoldingSpace, idx: number): boolean {
  for (const g of b.groups) for (const c of g.members) if (c.idx === idx) return true;
  return false;
}

/**
 * Which components of the `excludes` graph the holding search decides itself (`Exclusions`):
 * those whose promotions all belong to one holding stage (shop level or cross-shop, no free
 * shipping or 加价购) and compete for lines within one component of it, where that stage is
 * searched by the class programme — it is anyway when some component of its promotions is not
 * small; it is made to when one of these components (`crowded`) has more alternatives than
 * the 8 a variant takes — and no component varied as variants touches the stage. Sets
 * `ctx.ex` with their allowed combinations (all of them: a component with more than
 * `INSIDE_SETS` stays a variant). Not in the reference mode.
 */
function insideComponents(
  ctx: Ctx,
  comps: number[][],
  bans: number[][][],
  over: boolean[],
  crowded: boolean[],
): boolean[] {
  const stageOf = (ids: number[], k: number): Stage | undefined => {
    if (ctx.exhaustive || over[k] || ids.length > 30) return undefined;
    const l = ctx.promos[ids[0]!]!.level;
    if (l !== "shop" && l !== "crossShop") return undefined;
    for (const i of ids) {
      const c = ctx.promos[i]!;
      if (c.level !== l || c.p.kind === "freeShipping" || c.p.kind === "jiaJiaGou")
        return undefined;
    }
    return l;
  };
  const stages = comps.map(stageOf);
  const touched = new Set<Level>();
  comps.forEach((ids, k) => {
    if (stages[k] === undefined) for (const i of ids) touched.add(ctx.promos[i]!.level);
  });
  const needed = new Set<Stage>();
  stages.forEach((l, k) => {
    if (l !== undefined && crowded[k]) needed.add(l);
  });
  const exact = new Map<Stage, boolean>();
  const inside = stages.map((l, k) => {
    if (l === undefined || touched.has(l)) return false;
    let e = exact.get(l);
    if (e === undefined) {
      const cs = holdingCandidates(ctx, l);
      e =
        (needed.has(l) || (cs.length > 5 && !stageComponents(ctx, l).every(smallComponent))) &&
        basesOf(ctx, l) !== null;
      exact.set(l, e);
    }
    // the holding search takes each component of the stage on its own: the promotions
    // excluding each other must compete for lines within one
    return e && basesOf(ctx, l)!.some((b) => comps[k]!.every((i) => inBase(b, i)));
  });
  if (!inside.some(Boolean)) return inside;
  const n = ctx.promos.length;
  const ex: Exclusions = {
    comp: new Int32Array(n).fill(-1),
    bit: new Int32Array(n),
    conflicts: new Int32Array(n),
    mis: [],
    members: [],
  };
  comps.forEach((ids, k) => {
    if (!inside[k]) return;
    const id = ex.mis.length;
    ids.forEach((x, b) => {
      ex.comp[x] = id;
      ex.bit[x] = 1 << b;
    });
    let all = 0;
    for (const x of ids) {
      all |= ex.bit[x]!;
      for (const y of ctx.promos[x]!.conflicts)
        if (ex.comp[y] === id) ex.conflicts[x] = ex.conflicts[x]! | ex.bit[y]!;
    }
    // an allowed combination: the component without what one alternative bans
    ex.mis.push(bans[k]!.map((banned) => banned.reduce((m, x) => m & ~ex.bit[x]!, all)));
    ex.members.push(ids);
  });
  ctx.ex = ex;
  return inside;
}

export interface Evaluation {
  ctx: Ctx;
  banned: Set<number>;
  item: ItemLevel;
  group: GroupLevel;
  plan?: Plan;
  refusal?: ItemLevel["refusal"];
}

/** Whether promotion `i` holds lines at a holding stage (shop level, cross-shop). */
function holdingPromo(ctx: Ctx, i: number): boolean {
  const l = ctx.promos[i]!.level;
  return l === "shop" || l === "crossShop";
}

/**
 * Whether the variant banning `v` only adds holding promotions (shop level, cross-shop) to
 * the one banning `b`, and bans there only such promotions that have a twin it allows (the
 * same parameters and budget on the same lines). Each of its plans holding none of the added
 * promotions is then, with the banned promotion in place of its twin where the twin holds
 * lines, a plan of `b` leaving the same amounts, ranked the same or better — already met. So
 * only plans holding an added promotion are new: those are returned (empty: nothing new).
 * Undefined when it is not such an extension.
 */
function extensionOf(
  ctx: Ctx,
  b: ReadonlySet<number>,
  v: ReadonlySet<number>,
): Set<number> | undefined {
  const added = new Set<number>();
  for (const i of b) if (!v.has(i)) added.add(i);
  for (const i of added) if (!holdingPromo(ctx, i)) return undefined;
  for (const i of v) {
    if (b.has(i)) continue;
    const p = ctx.promos[i]!;
    if (!holdingPromo(ctx, i)) return undefined;
    const key = twinKey(p);
    const twin = ctx.promos.some(
      (t) =>
        t !== p &&
        !v.has(t.idx) &&
        t.level === p.level &&
        t.lineSet === p.lineSet &&
        t.time === "live" &&
        t.custOk &&
        twinKey(t) === key,
    );
    if (!twin) return undefined;
  }
  return added;
}

/** Prices a compiled cart: the best plan over every exclusion variant. */
export function evaluate(ctx: Ctx): Evaluation {
  reuseHoldingBuffers();
  let best: Evaluation | undefined;
  let spent = 0;
  const levelCache = new Map<string, { item: ItemLevel; group: GroupLevel | undefined }>();
  // the first variant searched to the end: a later one that only adds holding promotions to
  // it need only search the plans using one of them
  let searched: Set<number> | undefined;
  let searchedRoot: { s: Search; st: PlanState } | undefined;
  for (const v of variants(ctx)) {
    const banned = v.banned;
    ctx.ex = v.ex;
    let mustUse: Set<number> | undefined;
    if (searched && best?.plan && !ctx.exhaustive) {
      mustUse = extensionOf(ctx, searched, banned);
      if (mustUse?.size === 0) continue;
    }
    const ig = [...banned].filter((i) => {
      const l = ctx.promos[i]!.level;
      return l === "item" || l === "group";
    });
    const igKey = ig.sort((a, b) => a - b).join(",");
    let cached = levelCache.get(igKey);
    if (!cached) {
      const it = itemLevel(ctx, banned);
      cached = { item: it, group: it.refusal ? undefined : groupLevel(ctx, banned, it) };
      levelCache.set(igKey, cached);
    }
    const item = cached.item;
    if (item.refusal) {
      const ev: Evaluation = {
        ctx,
        banned,
        item,
        group: { apps: [], amount: item.amount, alone: new Map(), holder: [] },
        refusal: item.refusal,
      };
      if (!best) best = ev;
      continue;
    }
    const group = cached.group!;
    const fixedApps: Application[] = [];
    for (const [idx, sh] of item.shares) {
      const lines: number[] = [];
      sh.forEach((v, l) => {
        if (v > 0) lines.push(l);
      });
      const c = ctx.promos[idx]!;
      const shares = lines.map((l) => sh[l]!);
      fixedApps.push({
        c,
        lines,
        shares,
        platform: lines.map(() => 0),
        giftCost: lines.map(() => 0),
        basisByLine: lines.map((l) => ctx.listAmount[l]!),
        beforeByLine: lines.map((l) => ctx.listAmount[l]!),
        discountFen: shares.reduce((a, b) => a + b, 0),
        platformFen: 0,
        basisFen: 0,
        tierIndex: 0,
        gifts: [],
        freeShipping: false,
      });
    }
    fixedApps.push(...group.apps);
    let depositUb = 0;
    for (const c of ctx.byLevel.deposit)
      if (c.p.kind === "deposit" && usable(c, banned))
        for (const l of c.lines)
          depositUb += (c.p.creditFen - c.p.depositFen) * ctx.input.lines[l]!.qty;
    const anyFree = ctx.byLevel.shop.some(
      (c) =>
        usable(c, banned) &&
        (c.p.kind === "freeShipping" ||
          ("tiers" in c.p && c.p.tiers?.some((t) => "freeShipping" in t && t.freeShipping))),
    );
    const s: Search = {
      ctx,
      banned,
      fixedApps,
      // one application per promotion at the item and group levels
      fixedCount: fixedApps.length,
      best: best?.plan,
      nodes: spent,
      depositUb,
      shippingLb: anyFree ? 0 : ctx.input.shippingFeeFen,
      stageLists: new Map(),
      lineGroups: new Map(),
      sums: new WeakMap(),
      comps: new Map(),
      spaces: new Map(),
      sameRest: new Map(),
      mustUse,
      mustStage: mustUse
        ? Math.max(...[...mustUse].map((i) => STAGES.indexOf(ctx.promos[i]!.level as Stage)))
        : -1,
    };
    const before = s.best;
    const root = planState(group.amount.slice(), group.amount.slice(), [], [], undefined);
    const ubs = mustUse && searchedRoot && extendedRootUbs(searchedRoot, banned, mustUse);
    if (ubs) root.ubs = ubs;
    dfs(s, root, 0);
    spent = s.nodes;
    if (!searched && !mustUse) {
      searched = banned;
      searchedRoot = { s, st: root };
    }
    if (s.best && s.best !== before) best = { ctx, banned, item, group, plan: s.best };
    else if (!best || (!best.plan && !best.refusal)) best = best ?? { ctx, banned, item, group };
  }
  return best!;
}
