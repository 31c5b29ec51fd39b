/**
 * The segment builder's definition: a JSON tree of AND/OR/NOT groups over conditions on a
 * customer's orders, profile, consents, RFM group, playbook segment and post-promotion layer.
 * Validated here with zod (pure); compiled to one parameterised SQL query in
 * `adapters/db/repositories/segment-query.ts`.
 *
 * Periods are local calendar days in the shop's time zone: `{from, to}` (both inclusive) or
 * `{lastDays: n}` (the n days ending today). `resolvePeriod` turns them into UTC instants.
 */
import { z } from "zod";
import { addDays, localDay, zonedTimeToUtc } from "../time/zone.ts";
import { rfmGroupCodes } from "./rfm.ts";

const LocalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD / 应为 YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "invalid date / 日期无效");

export const PeriodSchema = z.union([
  z
    .object({ from: LocalDate, to: LocalDate })
    .strict()
    .refine((p) => p.from <= p.to, {
      message: "from is after to / 开始日期晚于结束日期",
      path: ["from"],
    }),
  z.object({ lastDays: z.number().int().min(1).max(3650) }).strict(),
]);
export type Period = z.infer<typeof PeriodSchema>;

const Count = z.number().int().min(0).max(1_000_000);
const Fen = z.number().int().min(0).max(1e13);
const Text = z.string().min(1).max(100);
const TextList = z.array(Text).min(1).max(500);

export const playbookSegmentCodes = ["loyal", "active", "general"] as const;
export type PlaybookSegment = (typeof playbookSegmentCodes)[number];

export const layerCodes = [
  "positive_review",
  "negative_review",
  "stock_out",
  "late_shipment",
  "big_order",
] as const;
export type Layer = (typeof layerCodes)[number];

const atLeastOne =
  (keys: readonly string[]) =>
  (v: Record<string, unknown>): boolean =>
    keys.some((k) => v[k] !== undefined);

export const ConditionSchema = z.discriminatedUnion("kind", [
  /** Paid orders (not refunded/closed): from the statistics, or counted in `period`. */
  z
    .object({
      kind: z.literal("paidOrders"),
      min: Count.optional(),
      max: Count.optional(),
      period: PeriodSchema.optional(),
    })
    .strict()
    .refine(atLeastOne(["min", "max"]), {
      message: "min or max is required / 需要 min 或 max",
      path: ["min"],
    }),
  /** Paid amount in fen over the same orders. */
  z
    .object({
      kind: z.literal("paidAmount"),
      minFen: Fen.optional(),
      maxFen: Fen.optional(),
      period: PeriodSchema.optional(),
    })
    .strict()
    .refine(atLeastOne(["minFen", "maxFen"]), {
      message: "minFen or maxFen is required / 需要 minFen 或 maxFen",
      path: ["minFen"],
    }),
  /** First paid order inside the period. */
  z
    .object({ kind: z.literal("firstPaid"), period: PeriodSchema })
    .strict(),
  /** Last paid order inside the period. */
  z
    .object({ kind: z.literal("lastPaid"), period: PeriodSchema })
    .strict(),
  /** No paid order for at least `days` days (by local calendar day). */
  z
    .object({ kind: z.literal("notBoughtFor"), days: z.number().int().min(1).max(3650) })
    .strict(),
  /** Bought (a paid order line) one of the SKUs, products or categories, optionally in a period. */
  z
    .object({
      kind: z.literal("bought"),
      skuCodes: TextList.optional(),
      productCodes: TextList.optional(),
      categories: TextList.optional(),
      period: PeriodSchema.optional(),
    })
    .strict()
    .refine(atLeastOne(["skuCodes", "productCodes", "categories"]), {
      message: "skuCodes, productCodes or categories is required / 需要 SKU、商品或类目",
      path: ["skuCodes"],
    }),
  z
    .object({
      kind: z.literal("region"),
      provinces: TextList.optional(),
      cities: TextList.optional(),
    })
    .strict()
    .refine(atLeastOne(["provinces", "cities"]), {
      message: "provinces or cities is required / 需要省份或城市",
      path: ["provinces"],
    }),
  z
    .object({ kind: z.literal("tags"), match: z.enum(["any", "all", "none"]), tags: TextList })
    .strict(),
  z.object({ kind: z.literal("member"), value: z.boolean() }).strict(),
  /** The customer granted (or did not grant) consent on a channel. */
  z
    .object({
      kind: z.literal("consent"),
      channel: z.enum(["sms", "email", "phone"]),
      granted: z.boolean().default(true),
    })
    .strict(),
  /** RFM group from the last scoring run. */
  z
    .object({ kind: z.literal("rfmGroup"), groups: z.array(z.enum(rfmGroupCodes)).min(1) })
    .strict(),
  /** Playbook segment with the shop's current parameters. */
  z
    .object({ kind: z.literal("playbook"), segments: z.array(z.enum(playbookSegmentCodes)).min(1) })
    .strict(),
  /** New (first paid order inside the period) or returning (paid inside, first paid before). */
  z
    .object({
      kind: z.literal("customerType"),
      type: z.enum(["new", "returning"]),
      period: PeriodSchema,
    })
    .strict(),
  /** Post-promotion layer for orders paid in the period. */
  z
    .object({ kind: z.literal("layer"), layer: z.enum(layerCodes), period: PeriodSchema })
    .strict(),
]);
export type Condition = z.infer<typeof ConditionSchema>;

