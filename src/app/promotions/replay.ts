/**
 * Replay: a set of promotions applied to a past period's real orders (their lines' SKU codes,
 * quantities and list prices; customers' flags as they are now). Orders are streamed in
 * pages by id and each is priced by the engine; promo stock, per-customer limits and budgets
 * are used up across the period in order. Figures per SKU and in total: discount cost,
 * margin after discounts and gifts (SKU cost), and the share of orders reaching each threshold.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { type ReplayOrderLine, replayPage } from "../../adapters/db/repositories/checkout.ts";
import { listPromotions, type PromotionRow } from "../../adapters/db/repositories/promotions.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import { unitPriceOf } from "../../domain/pricing/engine.ts";
import {
  type PromoState,
  type Promotion,
  type QuoteInput,
  quote,
} from "../../domain/pricing/index.ts";
import { addDays, zonedTimeToUtc } from "../../domain/time/zone.ts";
import { AppError } from "../errors.ts";
import { engineId, toEngine } from "./service.ts";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const ReplayInput = z
  .strictObject({
    promotionIds: z.array(z.number().int().positive()).min(1).max(100).optional(),
    campaignId: z.number().int().positive().optional(),
    /** First and last local day of the period (inclusive), in the shop's time zone. */
    from: Day,
    to: Day,
    /** Whether every buyer is assumed to hold every coupon of the set (default true). */
    couponsHeld: z.boolean().default(true),
  })
  .refine((v) => (v.promotionIds === undefined) !== (v.campaignId === undefined), {
    error: "需要 promotionIds 或 campaignId 之一 / needs exactly one of promotionIds or campaignId",
    path: ["promotionIds"],
  })
  .refine((v) => v.from <= v.to, {
    error: "from 不能晚于 to / from must not be after to",
    path: ["to"],
  });
export type ReplayInput = z.infer<typeof ReplayInput>;

/** Money figures of a group of lines. */
export interface ReplayFigures {
  units: number;
  listFen: number;
  discountFen: number;
  payableFen: number;
  platformFundedFen: number;
  giftCostFen: number;
  merchantNetFen: number;
  costFen: number;
  /** merchant net − SKU cost of the units. */
  marginFen: number;
}

export interface ReplaySku extends ReplayFigures {
  sku: string;
}

export interface ReplayThreshold {
  promotionId: number;
  name: string;
  kind: string;
  thresholdFen: number;
  orders: number;
  /** Orders reaching it / all orders, rounded to 4 decimals. */
  share: number;
}

export interface ReplayResult {
  from: string;
  to: string;
  promotionIds: number[];
  orders: number;
  totals: ReplayFigures;
  skus: ReplaySku[];
  promotions: {
    promotionId: number;
    name: string;
    kind: string;
    orders: number;
    discountFen: number;
  }[];
  thresholds: ReplayThreshold[];
}

function zero(): ReplayFigures {
  return {
    units: 0,
    listFen: 0,
    discountFen: 0,
    payableFen: 0,
    platformFundedFen: 0,
    giftCostFen: 0,
    merchantNetFen: 0,
    costFen: 0,
    marginFen: 0,
  };
}

/** Thresholds an order can reach, per promotion (lowest first). */
export function thresholdsOf(p: Promotion): number[] {
  let t: number[] = [];
  switch (p.kind) {
    case "manJian":
    case "manZhe":
      t = p.tiers.map((x) => x.thresholdFen);
      break;
    case "manSong":
    case "jiaJiaGou":
    case "freeShipping":
    case "itemCoupon":
    case "shopCoupon":
    case "platformCoupon":
      t = p.thresholdFen > 0 ? [p.thresholdFen] : [];
      break;
    case "meiManJian":
      t = [p.stepFen];
      break;
    case "crossShop":
      t = p.tiers ? p.tiers.map((x) => x.thresholdFen) : p.stepFen ? [p.stepFen] : [];
      break;
    default:
      t = [];
  }
  return [...new Set(t)].sort((a, b) => a - b);
}

function group(rows: ReplayOrderLine[]): ReplayOrderLine[][] {
  const out: ReplayOrderLine[][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && last[0]!.order_id === r.order_id) last.push(r);
    else out.push([r]);
  }
  return out;
}

