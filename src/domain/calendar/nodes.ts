/**
 * Promotion calendar nodes (节点): festivals, platform sales and the shop's own dates.
 *
 * Every built-in node is a rule (fixed date, lunar date, solar term, n-th weekday) that
 * yields one date per Gregorian year 1901–2100. Shop nodes (custom) come in as data.
 */
import { z } from "zod";
import {
  addDays,
  daysInMonth,
  formatIsoDate,
  type IsoDate,
  isIsoDate,
  nthWeekdayOfMonth,
  parseIsoDate,
  type Weekday,
  yearOf,
} from "./date.ts";
import {
  lunarNewYear,
  lunarNewYearsEve,
  lunarToSolar,
  MAX_YEAR,
  MIN_YEAR,
  type SolarTermName,
  solarTermDate,
} from "./lunar.ts";

/** How a node's date is set. */
export type NodeKind = "fixed" | "lunar" | "solarTerm" | "nthWeekday" | "platform" | "custom";

/** One node on one date: the shape the CLI prints with `calendar --json`. */
export interface CalendarNode {
  /** Stable kebab-case identifier, e.g. `mid-autumn`, `double-11`, `618`. */
  readonly key: string;
  /** Chinese name. */
  readonly name: string;
  /** English name. */
  readonly nameEn: string;
  /** `YYYY-MM-DD`. */
  readonly date: IsoDate;
  readonly kind: NodeKind;
}

/** The rule that places a node in a Gregorian year. */
export type NodeRule =
  /** Same Gregorian month and day every year. */
  | { readonly type: "gregorian"; readonly month: number; readonly day: number }
  /** A day of a (non-leap) lunar month of the lunar year starting in this Gregorian year. */
  | { readonly type: "lunar"; readonly month: number; readonly day: number }
  /**
   * A number of days from the Lunar New Year's Day of this Gregorian year (negative: before).
   * Lunar New Year falls between 21 January and 20 February, so offsets from -20 to +300
   * stay inside the year.
   */
  | { readonly type: "lunarNewYearOffset"; readonly days: number }
  /** The last day of lunar month 12 (29th or 30th): 除夕. */
  | { readonly type: "lunarNewYearsEve" }
  | { readonly type: "solarTerm"; readonly term: SolarTermName }
  | {
      readonly type: "nthWeekday";
      readonly month: number;
      readonly weekday: Weekday;
      readonly n: number;
    };

/** A built-in node: identity plus the rule for its date. */
export interface NodeDefinition {
  readonly key: string;
  readonly name: string;
  readonly nameEn: string;
  readonly kind: Exclude<NodeKind, "custom">;
  readonly rule: NodeRule;
}

const fixed = (key: string, name: string, nameEn: string, month: number, day: number) =>
  ({ key, name, nameEn, kind: "fixed", rule: { type: "gregorian", month, day } }) as const;
const platform = (key: string, name: string, nameEn: string, month: number, day: number) =>
  ({ key, name, nameEn, kind: "platform", rule: { type: "gregorian", month, day } }) as const;
const lunar = (key: string, name: string, nameEn: string, month: number, day: number) =>
  ({ key, name, nameEn, kind: "lunar", rule: { type: "lunar", month, day } }) as const;

/**
 * The built-in nodes: festivals and platform sales of the promotion calendar, in the order of
 * the year. Platform dates are the customary main day; a platform may announce a different
 * window in a given year (the shop adjusts its campaign, not this list).
 */
