/**
 * Orders in Dacu's own JSON shape (the HTTP API and `.json` files): amounts in integer fen,
 * times as ISO 8601 instants or shop-local `YYYY-MM-DD HH:mm:ss`.
 */
import { z } from "zod";
import {
  finishLines,
  type ImportOrder,
  type ImportOrderStatus,
  ORDER_STATUSES,
  PAID_STATUSES,
} from "./order.ts";
import { type ImportProblem, problem } from "./problems.ts";
import type { MapResult } from "./taobao.ts";
import { parseLocalTime } from "./time.ts";

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = z.string().trim().max(500);

export const jsonLineSchema = z.strictObject({
  sku_code: z.string().trim().min(1).max(64).nullish(),
  title: z.string().trim().min(1).max(500),
  spec: text.nullish(),
  quantity: z.number().int().positive(),
  unit_price_fen: fen,
  payable_fen: fen.optional(),
});

export const jsonOrderSchema = z.strictObject({
  order_no: z.string().trim().min(1).max(64).regex(/^\S+$/),
  buyer: z.string().trim().min(1).max(128).nullish(),
  status: z.enum(ORDER_STATUSES as [ImportOrderStatus, ...ImportOrderStatus[]]),
  created_at: z.string(),
  paid_at: z.string().nullish(),
  shipped_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  shipping_fen: fen.default(0),
  payable_fen: fen.optional(),
  paid_fen: fen.optional(),
  refund_fen: fen.default(0),
  receiver_name: text.nullish(),
  receiver_phone: text.nullish(),
  province: text.nullish(),
  city: text.nullish(),
  district: text.nullish(),
  address: text.nullish(),
  carrier: text.nullish(),
  tracking_no: text.nullish(),
  buyer_message: z.string().max(2000).nullish(),
  lines: z.array(jsonLineSchema).min(1).max(1000),
});

/** One order in Dacu's JSON shape, as sent by a client. */
export type JsonOrderInput = z.input<typeof jsonOrderSchema>;

/**
 * Validates one JSON order (index `row - 1` of the array) and converts it.
 * @example mapJsonOrder({ order_no: "A1", status: "paid", created_at: "2024-11-11 00:00:00", paid_at: "2024-11-11 00:01:00", lines: [{ title: "T恤", quantity: 1, unit_price_fen: 9900 }] }, 1, "Asia/Shanghai")
 */
export function mapJsonOrder(
  input: unknown,
  row: number,
  timeZone: string,
): MapResult<ImportOrder> {
  const parsed = jsonOrderSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => {
        const path = i.path.join(".") || "(order)";
        const p = problem(row, path, "invalid_value", "", i.message);
        return {
          ...p,
          messageZh: `「${path}」无效：${i.message}`,
          messageEn: `"${path}" is invalid: ${i.message}`,
        };
      }),
    };
  }
  const o = parsed.data;
  const problems: ImportProblem[] = [];
  const time = (v: string | null | undefined, name: string): number | null => {
    if (v === null || v === undefined || v.trim() === "") return null;
    const t = parseLocalTime(v, timeZone);
    if (t === null) problems.push(problem(row, name, "time_invalid", v));
    return t;
  };
  const createdAt = time(o.created_at, "created_at");
  if (createdAt === null && o.created_at.trim() === "")
    problems.push(problem(row, "created_at", "required"));
  const paidAt = time(o.paid_at, "paid_at");
  const shippedAt = time(o.shipped_at, "shipped_at");
  const completedAt = time(o.completed_at, "completed_at");
  const closedAt = time(o.closed_at, "closed_at");
  if (PAID_STATUSES.has(o.status) && paidAt === null && !o.paid_at)
    problems.push(problem(row, "paid_at", "paid_at_missing", o.status));
  const drafts = o.lines.map((l) => ({
    skuCode: l.sku_code ?? null,
    title: l.title,
    spec: l.spec ?? null,
    unitPriceFen: l.unit_price_fen,
    quantity: l.quantity,
    ...(l.payable_fen !== undefined ? { payableFen: l.payable_fen } : {}),
  }));
  const listFen = drafts.reduce((s, d) => s + d.unitPriceFen * d.quantity, 0);
  const payableFen = o.payable_fen ?? listFen + o.shipping_fen;
  const paidFen = o.paid_fen ?? (paidAt !== null && PAID_STATUSES.has(o.status) ? payableFen : 0);
  if (o.refund_fen > paidFen)
    problems.push(problem(row, "refund_fen", "refund_exceeds_paid", String(o.refund_fen)));
  if (problems.length > 0) return { ok: false, problems };
  const lines = finishLines(drafts, Math.max(0, payableFen - o.shipping_fen));
  let status = o.status;
  if (status === "closed" && o.refund_fen > 0 && o.refund_fen === paidFen) status = "refunded";
  return {
    ok: true,
    value: {
      orderNo: o.order_no,
      buyer: o.buyer ?? null,
      status,
      createdAt: createdAt!,
      paidAt,
      shippedAt,
      completedAt,
      closedAt,
      listFen,
      discountFen: Math.max(0, listFen + o.shipping_fen - payableFen),
      shippingFen: o.shipping_fen,
      payableFen,
      paidFen,
      refundFen: o.refund_fen,
      carrier: o.carrier ?? null,
      trackingNo: o.tracking_no ?? null,
      receiverName: o.receiver_name ?? null,
      receiverPhone: o.receiver_phone ?? null,
      province: o.province ?? null,
      city: o.city ?? null,
      district: o.district ?? null,
      address: o.address ?? null,
      buyerMessage: o.buyer_message ?? null,
      lines,
    },
  };
}
