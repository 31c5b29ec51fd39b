/**
 * The exact search of a holding stage (shop level, cross-shop): each line joins at most one
 * promotion, and a precedence order of the promotions decides who holds what — each in turn
 * takes every line it covers that is still free, if it is met on them.
 *
 * Lines covered by the same promotions of a component always move together, so they form a
 * class; a component has few of them (≤ `MAX_CLASSES`). Over the classes still free `r`, the
 * best discount of any precedence order is a dynamic programme:
 *
 *     f(∅) = 0,  f(r) = max(0, max over groups g meeting r: v_g(r ∩ cov g) + f(r ∖ cov g))
 *
 * (a group: the promotions covering exactly the same classes; at most one of them applies).
 * With `v_g` an upper bound of the group's discount on those classes (monotone in their
 * amounts), `f` is the stage's bound, exact where the bound is the discount. The moves are
 * then enumerated from it: every assignment of classes to promotions that some precedence
 * order gives, exactly once (the smallest precedence order by group index), pruned by
 * `f` against the discount the move must reach to matter.
 */
import type { ThresholdOutcome } from "./common.ts";
import type { Compiled } from "./engine.ts";

/** Largest number of classes a component is searched exactly over (2^C states). */
export const MAX_CLASSES = 12;

export interface HoldingGroup {
  /** Classes covered, as a bit mask. */
  cov: number;
  /** Members by rank (priority high to low, then id); twins with the same outcome dropped. */
  members: Compiled[];
  /**
   * The members the programme bounds the group by, when fewer: twins excluding different
   * promotions are all members (not interchangeable) but bound the group alike.
   */
  distinct?: Compiled[];
}

/** The classes and groups of one component of a holding stage (fixed within a search). */
export interface HoldingSpace {
  classes: number;
  classLines: number[][];
  groups: HoldingGroup[];
  /** Groups covering one class, by class (-1: none). */
  single: Int32Array;
  /** Groups covering several classes. */
  multi: number[];
}

/**
 * Exclusions decided inside the search: components of the `excludes` graph whose promotions all
 * belong to one holding stage searched this way. An assignment holds no two excluding each
 * other, and it stands only if some allowed combination — a maximal set of the component's
 * promotions excluding none of each other — holds what it holds and leaves out every one that
 * would still apply (in that combination they are not allowed). That is exactly the union of
 * the assignments of every combination, searched once.
 */
export interface Exclusions {
  /** Per promotion index: its component, or -1 (no exclusion decided here). */
  comp: Int32Array;
  /** Per promotion index: its bit in its component. */
  bit: Int32Array;
  /** Per promotion index: the bits of the members of its component it excludes. */
  conflicts: Int32Array;
  /** Per component: the allowed combinations as bit masks. */
  mis: number[][];
  /** Per component: its promotions (indexes); all in one component of the holding stage. */
  members: number[][];
}

/**
 * What decides a promotion's outcome on given lines besides its lines: its parameters
 * (`paramId`: all but name, rank, window, scope, customer condition, exclusions and budget,
 * settled before the search) and the budget it has left. Equal keys, equal outcomes.
 */
export function twinKey(c: Compiled): number | string {
  return c.budgetLeft === Number.POSITIVE_INFINITY ? c.paramId : `${c.paramId}|${c.budgetLeft}`;
}

/**
 * The classes of a component whatever the exclusions (members of every group by rank), or
 * undefined when it cannot be searched this way (加价购, which also holds add-on lines; too
 * many classes). Computed once per quote; `holdingSpace` takes out what a variant bans.
 */
export function holdingBase(comp: readonly Compiled[], n: number): HoldingSpace | undefined {
  // lines covered by the same promotions form a class: refine a partition promotion by
  // promotion (those sharing one list of lines split nothing more), then number the classes by
  // their first line
  const part = new Int32Array(n).fill(-1);
  let parts = 0;
  // per part, the part its lines covered by the current promotion move to (stamped)
  let moveTo = new Int32Array(16);
  let stamp = new Int32Array(16);
  const seen = new Set<readonly number[]>();
  for (let i = 0; i < comp.length; i++) {
    const c = comp[i]!;
    if (c.p.kind === "jiaJiaGou") return undefined;
    if (seen.has(c.lines)) continue;
    seen.add(c.lines);
    for (const l of c.lines) {
      const old = part[l]! + 1; // 0: not covered yet
      if (old >= stamp.length) {
        const grow = (a: Int32Array) => {
          const b = new Int32Array(2 * old + 2);
          b.set(a);
          return b;
        };
        moveTo = grow(moveTo);
        stamp = grow(stamp);
      }
      if (stamp[old] !== i + 1) {
        stamp[old] = i + 1;
        moveTo[old] = parts++;
      }
      part[l] = moveTo[old]!;
    }
  }
  const lineClass = new Int32Array(n).fill(-1);
  const classLines: number[][] = [];
  const number = new Int32Array(parts).fill(-1);
  for (let l = 0; l < n; l++) {
    const q = part[l]!;
    if (q < 0) continue;
    let k = number[q]!;
    if (k < 0) {
      k = classLines.length;
      if (k >= MAX_CLASSES) return undefined;
      number[q] = k;
      classLines.push([]);
    }
    classLines[k]!.push(l);
    lineClass[l] = k;
  }
  const byMask = new Map<number, HoldingGroup>();
  const groups: HoldingGroup[] = [];
  for (const c of comp) {
    let cov = 0;
    for (const l of c.lines) cov |= 1 << lineClass[l]!;
    if (cov === 0) continue;
    const g = byMask.get(cov);
    if (g) g.members.push(c);
    else {
      const ng = { cov, members: [c] };
      byMask.set(cov, ng);
      groups.push(ng);
    }
  }
  return shape(classLines, groups);
}