export const BUILT_IN_NODES: readonly NodeDefinition[] = [
  fixed("new-year", "元旦", "New Year's Day", 1, 1),
  platform("merchant-carnival", "1.11 网商狂欢节", "1.11 Online Merchants Carnival", 1, 11),
  {
    key: "new-year-goods",
    name: "年货节",
    nameEn: "New Year Shopping Festival",
    kind: "platform",
    // Planning anchor: 20 days before the Lunar New Year (around 腊月初十), when the
    // platforms' New Year goods sales are in full swing and couriers still deliver in time.
    rule: { type: "lunarNewYearOffset", days: -20 },
  },
  {
    key: "lunar-new-years-eve",
    name: "除夕",
    nameEn: "Lunar New Year's Eve",
    kind: "lunar",
    rule: { type: "lunarNewYearsEve" },
  },
  lunar("spring-festival", "春节", "Spring Festival", 1, 1),
  lunar("lantern", "元宵节", "Lantern Festival", 1, 15),
  fixed("valentines", "情人节", "Valentine's Day", 2, 14),
  platform("procurement-festival", "3.6 采购节", "3.6 Procurement Festival", 3, 6),
  platform("girls-day", "3.7 女生节", "3.7 Girls' Day", 3, 7),
  fixed("womens-day", "妇女节", "International Women's Day", 3, 8),
  platform("queens-day", "3.8 女王节", "3.8 Queen's Day Sale", 3, 8),
  platform("321", "3.21 阿里大促", "3.21 Alibaba Spring Sale", 3, 21),
  fixed("april-fools", "愚人节", "April Fools' Day", 4, 1),
  {
    key: "qingming",
    name: "清明节",
    nameEn: "Qingming Festival",
    kind: "solarTerm",
    rule: { type: "solarTerm", term: "清明" },
  },
  fixed("labour-day", "劳动节", "Labour Day", 5, 1),
  {
    key: "mothers-day",
    name: "母亲节",
    nameEn: "Mother's Day",
    kind: "nthWeekday",
    rule: { type: "nthWeekday", month: 5, weekday: 0, n: 2 },
  },
  fixed("childrens-day", "儿童节", "Children's Day", 6, 1),
  {
    key: "fathers-day",
    name: "父亲节",
    nameEn: "Father's Day",
    kind: "nthWeekday",
    rule: { type: "nthWeekday", month: 6, weekday: 0, n: 3 },
  },
  lunar("dragon-boat", "端午节", "Dragon Boat Festival", 5, 5),
  platform("618", "618 年中大促", "618 Mid-Year Sale", 6, 18),
  lunar("qixi", "七夕", "Qixi Festival", 7, 7),
  platform("mens-day", "8.3 男人节", "8.3 Men's Day", 8, 3),
  platform("818", "8.18 苏宁周年庆", "8.18 Suning Anniversary Sale", 8, 18),
  platform("stock-up-festival", "9.4 备货节", "9.4 Stock-up Festival", 9, 4),
  platform("99", "99 划算节", "9.9 Bargain Festival", 9, 9),
  lunar("mid-autumn", "中秋节", "Mid-Autumn Festival", 8, 15),
  fixed("national-day", "国庆节", "National Day", 10, 1),
  lunar("double-ninth", "重阳节", "Double Ninth Festival", 9, 9),
  platform("double-11", "双11 购物狂欢节", "Double 11 Shopping Festival", 11, 11),
  platform("1118", "11.18 阿里大促", "11.18 Alibaba Sale", 11, 18),
  platform("double-12", "双12 购物节", "Double 12 Shopping Festival", 12, 12),
  fixed("christmas", "圣诞节", "Christmas", 12, 25),
];

const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A shop's own node: a yearly date (anniversary, clearance) or a one-off date (launch). */
export const customNodeSchema = z.object({
  key: z
    .string()
    .regex(KEY_PATTERN, "key must be kebab-case / 键须为小写短横线格式 (e.g. shop-anniversary)"),
  name: z.string().min(1, "name is required / 名称必填"),
  nameEn: z.string().min(1, "nameEn is required / 英文名称必填"),
  recurrence: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("yearly"),
      month: z.number().int().min(1).max(12),
      day: z.number().int().min(1).max(31),
    }),
    z.object({
      type: z.literal("once"),
      date: z.string().refine(isIsoDate, "date must be YYYY-MM-DD / 日期格式须为 YYYY-MM-DD"),
    }),
  ]),
});

/** A shop's own node, as stored or imported. */
export type CustomNode = z.infer<typeof customNodeSchema>;

/** Options shared by the node functions. */
export interface NodeOptions {
  /** The shop's own nodes, merged with the built-in ones. */
  readonly custom?: readonly CustomNode[];
}

/**
 * Throws a bilingual `RangeError` unless `year` is an integer in 1901–2100.
 *
 * @example
 * assertSupportedYear(2026); // ok
 * assertSupportedYear(1900); // throws
 */
export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(
      `年份须在 ${MIN_YEAR}–${MAX_YEAR} 之间 / year must be between ${MIN_YEAR} and ${MAX_YEAR}: ${year}`,
    );
  }
}

/**
 * The date of a rule in a Gregorian year.
 *
 * @example
 * ruleDate({ type: "lunar", month: 8, day: 15 }, 2026); // "2026-09-25"
 */
export function ruleDate(rule: NodeRule, year: number): IsoDate {
  assertSupportedYear(year);
  switch (rule.type) {
    case "gregorian":
      return formatIsoDate(year, rule.month, rule.day);
    case "lunar":
      return lunarToSolar(year, rule.month, rule.day);
    case "lunarNewYearOffset":
      return addDays(lunarNewYear(year), rule.days);
    case "lunarNewYearsEve":
      return lunarNewYearsEve(year);
    case "solarTerm":
      return solarTermDate(year, rule.term);
    case "nthWeekday":
      return nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.n);
  }
}

