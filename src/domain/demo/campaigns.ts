/**
 * The demo shop's campaigns, as data: which festival nodes they sit on (relative to `today`),
 * the promotions the merchant set up for them, which SKUs stay out of the shop-wide offers
 * because of their floor price, which SKU the upcoming campaign's price cut takes below its
 * floor, and how far each schedule has got. Pure and deterministic: the same inputs give the
 * same records; codes come from a seeded generator, not from the wall clock or `Math.random`.
 */
import { addDays, type IsoDate, yearOf } from "../calendar/date.ts";
import { type CalendarNode, type CustomNode, nodesForYear } from "../calendar/nodes.ts";
import { dayInfo, dayOf } from "./calendar.ts";
import { createRng } from "./rng.ts";

/** The finished campaign is the shop's most recent 双11 (its order history has the spike). */
export const DEMO_FINISHED_NODE = "double-11";

/** Nodes the upcoming campaign may sit on: the sales the demo's order history knows. */
export const DEMO_UPCOMING_NODES: readonly string[] = [
  "new-year-goods",
  "queens-day",
  "618",
  "99",
  "double-11",
  "double-12",
];

/** Short names for promotion titles (`双12 满200减20`). */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  "new-year-goods": "年货节",
  "queens-day": "女王节",
  "618": "618",
  "99": "99划算节",
  "double-11": "双11",
  "double-12": "双12",
};

export function shortNodeName(node: CalendarNode): string {
  return SHORT_NAMES[node.key] ?? node.name;
}

/**
 * The two nodes of the demo campaigns: the latest 双11 strictly before `today`, and the
 * first sale node strictly after it.
 * @example demoCampaignNodes("2026-11-24") // finished 2026-11-11, upcoming double-12 2026-12-12
 */
export function demoCampaignNodes(
  today: IsoDate,
  custom: readonly CustomNode[] = [],
): { finished: CalendarNode; upcoming: CalendarNode } {
  const year = yearOf(today);
  const inYears = (years: number[]) => years.flatMap((y) => nodesForYear(y, { custom }));
  const finished = inYears([year - 1, year])
    .filter((n) => n.key === DEMO_FINISHED_NODE && n.date < today)
    .at(-1);
  const upcoming = inYears([year, year + 1]).find(
    (n) => DEMO_UPCOMING_NODES.includes(n.key) && n.date > today,
  );
  if (!finished || !upcoming) throw new RangeError(`no demo nodes around ${today}`);
  return { finished, upcoming };
}

/** The same node one year earlier (lunar nodes move), or null. */
export function sameNodeYearBefore(
  node: CalendarNode,
  custom: readonly CustomNode[] = [],
): CalendarNode | null {
  return nodesForYear(yearOf(node.date) - 1, { custom }).find((n) => n.key === node.key) ?? null;
}

/** The node's 满减 as the demo orders show it (every `stepFen`, `offFen` off). */
export function nodeManJian(node: CalendarNode): { stepFen: number; offFen: number } {
  const p = dayInfo(dayOf(node.date)).promotion;
  return p ? { stepFen: p.stepFen, offFen: p.offFen } : { stepFen: 20_000, offFen: 2_000 };
}

/** A SKU as the campaign builder sees it: figures plus units sold in a reference period. */
export interface DemoSkuFigures {
  readonly code: string;
  readonly title: string;
  readonly priceFen: number;
  readonly costFen: number;
  readonly floorFen: number | null;
  readonly isHero: boolean;
  readonly units: number;
  readonly gmvFen: number;
}

const ceilDiv = (a: number, b: number) => Math.floor((a + b - 1) / b);

/** The largest share of a threshold offer (bp, rounded up): `d / t` at the threshold itself. */
export function thresholdRateBp(offers: readonly { thresholdFen: number; offFen: number }[]) {
  return Math.max(0, ...offers.map((o) => ceilDiv(o.offFen * 10_000, o.thresholdFen)));
}