/** Replays the promotions on the period's paid orders. */
export async function replay(
  db: Kysely<DB>,
  shop: Shop,
  input: ReplayInput,
  pageSize = 500,
): Promise<ReplayResult> {
  const rows: PromotionRow[] = input.campaignId
    ? await listPromotions(db, shop.id, { campaignId: input.campaignId })
    : await listPromotions(db, shop.id, { ids: input.promotionIds! });
  if (rows.length === 0)
    throw new AppError(
      "invalid_input",
      "没有可回放的促销",
      "No promotions to replay",
      "promotionIds",
    );
  if (input.promotionIds) {
    const found = new Set(rows.map((r) => r.id));
    const missing = input.promotionIds.find((i) => !found.has(i));
    if (missing !== undefined)
      throw new AppError(
        "invalid_input",
        `促销 ${missing} 不存在`,
        `Promotion ${missing} not found`,
        "promotionIds",
      );
  }
  // The set is treated as live over the whole period: windows are dropped.
  const promos = rows
    .filter((r) => input.couponsHeld || !r.is_coupon)
    .map((r) => toEngine(r, { start: null, end: null }));
  const byEngine = new Map(rows.map((r) => [engineId(r.id), r]));
  const tz = shop.time_zone;
  const from = zonedTimeToUtc(input.from, tz);
  const to = zonedTimeToUtc(addDays(input.to, 1), tz);

  const stockLeft: Record<string, number> = {};
  const budgetLeftFen: Record<string, number> = {};
  for (const r of rows) {
    if (r.stock_limit !== null) stockLeft[engineId(r.id)] = r.stock_limit;
    if (r.budget_fen !== null) budgetLeftFen[engineId(r.id)] = r.budget_fen;
  }
  const customerUsed = new Map<string, number>();

  const totals = zero();
  const skus = new Map<string, ReplaySku>();
  const applied = new Map<string, { orders: number; discountFen: number }>();
  const reached = new Map<string, number>();
  let orders = 0;
  let after = 0;
  for (;;) {
    const page = await replayPage(db, shop.id, from, to, after, pageSize);
    if (page.length === 0) break;
    for (const lines of group(page)) {
      const head = lines[0]!;
      after = head.order_id;
      orders += 1;
      const cust = head.customer_id;
      const customerUsedQty: Record<string, number> = {};
      if (cust !== null)
        for (const p of promos) {
          const u = customerUsed.get(`${p.id}:${cust}`);
          if (u) customerUsedQty[p.id] = u;
        }
      const state: PromoState = {
        stockLeft: { ...stockLeft },
        budgetLeftFen: { ...budgetLeftFen },
        customerUsedQty,
      };
      const qi: QuoteInput = {
        now: new Date(head.paid_at).toISOString(),
        customer: {
          member: head.is_member ?? false,
          newCustomer:
            head.first_paid_at !== null && new Date(head.first_paid_at) >= new Date(head.paid_at),
          tags: head.tags ?? [],
        },
        lines: lines.map((l) => ({
          sku: l.sku_code,
          ...(l.category ? { categoryId: l.category } : {}),
          listPriceFen: l.unit_price_fen,
          qty: l.quantity,
        })),
        promotions: promos,
        state,
        shippingFeeFen: 0,
        otherShopsAmountFen: 0,
        redPacketFen: 0,
        settings: { thresholdBasis: "afterItemLevel", feeRateBp: 0, giftOnRefund: "return" },
      };
      const r = quote(qi);
      if (r.status !== "ok") {
        // A refusing limit: the order is counted at list price.
        for (const l of lines) {
          const cost = (l.cost_fen ?? 0) * l.quantity;
          const list = l.unit_price_fen * l.quantity;
          const f = {
            ...zero(),
            units: l.quantity,
            listFen: list,
            payableFen: list,
            merchantNetFen: list,
            costFen: cost,
            marginFen: list - cost,
          };
          add(totals, f);
          add(skuOf(skus, l.sku_code), f);
        }
        continue;
      }
      r.lines.forEach((pl, i) => {
        const src = lines[i]!;
        const cost = (src.cost_fen ?? 0) * pl.qty;
        const f: ReplayFigures = {
          units: pl.qty,
          listFen: pl.listAmountFen,
          discountFen: pl.listAmountFen - pl.payableFen,
          payableFen: pl.payableFen,
          platformFundedFen: pl.platformFundedFen,
          giftCostFen: pl.giftCostFen,
          merchantNetFen: pl.merchantNetFen,
          costFen: cost,
          marginFen: pl.merchantNetFen - cost,
        };
        add(totals, f);
        add(skuOf(skus, pl.sku), f);
      });
      for (const a of r.applied) {
        const s = applied.get(a.promoId) ?? { orders: 0, discountFen: 0 };
        s.orders += 1;
        s.discountFen += a.discountFen;
        applied.set(a.promoId, s);
        for (const t of thresholdsOf(a.rule))
          if (a.basisFen >= t)
            reached.set(`${a.promoId}:${t}`, (reached.get(`${a.promoId}:${t}`) ?? 0) + 1);
        if (budgetLeftFen[a.promoId] !== undefined)
          budgetLeftFen[a.promoId] = Math.max(0, budgetLeftFen[a.promoId]! - a.discountFen);
        if (a.level === "item") {
          let units = 0;
          for (const l of r.lines)
            for (const s2 of l.shares)
              if (s2.promoId === a.promoId) {
                const u = unitPriceOf(a.rule, l.sku, l.listPriceFen);
                if (u !== undefined && u < l.listPriceFen)
                  units += Math.round(s2.amountFen / (l.listPriceFen - u));
              }
          if (stockLeft[a.promoId] !== undefined)
            stockLeft[a.promoId] = Math.max(0, stockLeft[a.promoId]! - units);
          if (cust !== null) {
            const k = `${a.promoId}:${cust}`;
            customerUsed.set(k, (customerUsed.get(k) ?? 0) + units);
          }
        }
      }
    }
  }

  const thresholds: ReplayThreshold[] = [];
  for (const p of promos) {
    const row = byEngine.get(p.id)!;
    for (const t of thresholdsOf(p)) {
      const n = reached.get(`${p.id}:${t}`) ?? 0;
      thresholds.push({
        promotionId: row.id,
        name: row.name,
        kind: row.kind,
        thresholdFen: t,
        orders: n,
        share: orders === 0 ? 0 : Math.round((n / orders) * 10_000) / 10_000,
      });
    }
  }
  return {
    from: input.from,
    to: input.to,
    promotionIds: rows.map((r) => r.id),
    orders,
    totals,
    skus: [...skus.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0)),
    promotions: promos.map((p) => {
      const row = byEngine.get(p.id)!;
      const s = applied.get(p.id) ?? { orders: 0, discountFen: 0 };
      return { promotionId: row.id, name: row.name, kind: row.kind, ...s };
    }),
    thresholds,
  };
}