/** The date of a custom node in a year, or `null` when it does not occur that year. */
function customDate(node: CustomNode, year: number): IsoDate | null {
  const r = node.recurrence;
  if (r.type === "once") return yearOf(r.date) === year ? r.date : null;
  // A yearly 29 February falls on 28 February in common years.
  return formatIsoDate(year, r.month, Math.min(r.day, daysInMonth(year, r.month)));
}

/** Validates custom nodes: schema, and keys unique and distinct from built-in keys. */
function checkCustomNodes(custom: readonly CustomNode[]): void {
  const seen = new Set(BUILT_IN_NODES.map((n) => n.key));
  for (const node of custom) {
    customNodeSchema.parse(node);
    if (node.recurrence.type === "yearly") {
      const { month, day } = node.recurrence;
      if (day > daysInMonth(2024, month)) {
        throw new RangeError(
          `无效日期 / invalid date ${month}-${day} in custom node "${node.key}"`,
        );
      }
    }
    if (seen.has(node.key)) {
      throw new RangeError(`节点键重复 / duplicate node key: "${node.key}"`);
    }
    seen.add(node.key);
  }
}

/**
 * Every node of a Gregorian year, built-in and the shop's own, sorted by date (ties keep
 * the order of {@link BUILT_IN_NODES}, custom nodes last).
 *
 * @example
 * const nodes = nodesForYear(2026);
 * nodes.find((n) => n.key === "spring-festival")?.date; // "2026-02-17"
 * nodesForYear(2026, { custom: [{ key: "shop-anniversary", name: "店庆", nameEn: "Shop anniversary",
 *   recurrence: { type: "yearly", month: 5, day: 20 } }] });
 */
export function nodesForYear(year: number, options: NodeOptions = {}): CalendarNode[] {
  assertSupportedYear(year);
  const custom = options.custom ?? [];
  checkCustomNodes(custom);
  const out: { node: CalendarNode; order: number }[] = [];
  BUILT_IN_NODES.forEach((def, order) => {
    const { key, name, nameEn, kind } = def;
    out.push({ node: { key, name, nameEn, date: ruleDate(def.rule, year), kind }, order });
  });
  custom.forEach((c, i) => {
    const date = customDate(c, year);
    if (date !== null) {
      out.push({
        node: { key: c.key, name: c.name, nameEn: c.nameEn, date, kind: "custom" },
        order: BUILT_IN_NODES.length + i,
      });
    }
  });
  out.sort((a, b) =>
    a.node.date < b.node.date ? -1 : a.node.date > b.node.date ? 1 : a.order - b.order,
  );
  return out.map((e) => e.node);
}

/**
 * Nodes whose date lies in `[from, to]` (both inclusive), sorted by date. The range may span
 * years within 1901–2100.
 *
 * @example
 * nodesInRange("2026-11-01", "2026-12-31").map((n) => n.key);
 * // ["double-11", "1118", "double-12", "christmas"]
 */
export function nodesInRange(
  from: IsoDate,
  to: IsoDate,
  options: NodeOptions = {},
): CalendarNode[] {
  const first = parseIsoDate(from).year;
  const last = parseIsoDate(to).year;
  const out: CalendarNode[] = [];
  for (let year = Math.max(first, MIN_YEAR); year <= Math.min(last, MAX_YEAR); year++) {
    for (const node of nodesForYear(year, options)) {
      if (node.date >= from && node.date <= to) out.push(node);
    }
  }
  return out;
}

/**
 * The next occurrence of a node on or after `from` (or strictly after, with
 * `inclusive: false`); `null` when the key is unknown or the node does not occur again
 * before the end of 2100.
 *
 * @example
 * nextOccurrence("spring-festival", "2026-03-01")?.date; // "2027-02-06"
 * nextOccurrence("double-11", "2026-11-11")?.date; // "2026-11-11"
 */
export function nextOccurrence(
  key: string,
  from: IsoDate,
  options: NodeOptions & { readonly inclusive?: boolean } = {},
): CalendarNode | null {
  const inclusive = options.inclusive ?? true;
  const start = parseIsoDate(from).year;
  const custom = options.custom ?? [];
  const once = custom.find((c) => c.key === key && c.recurrence.type === "once");
  const lastYear = once?.recurrence.type === "once" ? yearOf(once.recurrence.date) : start + 1;
  for (let year = Math.max(start, MIN_YEAR); year <= Math.min(lastYear, MAX_YEAR); year++) {
    const node = nodesForYear(year, { custom }).find((n) => n.key === key);
    if (node && (node.date > from || (inclusive && node.date === from))) return node;
  }
  return null;
}