function shape(classLines: number[][], groups: HoldingGroup[]): HoldingSpace {
  const single = new Int32Array(classLines.length).fill(-1);
  const multi: number[] = [];
  groups.forEach((g, i) => {
    if ((g.cov & (g.cov - 1)) === 0) single[31 - Math.clz32(g.cov)] = i;
    else multi.push(i);
  });
  return { classes: classLines.length, classLines, groups, single, multi };
}

/**
 * A variant's space: the base without the promotions it bans, and without lower-ranked twins
 * (the same parameters and budget on the same lines give the same outcome and lose every
 * tie-break to the first).
 */
export function holdingSpace(
  base: HoldingSpace,
  banned: ReadonlySet<number>,
  ex?: Exclusions,
): HoldingSpace {
  const groups: HoldingGroup[] = [];
  for (const g of base.groups) {
    const allowed = g.members.filter((c) => !banned.has(c.idx));
    const members = withoutTwins(allowed, ex);
    if (members.length === 0) continue;
    const distinct = ex ? withoutTwins(allowed) : members;
    groups.push(
      distinct.length < members.length
        ? { cov: g.cov, members, distinct }
        : { cov: g.cov, members },
    );
  }
  return shape(base.classLines, groups);
}

/**
 * Promotions (ranked) without their lower-ranked twins: the same parameters and budget on the
 * same lines give the same outcome and lose every tie-break to the first.
 */
