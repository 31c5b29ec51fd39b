/**
 * Per-shop segment settings: the playbook segments' parameters, how RFM scores are made and
 * how post-promotion layers are matched. Every field has a documented default (see README.md);
 * a shop stores only what it changes and reads the rest from the defaults.
 */
import { z } from "zod";

/** Four ascending cut-offs: a value at or above `cuts[i]` reaches score `i + 2`. */
const ascendingCuts = z
  .array(z.number().int().min(0))
  .length(4)
  .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), {
    message: "cut-offs must be strictly ascending / 分档值必须严格递增",
  });

export const RfmSettingsSchema = z.object({
  /** `quintile`: scores 1–5 by rank among the shop's buyers; `thresholds`: the cuts below. */
  method: z.enum(["quintile", "thresholds"]).default("quintile"),
  /** `score`: a dimension is high when its score ≥ 3; `average`: when its raw value beats the shop average. */
  highRule: z.enum(["score", "average"]).default("score"),
  /** Recency cut-offs in days, ascending: ≤ [0] → 5, ≤ [1] → 4, ≤ [2] → 3, ≤ [3] → 2, else 1. */
  recencyDays: ascendingCuts.default([30, 90, 180, 365]),
  /** Paid-order cut-offs: ≥ [0] → 2, ≥ [1] → 3, ≥ [2] → 4, ≥ [3] → 5. */
  frequency: ascendingCuts.default([2, 3, 5, 8]),
  /** Monetary cut-offs in fen: ≥ [0] → 2 … ≥ [3] → 5. */
  monetaryFen: ascendingCuts.default([20000, 50000, 100000, 300000]),
});

export const LayerSettingsSchema = z.object({
  /** A review with rating ≥ this is positive (好评). */
  positiveMinRating: z.number().int().min(1).max(5).default(4),
  /** A review with rating ≤ this is neutral/negative (中差评). */
  negativeMaxRating: z.number().int().min(1).max(5).default(3),
  /** After-sales reasons (substring match) that mean a stock-out (缺货). */
  stockOutReasons: z
    .array(z.string().min(1).max(50))
    .max(50)
    .default(["缺货", "断货", "无货", "out of stock"]),
  /** After-sales reasons (substring match) that mean a late shipment (发货慢). */
  lateShipmentReasons: z
    .array(z.string().min(1).max(50))
    .max(50)
    .default(["发货太慢", "发货慢", "未按约定时间发货", "延迟发货", "late shipment"]),
  /** After-sales kinds counted for both (the reasons decide which). */
  afterSaleKinds: z
    .array(z.enum(["refund_only", "return_refund", "exchange", "reship", "compensation"]))
    .min(1)
    .default(["refund_only", "return_refund", "exchange", "reship", "compensation"]),
  /** A big order (大订单) has at least this many units … */
  bigOrderMinQuantity: z.number().int().min(1).default(20),
  /** … or at least this paid amount in fen (either suffices). */
  bigOrderMinFen: z.number().int().min(1).default(500000),
});

export const SegmentSettingsSchema = z.object({
  /** Active (活跃客户): last paid order within this many local days (inclusive). */
  activeDays: z.number().int().min(1).max(3650).default(90),
  /** Loyal (忠诚客户): at least this many paid orders. */
  loyalMinOrders: z.number().int().min(2).max(1000).default(3),
  rfm: RfmSettingsSchema.default(RfmSettingsSchema.parse({})),
  layers: LayerSettingsSchema.default(LayerSettingsSchema.parse({})),
});

export type SegmentSettings = z.infer<typeof SegmentSettingsSchema>;
export type RfmSettings = z.infer<typeof RfmSettingsSchema>;
export type LayerSettings = z.infer<typeof LayerSettingsSchema>;

/** The defaults every shop starts from. */
export const defaultSegmentSettings: SegmentSettings = SegmentSettingsSchema.parse({});

/**
 * Reads stored settings (possibly partial or from an older version) over the defaults.
 * @example resolveSegmentSettings({ activeDays: 60 }).loyalMinOrders // 3
 */
export function resolveSegmentSettings(stored: unknown): SegmentSettings {
  const r = SegmentSettingsSchema.safeParse(stored ?? {});
  return r.success ? r.data : defaultSegmentSettings;
}