/**
 * Whether a SKU keeps its floor when up to `rateBp` of its price can be taken off (plus
 * 2 fen for rounding of the split). Shop-wide offers split their discount over the lines
 * in proportion, so one SKU's part is at most the offer's rate at its threshold; stacked
 * offers add up (a bound: (1 − a)(1 − b) ≥ 1 − a − b).
 */
export function keepsFloor(sku: Pick<DemoSkuFigures, "priceFen" | "floorFen">, rateBp: number) {
  if (sku.floorFen === null) return true;
  return sku.floorFen * 10_000 <= sku.priceFen * (10_000 - rateBp) - 20_000;
}

/** SKUs a shop-wide offer of `rateBp` must leave out to keep every floor, by code. */
export function floorExclusions(skus: readonly DemoSkuFigures[], rateBp: number): string[] {
  return skus
    .filter((s) => !keepsFloor(s, rateBp))
    .map((s) => s.code)
    .sort();
}

/** Hero SKUs first, then by units sold, then by code. */
export function byDemand(skus: readonly DemoSkuFigures[]): DemoSkuFigures[] {
  return [...skus].sort(
    (a, b) =>
      Number(b.isHero) - Number(a.isHero) ||
      b.units - a.units ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** The lowest price ending in 9 yuan at or above `fen` (`20_900` → `20_900`, `21_000` → `21_900`). */
export function priceEndingIn9(fen: number): number {
  const yuan = ceilDiv(fen, 100);
  return (yuan + ((19 - (yuan % 10)) % 10)) * 100;
}

/**
 * The price cut that trips the guard: a SKU with a floor that stays in the shop-wide offers,
 * cut to the lowest 9-ending price at or above its floor. On its own the price respects the
 * floor; with the 满减 and coupon on top it does not. Hero SKUs first, a cut of at least 5 %.
 */
export function floorTrap(
  skus: readonly DemoSkuFigures[],
  excluded: readonly string[],
): { sku: DemoSkuFigures; priceFen: number } | null {
  const out = new Set(excluded);
  for (const sku of byDemand(skus)) {
    if (sku.floorFen === null || out.has(sku.code)) continue;
    const priceFen = priceEndingIn9(sku.floorFen);
    if (priceFen * 100 <= sku.priceFen * 95) return { sku, priceFen };
  }
  return null;
}

/** A schedule task as far as its progress goes. */
export interface DemoTask {
  readonly id: number;
  readonly startDate: IsoDate | null;
  readonly dueDate: IsoDate;
}

export interface DemoTaskProgress {
  readonly id: number;
  readonly status: "done" | "doing";
  /** Local date and time the task was marked done (`YYYY-MM-DD HH:mm`), for `done`. */
  readonly doneAt: string | null;
}

/**
 * How far a schedule has got by `today`: tasks due before today are done (on their due day,
 * or every fourth a day early, in the evening), started tasks not yet due are in progress, the
 * rest stays to do. Only tasks that change are listed.
 */
export function taskProgress(tasks: readonly DemoTask[], today: IsoDate): DemoTaskProgress[] {
  const out: DemoTaskProgress[] = [];
  for (const t of tasks) {
    if (t.dueDate < today) {
      const early = t.id % 4 === 0 ? 1 : 0;
      let day = addDays(t.dueDate, -early);
      if (t.startDate && day < t.startDate) day = t.startDate;
      out.push({ id: t.id, status: "done", doneAt: `${day} ${early === 0 ? "17:30" : "20:10"}` });
    } else if (t.startDate !== null && t.startDate <= today) {
      out.push({ id: t.id, status: "doing", doneAt: null });
    }
  }
  return out;
}

/** Codes from a seeded generator (for coupon and claim codes of the demo shop). */
export function seededCodes(seed: number, stream: string, alphabet: string) {
  const rng = createRng(seed, `codes:${stream}`);
  return (length: number): string => {
    let s = "";
    for (let i = 0; i < length; i++) s += alphabet[rng.int(0, alphabet.length - 1)];
    return s;
  };
}

/** Rounds fen to whole thousands of yuan, at least ¥1,000. */
export function roundTarget(fen: number): number {
  return Math.max(100_000, Math.round(fen / 100_000) * 100_000);
}