export type SegmentNode =
  | Condition
  | { kind: "and"; conditions: SegmentNode[] }
  | { kind: "or"; conditions: SegmentNode[] }
  | { kind: "not"; condition: SegmentNode };

export const SegmentNodeSchema: z.ZodType<SegmentNode> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal("and"), conditions: z.array(SegmentNodeSchema).max(50) }).strict(),
    z
      .object({ kind: z.literal("or"), conditions: z.array(SegmentNodeSchema).min(1).max(50) })
      .strict(),
    z.object({ kind: z.literal("not"), condition: SegmentNodeSchema }).strict(),
    ConditionSchema,
  ]),
) as z.ZodType<SegmentNode>;

/** Limits that keep one definition a reasonable query. */
export const maxDepth = 6;
export const maxConditions = 100;

/** A whole definition: the tree, checked for depth and size. An empty AND is everyone. */
export const SegmentDefinitionSchema = SegmentNodeSchema.superRefine((node, ctx) => {
  let count = 0;
  const walk = (n: SegmentNode, depth: number): void => {
    if (depth > maxDepth) {
      ctx.addIssue({
        code: "custom",
        message: `nested deeper than ${maxDepth} / 嵌套超过 ${maxDepth} 层`,
      });
      return;
    }
    if (n.kind === "and" || n.kind === "or") for (const c of n.conditions) walk(c, depth + 1);
    else if (n.kind === "not") walk(n.condition, depth + 1);
    else count += 1;
  };
  walk(node, 1);
  if (count > maxConditions)
    ctx.addIssue({
      code: "custom",
      message: `more than ${maxConditions} conditions / 条件超过 ${maxConditions} 个`,
    });
});

/** A UTC half-open interval `[from, to)`. */
export interface Instants {
  from: Date;
  to: Date;
}

/**
 * The UTC interval of a period in a shop's time zone, as of `now`.
 * @example resolvePeriod({from: "2026-11-11", to: "2026-11-11"}, "Asia/Shanghai", now)
 *   // {from: 2026-11-10T16:00Z, to: 2026-11-11T16:00Z}
 */
export function resolvePeriod(p: Period, timeZone: string, now: Date): Instants {
  if ("lastDays" in p) {
    const today = localDay(now, timeZone);
    return {
      from: zonedTimeToUtc(addDays(today, -(p.lastDays - 1)), timeZone),
      to: zonedTimeToUtc(addDays(today, 1), timeZone),
    };
  }
  return { from: zonedTimeToUtc(p.from, timeZone), to: zonedTimeToUtc(addDays(p.to, 1), timeZone) };
}

/**
 * The start (UTC) of the local day `days` days before today: a last paid order at or after
 * it lies within `days` days (today counts as day 0).
 */
export function daysAgoStart(days: number, timeZone: string, now: Date): Date {
  return zonedTimeToUtc(addDays(localDay(now, timeZone), -days), timeZone);
}
