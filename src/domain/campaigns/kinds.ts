/**
 * The sales channels and budget kinds of a campaign plan. No imports: the web UI bundles this
 * file as it is, so the server and the forms always agree on the list.
 */
export const salesChannels = ["tmall", "taobao", "jd", "douyin", "pdd", "own", "other"] as const;
export type SalesChannel = (typeof salesChannels)[number];

export const budgetKinds = [
  "onsite_ads",
  "offsite_ads",
  "slot_fee",
  "gifts",
  "sms",
  "affiliate",
  "other",
] as const;
export type BudgetKind = (typeof budgetKinds)[number];
