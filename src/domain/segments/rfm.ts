/**
 * RFM: recency (days since the last paid order), frequency (paid orders) and monetary
 * (paid amount) from the customer statistics, each scored 1–5, then the classic eight groups
 * from whether R, F and M are high or low. Pure reference functions; the database computes
 * the same thing set-based (see `adapters/db/repositories/rfm.ts`).
 */
import type { RfmSettings } from "./settings.ts";

export type RfmGroup =
  | "important_value"
  | "important_develop"
  | "important_keep"
  | "important_retain"
  | "general_value"
  | "general_develop"
  | "general_keep"
  | "general_retain";

export interface RfmGroupInfo {
  code: RfmGroup;
  zh: string;
  en: string;
  r: "high" | "low";
  f: "high" | "low";
  m: "high" | "low";
}

/** The eight groups, in display order. */
export const rfmGroups: readonly RfmGroupInfo[] = [
  {
    code: "important_value",
    zh: "重要价值客户",
    en: "Important value",
    r: "high",
    f: "high",
    m: "high",
  },
  {
    code: "important_develop",
    zh: "重要发展客户",
    en: "Important to develop",
    r: "high",
    f: "low",
    m: "high",
  },
  {
    code: "important_keep",
    zh: "重要保持客户",
    en: "Important to keep",
    r: "low",
    f: "high",
    m: "high",
  },
  {
    code: "important_retain",
    zh: "重要挽留客户",
    en: "Important to win back",
    r: "low",
    f: "low",
    m: "high",
  },
  {
    code: "general_value",
    zh: "一般价值客户",
    en: "General value",
    r: "high",
    f: "high",
    m: "low",
  },
  {
    code: "general_develop",
    zh: "一般发展客户",
    en: "General to develop",
    r: "high",
    f: "low",
    m: "low",
  },
  {
    code: "general_keep",
    zh: "一般保持客户",
    en: "General to keep",
    r: "low",
    f: "high",
    m: "low",
  },
  {
    code: "general_retain",
    zh: "一般挽留客户",
    en: "General to win back",
    r: "low",
    f: "low",
    m: "low",
  },
];

export const rfmGroupCodes = rfmGroups.map((g) => g.code) as [RfmGroup, ...RfmGroup[]];

/**
 * The group of a customer from whether each dimension is high.
 * @example rfmGroupOf(true, false, true) // "important_develop"
 */
export function rfmGroupOf(rHigh: boolean, fHigh: boolean, mHigh: boolean): RfmGroup {
  const tier = mHigh ? "important" : "general";
  const kind = rHigh ? (fHigh ? "value" : "develop") : fHigh ? "keep" : "retain";
  return `${tier}_${kind}`;
}

/**
 * Quintile scores by rank, equal values sharing a score: the value at (1-based, ties take
 * the lowest) rank `k` of `n` scores `1 + floor(5 (k − 1) / n)`. For recency the ranking is
 * by days descending, so the most recent buyers score 5.
 * @example quintileScores([1, 2, 3, 4, 5]) // [1, 2, 3, 4, 5]
 */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const firstRank = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!firstRank.has(v)) firstRank.set(v, i + 1);
  });
  return values.map((v) => 1 + Math.floor((5 * (firstRank.get(v)! - 1)) / n));
}

/** Recency score by merchant cut-offs (days, ascending). */
export function recencyScoreByCuts(days: number, cuts: RfmSettings["recencyDays"]): number {
  for (let i = 0; i < cuts.length; i++) if (days <= cuts[i]!) return 5 - i;
  return 1;
}

/** Frequency or monetary score by merchant cut-offs (ascending minimums for 2…5). */
export function ascendingScoreByCuts(value: number, cuts: readonly number[]): number {
  let score = 1;
  for (let i = 0; i < cuts.length; i++) if (value >= cuts[i]!) score = i + 2;
  return score;
}