export function withoutTwins(cs: readonly Compiled[], ex?: Exclusions): Compiled[] {
  const seen = new Set<number | string>();
  return cs.filter((c) => {
    // a twin excluding other promotions is not interchangeable: each stays
    if (ex && ex.comp[c.idx]! >= 0) return true;
    // the same lines and the same twin key (a number unless a budget is left)
    const t = twinKey(c);
    const k =
      typeof t === "number" && c.lineSet < 2 ** 21 ? t * 2 ** 21 + c.lineSet : `${c.lineSet}|${t}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The programme's bound over plans in which promotion `c` holds its lines, or undefined when
 * `c` covers several classes (or is not in these spaces): `dps[j]` replaced, in the stage
 * bound `ub`, by the one-class case of `forcedTop` for the component `j` holding it.
 */
export function boundHolding(
  spaces: readonly HoldingSpace[],
  dps: readonly HoldingDp[],
  c: Compiled,
  ub: number,
  upper: (c: Compiled, before: number, basis: number) => number,
): number | undefined {
  for (let j = 0; j < spaces.length; j++) {
    const g = spaces[j]!.groups.find((x) => x.members.includes(c));
    if (!g) continue;
    if ((g.cov & (g.cov - 1)) !== 0) return undefined;
    const dp = dps[j]!;
    return ub - dp.top + forcedTop(dp, g.cov, upper(c, dp.sumA[g.cov]!, dp.sumB[g.cov]!));
  }
  return undefined;
}

/**
 * The programme over the free classes `r`. Promotions covering one class commute with every
 * other (taking their class first changes nobody else's take), so they are decided first,
 * class by class: `layer[k]` is the best when only classes ≥ k may still go to a one-class
 * promotion, the others to promotions covering several, for the sets `r` holding every class
 * ≥ k (the only ones that deciding classes in order meets), indexed by `r`'s classes below k;
 * `h` (= layer C) is the several-class part alone over every `r`; `top` the stage's bound.
 */
export interface HoldingDp {
  top: number;
  /** The one-class promotions' bound on their class alone, by class (-1: none). */
  sv: Float64Array;
  h: Float64Array;
  layer: Float64Array[];
  sumA: Float64Array;
  sumB: Float64Array;
}

/** Scratch table of the several-class groups (only read while the programme is filled). */
let scratch = new Float64Array(0);
let covScratch = new Int32Array(0);

/**
 * The programmes' buffers, reused from one evaluation to the next: a typed array this large is
 * allocated outside the heap, which cost about 2 % of a 50-line quote. A programme lives only
 * while its evaluation runs (`evaluate` is never re-entered), so each evaluation starts the pool
 * over (`reuseHoldingBuffers`). At most `POOL_MAX` buffers are kept.
 */
const pool: Float64Array[] = [];
let poolTop = 0;
const POOL_MAX = 64;

/** Hands the pooled buffers out again from the first (at the start of an evaluation). */
export function reuseHoldingBuffers(): void {
  poolTop = 0;
}

/** A zeroed buffer of `size`, pooled while the pool has room. */
function buffer(size: number): Float64Array {
  if (poolTop >= POOL_MAX) return new Float64Array(size);
  let b = pool[poolTop];
  if (b && b.length === size) b.fill(0);
  else {
    b = new Float64Array(size);
    pool[poolTop] = b;
  }
  poolTop++;
  return b;
}

/**
 * Fills the programme for amounts `amount` (just before the stage) and threshold basis `thr`;
 * `upper(c, before, basis)` bounds a promotion's discount on lines worth that, monotone in both.
 * With `looser`, a programme filled for amounts at least these everywhere, only the class sums
 * are new: its values still bound every discount here (monotone), at a fraction of the cost.
 */
export function holdingDp(
  sp: HoldingSpace,
  amount: readonly number[],
  thr: readonly number[],
  upper: (c: Compiled, before: number, basis: number) => number,
  looser?: HoldingDp,
): HoldingDp {
  const C = sp.classes;
  const N = 1 << C;
  // one buffer for the sums, `h`, the layers below C (2^C − 1 entries together) and `sv`
  const buf = buffer(looser ? 2 * N : 4 * N + C);
  const sumA = buf.subarray(0, N);
  const sumB = buf.subarray(N, 2 * N);
  for (let k = 0; k < C; k++) {
    let a = 0;
    let b = 0;
    for (const l of sp.classLines[k]!) {
      a += amount[l]!;
      b += thr[l]!;
    }
    sumA[1 << k] = a;
    sumB[1 << k] = b;
  }
  for (let m = 1; m < N; m++) {
    const low = m & -m;
    if (low === m) continue;
    sumA[m] = sumA[m ^ low]! + sumA[low]!;
    sumB[m] = sumB[m ^ low]! + sumB[low]!;
  }
  if (looser) return { ...looser, sumA, sumB };
  const groupValue = (g: HoldingGroup, t: number) => {
    let v = 0;
    for (const c of g.distinct ?? g.members) {
      const d = upper(c, sumA[t]!, sumB[t]!);
      if (d > v) v = d;
    }
    return v;
  };
  // several-class promotions alone
  const h = buf.subarray(2 * N, 3 * N);
  const M = sp.multi.length;
  if (M > 0) {
    if (covScratch.length < M) covScratch = new Int32Array(2 * M);
    const covs = covScratch;
    // each group's value on the subsets of its classes, group j at j·N
    if (scratch.length < M * N) scratch = new Float64Array(M * N);
    const tab = scratch;
    for (let j = 0; j < M; j++) {
      const g = sp.groups[sp.multi[j]!]!;
      covs[j] = g.cov;
      for (let t = g.cov; t > 0; t = (t - 1) & g.cov) tab[j * N + t] = groupValue(g, t);
    }
    for (let r = 1; r < N; r++) {
      let best = 0;
      for (let j = 0, base = 0; j < M; j++, base += N) {
        const cov = covs[j]!;
        const t = r & cov;
        if (t === 0) continue;
        const v = tab[base + t]! + h[r & ~cov]!;
        if (v > best) best = v;
      }
      h[r] = best;
    }
  }
  // one-class promotions, class by class from the last
  const layer: Float64Array[] = new Array(C + 1);
  const sv = buf.subarray(4 * N, 4 * N + C).fill(-1);
  layer[C] = h;
  for (let k = C - 1; k >= 0; k--) {
    const gi = sp.single[k]!;
    const next = layer[k + 1]!;
    const bit = 1 << k;
    const size = bit;
    // layer k sits at 3N + 2^k (sizes 1, 2, 4, … fill N − 1 entries)
    const cur = buf.subarray(3 * N + size, 3 * N + 2 * size);
    const s = gi < 0 ? -1 : groupValue(sp.groups[gi]!, bit);
    sv[k] = s;
    for (let i = 0; i < size; i++) {
      const skip = next[i | bit]!;
      if (s < 0) cur[i] = skip;
      else {
        const take = s + next[i]!;
        cur[i] = take > skip ? take : skip;
      }
    }
    layer[k] = cur;
  }
  return { top: layer[0]![0]!, sv, h, layer, sumA, sumB };
}

/**
 * The programme's bound over plans in which a one-class promotion worth at most `v` holds
 * the class `cov` (a single bit): it takes that class first, the others are decided as before.
 */
export function forcedTop(dp: HoldingDp, cov: number, v: number): number {
  const cls = 31 - Math.clz32(cov);
  let cur = new Float64Array(cov);
  for (let i = 0; i < cur.length; i++) cur[i] = v + dp.layer[cls + 1]![i]!;
  for (let j = cls - 1; j >= 0; j--) {
    const bit = 1 << j;
    const next = cur;
    cur = new Float64Array(bit);
    const s = dp.sv[j]!;
    for (let i = 0; i < bit; i++) {
      const skip = next[i | bit]!;
      cur[i] = s < 0 ? skip : Math.max(skip, s + next[i]!);
    }
  }
  return cur[0]!;
}

/** An effective outcome of a member on some classes (met, within budget, doing something). */
interface Effect {
  c: Compiled;
  d: number;
  ship: boolean;
}

/** One assignment: its discount and the precedence order giving it. */
export interface Assignment {
  d: number;
  order: Compiled[];
  /** The classes each took and its discount: equal signatures leave equal amounts. */
  sig: string;
  /** Its rank key, once asked for (`rankKey`). */
  rank?: number[] | undefined;
}

/**
 * An assignment's place in the tie-break: its promotions' priorities high to low, then their
 * positions by id (code-unit order) low to high. Computed once per assignment.
 */
function rankKey(a: Assignment): number[] {
  let k = a.rank;
  if (k) return k;
  const n = a.order.length;
  // (a plain array: a typed array this small still costs a buffer allocated outside the heap)
  k = [];
  for (let i = 0; i < 2 * n; i++) k.push(0);
  for (let i = 0; i < n; i++) {
    const c = a.order[i]!;
    let j = i;
    while (j > 0 && k[j - 1]! < c.p.priority) {
      k[j] = k[j - 1]!;
      j--;
    }
    k[j] = c.p.priority;
    j = i;
    while (j > 0 && k[n + j - 1]! > c.idRank) {
      k[n + j] = k[n + j - 1]!;
      j--;
    }
    k[n + j] = c.idRank;
  }
  a.rank = k;
  return k;
}

/**
 * Between two assignments leaving the same amounts with as many promotions, the one a plan
 * would prefer whatever else it holds: priorities compared as a list sorted high to low, then
 * ids as a list sorted low to high (adding the same other promotions to both keeps the order).
 */
function better(a: Assignment, b: Assignment): boolean {
  const n = a.order.length;
  if (b.order.length !== n) return false;
  const x = rankKey(a);
  const y = rankKey(b);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! > y[i]!;
  for (let i = n; i < 2 * n; i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return false;
}

/**
 * Visits the assignments of a component's classes some precedence order gives (each promotion
 * taking what it covers and is still free, if it is met there and does something) that can
 * still matter: `limit()` gives `[need, most]` — a discount below `need` loses, and one of
 * exactly `need` ties on the total and then loses with more than `most` promotions. The limit
 * is read at every step, so a visit that finds a better plan prunes the rest of the search at
 * once. Of assignments leaving the same amounts with as many promotions, one is visited only
 * when no such assignment visited before it is preferred to it (`better`): the earlier one
 * leaves every later choice the same and wins the tie-break.
 *
 * `sameRest`: the caller knows that everything after this stage depends on the assignment
 * only through its total discount (every later promotion covers all of the stage's lines or
 * none of them, thresholds do not move). Then an assignment with the discount and as many
 * promotions as one visited before, which the tie-break prefers, ends in a plan beating every
 * plan of this one: the latter is not visited. (Equally ranked ones, the same promotions on
 * other lines, still are: the payables decide between them.) Equal discounts are taken best
 * ranked first, so most of them are never visited.
 */
export function eachAssignment(
  sp: HoldingSpace,
  dp: HoldingDp,
  outcome: (c: Compiled, basis: number, before: number) => ThresholdOutcome,
  limit: () => readonly [number, number],
  visit: (a: Assignment) => void,
  ex?: Exclusions,
  sameRest = false,
): void {
  const seen = new Map<string, Assignment>();
  const byDiscount = sameRest ? new Map<string, Assignment>() : undefined;
  // per discount (and free shipping), the fewest promotions of an assignment visited with it
  const fewest = sameRest ? new Map<string, number>() : undefined;
  const consider = (a: Assignment) => {
    const n = a.order.length;
    const key = `${a.sig}#${n}`;
    const had = seen.get(key);
    if (had && !better(a, had)) return;
    if (byDiscount && fewest) {
      // free shipping changes the total: only assignments alike in it compete here
      const ship = a.sig.includes("s,");
      // one with as much off and fewer promotions ends in a plan with the same total and
      // fewer promotions: every plan of this one loses to it
      const fKey = `${a.d}#${ship}`;
      const least = fewest.get(fKey);
      if (least !== undefined && least < n) return;
      if (least === undefined || n < least) fewest.set(fKey, n);
      const dKey = `${a.d}#${n}#${ship}`;
      const rival = byDiscount.get(dKey);
      if (rival && better(rival, a)) return;
      if (!rival || better(a, rival)) byDiscount.set(dKey, a);
    }
    seen.set(key, a);
    visit(a);
  };
  // With `sameRest`, the assignments of one discount (the search emits them together, largest
  // discount first) are visited fewest promotions first, so the rest of them are cut above.
  // (Sorting is stable: of as many promotions, the search's order stands.)
  const pending: Assignment[] = [];
  const flush = () => {
    if (pending.length > 1) pending.sort((x, y) => x.order.length - y.order.length);
    for (const a of pending) consider(a);
    pending.length = 0;
  };
  search(
    sp,
    dp,
    outcome,
    limit,
    sameRest
      ? (a) => {
          if (pending.length > 0 && pending[0]!.d !== a.d) flush();
          pending.push(a);
        }
      : consider,
    ex,
  );
  flush();
}

/** Two options of a step taking the same classes for the same discount (and so the same bound). */
function sameStep(
  a: { v: number; t: number; e: { d: number } },
  b: { v: number; t: number; e: { d: number } },
): boolean {
  return a.v === b.v && a.t === b.t && a.e.d === b.e.d;
}

/** Options of a step: largest bound first, then classes, discount, rank. */
function cmpOpt(
  a: { v: number; t: number; e: { d: number; c: Compiled } },
  b: { v: number; t: number; e: { d: number; c: Compiled } },
): number {
  return b.v - a.v || a.t - b.t || a.e.d - b.e.d || rank(a.e.c, b.e.c);
}

/** Rank of two promotions: priority high to low, then id (code-unit order). */
function rank(a: Compiled, b: Compiled): number {
  return a.rank - b.rank;
}

/** A placement on a search path: group `gi` takes classes `t` with outcome `e`. */
interface Step {
  prev: Step | undefined;
  len: number;
  gi: number;
  t: number;
  e: Effect;
  /** Members standing in for `e.c` where an assignment stops (see "Alternates" below). */
  alt: readonly Effect[] | undefined;
}

/**
 * A node of the search: the classes still free `r`, the discount placed `d`, the path placing
 * it, and `v` the programme's bound of any assignment below (for a finished one, `v = d`).
 * `k`: the next class decided by its one-class group; `C` once only several-class groups are
 * left; -1 for a finished assignment.
 */
interface Node {
  v: number;
  k: number;
  r: number;
  d: number;
  path: Step | undefined;
  seq: number;
  done: Assignment | undefined;
}

/**
 * Which of two nodes the search takes first: larger bound, a finished one, of two finished
 * ones the one the tie-break prefers, the newer one.
 */
function before(a: Node, b: Node): boolean {
  if (a.v !== b.v) return a.v > b.v;
  if (a.k < 0 !== b.k < 0) return a.k < 0;
  if (a.done && b.done) {
    if (better(a.done, b.done)) return true;
    if (better(b.done, a.done)) return false;
  }
  return a.seq > b.seq;
}

function heapPush(h: Node[], x: Node): void {
  let i = h.length;
  h.push(x);
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(x, h[p]!)) break;
    h[i] = h[p]!;
    i = p;
  }
  h[i] = x;
}