function add(into: ReplayFigures, f: ReplayFigures): void {
  for (const k of Object.keys(f) as (keyof ReplayFigures)[]) into[k] += f[k];
}

function skuOf(m: Map<string, ReplaySku>, sku: string): ReplaySku {
  let s = m.get(sku);
  if (!s) {
    s = { sku, ...zero() };
    m.set(sku, s);
  }
  return s;
}

const figureColumns: [keyof ReplayFigures, string][] = [
  ["units", "件数 units"],
  ["listFen", "原价(分) list fen"],
  ["discountFen", "优惠(分) discount fen"],
  ["payableFen", "实付(分) payable fen"],
  ["platformFundedFen", "平台承担(分) platform-funded fen"],
  ["giftCostFen", "赠品成本(分) gift cost fen"],
  ["merchantNetFen", "商家净收入(分) merchant net fen"],
  ["costFen", "成本(分) cost fen"],
  ["marginFen", "毛利(分) margin fen"],
];

/** The replay's SKU table with a total row, as rows of cells (header first). */
export function replayTable(r: ReplayResult): (string | number)[][] {
  const out: (string | number)[][] = [["SKU", ...figureColumns.map((c) => c[1])]];
  for (const s of r.skus) out.push([s.sku, ...figureColumns.map(([k]) => s[k])]);
  out.push(["合计 total", ...figureColumns.map(([k]) => r.totals[k])]);
  return out;
}

/** The threshold table as rows of cells (header first). */
export function thresholdTable(r: ReplayResult): (string | number)[][] {
  const out: (string | number)[][] = [
    [
      "促销ID promotion id",
      "名称 name",
      "玩法 kind",
      "门槛(分) threshold fen",
      "订单数 orders",
      "占比 share",
    ],
  ];
  for (const t of r.thresholds)
    out.push([t.promotionId, t.name, t.kind, t.thresholdFen, t.orders, t.share]);
  return out;
}

function csvCell(v: string | number): string {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV (UTF-8 with BOM): the SKU table, a blank line, the threshold table. */
export function replayCsv(r: ReplayResult): string {
  const rows = [...replayTable(r), [], ...thresholdTable(r)];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** XLSX with two sheets: SKUs (with total) and thresholds. */
export async function replayXlsx(r: ReplayResult): Promise<Uint8Array> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.Workbook();
  const a = wb.addWorksheet("skus");
  for (const row of replayTable(r)) a.addRow(row);
  const b = wb.addWorksheet("thresholds");
  for (const row of thresholdTable(r)) b.addRow(row);
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
