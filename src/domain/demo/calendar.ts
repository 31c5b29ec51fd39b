/**
 * The demo shop's sales calendar: festival nodes with their sales multipliers and
 * hour-of-day curves, the weekly rhythm, and the quiet days around Spring Festival.
 * All dates are local (Asia/Shanghai, UTC+8 without daylight saving).
 */

/** Hours between UTC and the shop's local time (Asia/Shanghai has no daylight saving). */
export const LOCAL_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** Spring Festival (lunar new year's day) by year, from the published calendar. */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2023: "2023-01-22",
  2024: "2024-02-10",
  2025: "2025-01-29",
  2026: "2026-02-17",
  2027: "2027-02-06",
  2028: "2028-01-26",
};

/** The festival nodes the demo knows; `normal` is an ordinary day. */
export type DemoNode =
  | "normal"
  | "double11"
  | "double11_warmup"
  | "double11_after"
  | "double12"
  | "618"
  | "618_warmup"
  | "nianhuo"
  | "spring_quiet"
  | "womens_day"
  | "99"
  | "520"
  | "national_day";

/** Promotion key and its 满减 rule (every `step` yuan spent, `off` yuan off) for a node. */
export interface NodePromotion {
  readonly key: string;
  readonly stepFen: number;
  readonly offFen: number;
}

export interface DayInfo {
  /** Local day number: days since 1970-01-01 in local time. */
  readonly day: number;
  readonly node: DemoNode;
  /** Sales multiplier against an ordinary day of the same week and trend. */
  readonly multiplier: number;
  readonly promotion: NodePromotion | null;
  /** Parcels are not collected on this day (couriers on Spring Festival leave). */
  readonly logisticsStopped: boolean;
}

const PROMOTIONS: Partial<Record<DemoNode, NodePromotion>> = {
  double11: { key: "demo:double11-manjian", stepFen: 30_000, offFen: 5_000 },
  double11_warmup: { key: "demo:double11-manjian", stepFen: 30_000, offFen: 5_000 },
  "618": { key: "demo:618-manjian", stepFen: 30_000, offFen: 5_000 },
  "618_warmup": { key: "demo:618-manjian", stepFen: 30_000, offFen: 5_000 },
  double12: { key: "demo:double12-manjian", stepFen: 20_000, offFen: 2_000 },
  nianhuo: { key: "demo:nianhuo-manjian", stepFen: 20_000, offFen: 2_500 },
  womens_day: { key: "demo:38-manjian", stepFen: 19_900, offFen: 2_000 },
  "99": { key: "demo:99-manjian", stepFen: 19_900, offFen: 1_500 },
};

/** Local day number of a `YYYY-MM-DD` date. */
export function dayOf(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** Local calendar parts of a local day number. */
export function partsOf(day: number): {
  year: number;
  month: number;
  date: number;
  weekday: number;
} {
  const d = new Date(day * DAY_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    weekday: d.getUTCDay(),
  };
}

/** Local day number of a UTC instant. */
export function localDay(utcMs: number): number {
  return Math.floor((utcMs + LOCAL_OFFSET_MS) / DAY_MS);
}

/** UTC instant of local midnight of a local day number. */
export function dayStartUtc(day: number): number {
  return day * DAY_MS - LOCAL_OFFSET_MS;
}

/** Weekly rhythm: Sunday first. Weekends sell more. */
export const WEEKDAY_FACTOR: readonly number[] = [1.2, 0.94, 0.92, 0.94, 0.96, 1.03, 1.18];

/** Classifies one local day: node, multiplier, promotion, logistics. */
export function dayInfo(day: number): DayInfo {
  const { year, month, date } = partsOf(day);
  const md = month * 100 + date;
  let node: DemoNode = "normal";
  let multiplier = 1;
  const springDay = SPRING_FESTIVAL[year] ? dayOf(SPRING_FESTIVAL[year]) : undefined;
  const nextSpring = SPRING_FESTIVAL[year + 1] ? dayOf(SPRING_FESTIVAL[year + 1]!) : undefined;
  let logisticsStopped = false;
  for (const sf of [springDay, nextSpring]) {
    if (sf === undefined) continue;
    const offset = day - sf;
    if (offset >= -25 && offset <= -11) {
      node = "nianhuo";
      multiplier = offset >= -20 && offset <= -14 ? 2.2 : 1.6;
    } else if (offset >= -10 && offset <= 7) {
      node = "spring_quiet";
      multiplier = offset <= -6 ? 0.7 : offset <= 4 ? 0.3 : 0.55;
      logisticsStopped = offset >= -4 && offset <= 5;
    }
  }
  if (node === "normal") {
    if (md === 1111) [node, multiplier] = ["double11", 14];
    else if (md >= 1101 && md <= 1103) [node, multiplier] = ["double11_warmup", 2.6];
    else if (md >= 1104 && md <= 1110) [node, multiplier] = ["double11_warmup", 0.75];
    else if (md >= 1112 && md <= 1113) [node, multiplier] = ["double11_after", 1.6];
    else if (md === 1212) [node, multiplier] = ["double12", 4];
    else if (md >= 1210 && md <= 1211) [node, multiplier] = ["double12", 1.4];
    else if (md === 618) [node, multiplier] = ["618", 7];
    else if ((md >= 531 && md <= 603) || md === 617) [node, multiplier] = ["618_warmup", 2.2];
    else if (md >= 604 && md <= 616) [node, multiplier] = ["618_warmup", 1.1];
    else if (md >= 306 && md <= 308) [node, multiplier] = ["womens_day", md === 308 ? 3 : 2];
    else if (md === 909) [node, multiplier] = ["99", 1.8];
    else if (md === 520) [node, multiplier] = ["520", 1.4];
    else if (md >= 1001 && md <= 1007) [node, multiplier] = ["national_day", 0.85];
  }
  return { day, node, multiplier, promotion: PROMOTIONS[node] ?? null, logisticsStopped };
}

/** Whether a node is a big sale (more new customers, more refunds, slower parcels). */
export function isBigSale(node: DemoNode): boolean {
  return node === "double11" || node === "618" || node === "double12";
}

// Share of a normal day's orders placed in each local hour: high 20–23h, low 2–7h.
// biome-ignore format: a curve reads better on one line
const NORMAL_HOURS = [2.2, 1.2, 0.6, 0.35, 0.3, 0.35, 0.8, 1.6, 2.8, 3.8, 4.4, 4.6, 4.4, 4.2, 4.4, 4.5, 4.4, 4.3, 4.5, 5.4, 6.6, 7.6, 7.8, 5.2];
// Double 11 and 618: most of the day's orders in the first two hours after midnight.
// biome-ignore format: a curve reads better on one line
const PEAK_HOURS = [48, 14, 2.2, 0.8, 0.5, 0.5, 0.8, 1.2, 1.6, 2, 2.2, 2.3, 2.2, 2.1, 2.1, 2.1, 2.1, 2.1, 2.3, 2.8, 3.4, 4, 4.2, 3.4];

/** Hour-of-day weights (24 numbers) for a day. */
export function hourWeights(node: DemoNode): readonly number[] {
  return node === "double11" || node === "618" ? PEAK_HOURS : NORMAL_HOURS;
}