function heapPop(h: Node[]): Node {
  const top = h[0]!;
  const last = h.pop()!;
  const n = h.length;
  if (n > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(h[r]!, h[l]!) ? r : l;
      if (!before(h[c]!, last)) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = last;
  }
  return top;
}

/**
 * Every assignment that can still matter, exactly once, largest discount first: first, class
 * by class, whether its one-class promotion holds it (and with which outcome); then the
 * several-class promotions in their smallest precedence order by group index. Best first: the
 * nodes wait in a heap by their bound, so an assignment is emitted only when no node left can
 * give more, and the search ends once the best bound left cannot matter (`limit()`, read
 * before every node: an emitted assignment explored by the caller may raise it).
 */
function search(
  sp: HoldingSpace,
  dp: HoldingDp,
  outcome: (c: Compiled, basis: number, before: number) => ThresholdOutcome,
  limit: () => readonly [number, number],
  emit: (a: Assignment) => void,
  ex?: Exclusions,
): void {
  const { groups } = sp;
  const C = sp.classes;
  const full = (1 << C) - 1;
  const effCache = new Map<number, Effect[]>();
  const effects = (gi: number, t: number): Effect[] => {
    const key = gi * (full + 1) + t;
    let e = effCache.get(key);
    if (e) return e;
    e = [];
    for (const c of groups[gi]!.members) {
      const o = outcome(c, dp.sumB[t]!, dp.sumA[t]!);
      if (!o.met || o.discountFen > c.budgetLeft) continue;
      if (o.discountFen === 0 && o.gifts.length === 0 && !o.freeShipping) continue;
      // same discount and shipping: the same amounts everywhere after, and the first ranked
      // wins every tie-break (a member of exclusions decided here stands on its own)
      if (!(ex && ex.comp[c.idx]! >= 0)) {
        let twin = false;
        for (const x of e)
          if (
            x.d === o.discountFen &&
            x.ship === o.freeShipping &&
            !(ex && ex.comp[x.c.idx]! >= 0)
          ) {
            twin = true;
            break;
          }
        if (twin) continue;
      }
      e.push({ c, d: o.discountFen, ship: o.freeShipping });
    }
    effCache.set(key, e);
    return e;
  };
  // the node being expanded: its path's group indexes, classes taken, outcomes
  const placedG: number[] = [];
  const placedT: number[] = [];
  const placedE: Effect[] = [];
  const used = new Uint8Array(groups.length);
  const byT: number[] = [];
  const order: Compiled[] = [];
  const pathSteps: Step[] = [];
  // per component of exclusions decided here, the members placed (bits)
  const held = ex ? new Int32Array(ex.mis.length) : undefined;
  // whether placing `c` would hold two promotions excluding each other
  const blocked = (c: Compiled) => {
    if (!ex) return false;
    const k = ex.comp[c.idx]!;
    return k >= 0 && (held![k]! & ex.conflicts[c.idx]!) !== 0;
  };
  // a member of a component decided here is settled once no other member has a free class left:
  // nothing it excludes can apply any more, so it is as interchangeable as any other promotion
  const covOf = new Map<number, number>();
  if (ex)
    for (const g of groups)
      for (const c of g.members) if (ex.comp[c.idx]! >= 0) covOf.set(c.idx, g.cov);
  const settled = (c: Compiled, rAfter: number) => {
    const k = ex ? ex.comp[c.idx]! : -1;
    if (k < 0) return true;
    // excluding an alternate on the path (below): held in that assignment, so not free
    if ((alternate![k]! & ex!.conflicts[c.idx]!) !== 0) return false;
    for (const m of ex!.members[k]!)
      if (m !== c.idx && ((covOf.get(m) ?? 0) & rAfter) !== 0) return false;
    return true;
  };
  // Alternates. A member excluding others, ranked before an equal free one (same classes and
  // outcome) at a step, is not searched on its own: every assignment it would give is the free
  // one's with it in its place (the free one leaves every later choice possible), so it is
  // tried in its place where an assignment stops (`withAlternates`). Per step its alternates; per
  // component the alternates on the path (what they exclude is not free either).
  const alts: (readonly Effect[] | undefined)[] = [];
  const alternate = ex ? new Int32Array(ex.mis.length) : undefined;
  // members still applying when the search would stop, per component (bits)
  const left = ex ? new Int32Array(ex.mis.length) : undefined;
  // whether some allowed combination holds what is held and none of `left`
  const allowed = () => {
    for (let k = 0; k < left!.length; k++) {
      if (left![k] === 0) continue;
      let ok = false;
      for (const m of ex!.mis[k]!)
        if ((held![k]! & ~m) === 0 && (left![k]! & m) === 0) {
          ok = true;
          break;
        }
      if (!ok) return false;
    }
    return true;
  };
  const h = dp.h;
  // the limit read when the node being expanded was taken
  let need = Number.NEGATIVE_INFINITY;
  let most = Number.POSITIVE_INFINITY;
  const matters = (v: number, count: number) => v > need || (v === need && count <= most);
  const place = (st: Step) => {
    alts.push(st.alt);
    if (st.alt)
      for (const a of st.alt) {
        const k = ex!.comp[a.c.idx]!;
        alternate![k] = alternate![k]! | ex!.bit[a.c.idx]!;
      }
    placedG.push(st.gi);
    placedT.push(st.t);
    placedE.push(st.e);
    used[st.gi] = 1;
    order.push(st.e.c);
    if (held) {
      const k = ex!.comp[st.e.c.idx]!;
      if (k >= 0) held[k] = held[k]! | ex!.bit[st.e.c.idx]!;
    }
  };
  // the state of a node's path, and back to the empty path
  const restore = (path: Step | undefined) => {
    pathSteps.length = 0;
    for (let x = path; x; x = x.prev) pathSteps.push(x);
    for (let i = pathSteps.length - 1; i >= 0; i--) place(pathSteps[i]!);
  };
  const clear = () => {
    for (const gi of placedG) used[gi] = 0;
    placedG.length = 0;
    placedT.length = 0;
    placedE.length = 0;
    alts.length = 0;
    order.length = 0;
    if (held) held.fill(0);
    if (alternate) alternate.fill(0);
  };
  const heap: Node[] = [];
  let seq = 0;
  const push = (v: number, k: number, r: number, d: number, path: Step | undefined) => {
    heapPush(heap, { v, k, r, d, path, seq: seq++, done: undefined });
  };
  const step = (
    path: Step | undefined,
    gi: number,
    t: number,
    e: Effect,
    alt: readonly Effect[] | undefined,
  ): Step => ({ prev: path, len: (path?.len ?? 0) + 1, gi, t, e, alt });
  const finished = (a: Assignment) => {
    heapPush(heap, { v: a.d, k: -1, r: 0, d: a.d, path: undefined, seq: seq++, done: a });
  };
  // a member that would apply when the search stops here: a member of a component decided here
  // only counts against it if no allowed combination leaves it out (`allowed`); false when one
  // outside any such component applies (stopping is no assignment)
  const note = (es: readonly Effect[]) => {
    for (const e of es) {
      const k = ex ? ex.comp[e.c.idx]! : -1;
      if (k < 0) return false;
      if (!blocked(e.c)) left![k] = left![k]! | ex!.bit[e.c.idx]!;
    }
    return true;
  };

  /** The children of a node deciding class `k` (or later) by its one-class group. */
  function singles(node: Node): void {
    let k = node.k;
    const { r, d: dAcc, path } = node;
    for (; k < C; k++) if (sp.single[k]! >= 0 && effects(sp.single[k]!, 1 << k).length > 0) break;
    if (k === C) {
      several(r, dAcc, path);
      return;
    }
    const gi = sp.single[k]!;
    const bit = 1 << k;
    // the next layer is indexed by the classes below k + 1 (every later one is free)
    const next = dp.layer[k + 1]!;
    const low = (bit << 1) - 1;
    const takes = effects(gi, bit);
    const skip = dAcc + next[r & low]!;
    if (matters(skip, order.length)) push(skip, k + 1, r, dAcc, path);
    // per outcome, the first ranked free member (excluding nothing that can still apply): an
    // equal one after it is not searched (it leaves fewer choices and loses the tie-break), one
    // before it is its alternate
    const free = ex ? new Map<string, Effect>() : undefined;
    if (free)
      for (const e of takes) {
        if (blocked(e.c) || !settled(e.c, r ^ bit)) continue;
        const key = `${e.d}|${e.ship}`;
        if (!free.has(key)) free.set(key, e);
      }
    const altOf = free?.size ? new Map<string, Effect[]>() : undefined;
    const passed = altOf ? new Set<string>() : undefined;
    for (const e of takes) {
      if (blocked(e.c)) continue;
      let alt: Effect[] | undefined;
      if (altOf) {
        const key = `${e.d}|${e.ship}`;
        const f = free!.get(key);
        if (f !== undefined && f !== e) {
          // before the free one (takes are by rank): its alternate; after it: not searched
          if (!passed!.has(key)) {
            const list = altOf.get(key);
            if (list) list.push(e);
            else altOf.set(key, [e]);
          }
          continue;
        }
        if (f === e) {
          passed!.add(key);
          alt = altOf.get(key);
        }
      }
      const v = dAcc + e.d + next[(r ^ bit) & low]!;
      if (!matters(v, order.length + 1)) continue;
      push(v, k + 1, r ^ bit, dAcc + e.d, step(path, gi, bit, e, alt));
    }
  }

  /**
   * Emits the assignment stopping here with alternates in place of the members they stand for
   * (from step `i` on; `any`: one is in place), where it holds no two excluding each other and
   * an allowed combination fits.
   */
  function withAlternates(i: number, d: number, sig: string, any: boolean): void {
    for (; i < alts.length && !alts[i]; i++);
    if (i === alts.length) {
      if (any && allowed()) finished({ d, order: order.slice(), sig, rank: undefined });
      return;
    }
    withAlternates(i + 1, d, sig, any);
    const m = placedE[i]!.c;
    const km = ex!.comp[m.idx]!;
    if (km >= 0) held![km] = held![km]! & ~ex!.bit[m.idx]!;
    for (const a of alts[i]!) {
      const k = ex!.comp[a.c.idx]!;
      if ((held![k]! & ex!.conflicts[a.c.idx]!) !== 0) continue;
      held![k] = held![k]! | ex!.bit[a.c.idx]!;
      const was = left![k]!;
      left![k] = was & ~ex!.conflicts[a.c.idx]!;
      order[i] = a.c;
      withAlternates(i + 1, d, sig, true);
      order[i] = m;
      left![k] = was;
      held![k] = held![k]! & ~ex!.bit[a.c.idx]!;
    }
    if (km >= 0) held![km] = held![km]! | ex!.bit[m.idx]!;
  }

  /** The assignment stopping at a node with only several-class groups left, and its children. */
  function several(r: number, dAcc: number, path: Step | undefined): void {
    // stopping here is an assignment only when no free promotion would still apply
    let maximal = true;
    if (left) left.fill(0);
    for (let x = r; x !== 0 && maximal; x &= x - 1) {
      const low = x & -x;
      const gi = sp.single[31 - Math.clz32(low)]!;
      if (gi >= 0) {
        const es = effects(gi, low);
        if (es.length > 0 && !(ex && note(es))) maximal = false;
      }
    }
    const opts: { gi: number; t: number; e: Effect; v: number; free: boolean }[] = [];
    for (const gi of sp.multi) {
      if (used[gi]) continue;
      const cov = groups[gi]!.cov;
      const t = r & cov;
      if (t === 0) continue;
      const es = effects(gi, t);
      if (es.length === 0) continue;
      if (!(ex && note(es))) maximal = false;
      // the smallest precedence order by group index: after the last promotion it must
      // follow (one holding a class it covers), only larger group indices
      let last = -1;
      for (let i = placedG.length - 1; i >= 0; i--)
        if ((placedT[i]! & cov) !== 0) {
          last = i;
          break;
        }
      let canonical = true;
      for (let i = last + 1; i < placedG.length; i++)
        if (placedG[i]! > gi && (groups[placedG[i]!]!.cov & (groups[placedG[i]!]!.cov - 1)) !== 0) {
          canonical = false;
          break;
        }
      if (!canonical) continue;
      const rest = h[r & ~cov]!;
      for (const e of es) {
        if (blocked(e.c)) continue;
        const v = dAcc + e.d + rest;
        if (matters(v, order.length + 1)) opts.push({ gi, t, e, v, free: settled(e.c, r & ~t) });
      }
    }
    if (maximal) {
      if (matters(dAcc, order.length)) {
        // what each took, by classes (disjoint masks, so sorting by them is a total order)
        const m = placedT.length;
        for (let i = 0; i < m; i++) {
          let j = i;
          while (j > 0 && placedT[byT[j - 1]!]! > placedT[i]!) {
            byT[j] = byT[j - 1]!;
            j--;
          }
          byT[j] = i;
        }
        let sig = "";
        for (let j = 0; j < m; j++) {
          const e = placedE[byT[j]!]!;
          sig += `${placedT[byT[j]!]}:${e.d}${e.ship ? "s," : ","}`;
        }
        if (!ex || allowed()) finished({ d: dAcc, order: order.slice(), sig, rank: undefined });
        if (ex) withAlternates(0, dAcc, sig, false);
      }
      // a member left out by an allowed combination may still apply in another one
      if (!ex) return;
    }
    if (opts.length === 0) return;
    // by bound, classes, discount, rank (insertion sort: few options, and no copy as
    // Array.sort makes): equal options sit together, by rank
    for (let i = 1; i < opts.length; i++) {
      const o = opts[i]!;
      let j = i;
      while (j > 0 && cmpOpt(opts[j - 1]!, o) > 0) {
        opts[j] = opts[j - 1]!;
        j--;
      }
      opts[j] = o;
    }
    // Promotions taking the same classes for the same outcome leave every other one the same
    // free classes. Of equal ones, the first ranked free one (excluding nothing that can still
    // apply) leaves every later choice open and wins the tie-break: those after it are not
    // searched, those before it (excluding others) are its alternates.
    let altsOf: Map<number, Effect[]> | undefined;
    for (let i = 0; i < opts.length; i++) {
      const o = opts[i]!;
      let f = -1;
      let j = i;
      while (j > 0 && sameStep(opts[j - 1]!, o)) j--;
      for (; j < opts.length && sameStep(opts[j]!, o); j++)
        if (opts[j]!.free && opts[j]!.e.ship === o.e.ship) {
          f = j;
          break;
        }
      if (f >= 0 && f !== i) {
        if (f > i && ex) {
          if (!altsOf) altsOf = new Map();
          const list = altsOf.get(f);
          if (list) list.push(o.e);
          else altsOf.set(f, [o.e]);
        }
        continue;
      }
      push(o.v, C, r & ~o.t, dAcc + o.e.d, step(path, o.gi, o.t, o.e, altsOf?.get(i)));
    }
  }

  push(dp.top, 0, full, 0, undefined);
  while (heap.length > 0) {
    [need, most] = limit();
    const x = heapPop(heap);
    // every node left has a bound at most this one's
    if (x.v < need) break;
    if (x.done) {
      if (matters(x.v, x.done.order.length)) emit(x.done);
      continue;
    }
    if (!matters(x.v, x.path?.len ?? 0)) continue;
    restore(x.path);
    if (x.k < C) singles(x);
    else several(x.r, x.d, x.path);
    clear();
  }
}
