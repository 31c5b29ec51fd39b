/**
 * Generic CSV/XLSX orders: any header, mapped to Dacu fields by a column mapping saved per
 * shop. One record per order line; consecutive records with the same order number form one
 * order (its order-level fields are read from the first of them).
 */
import { z } from "zod";
import { type MoneyParse, parseFen, parseYuanToFen } from "./money.ts";
import {
  type DraftLine,
  finishLines,
  type ImportOrder,
  type ImportOrderStatus,
  ORDER_STATUSES,
  PAID_STATUSES,
} from "./order.ts";
import { type ImportProblem, problem } from "./problems.ts";
import type { MapResult } from "./taobao.ts";
import { TAOBAO_STATUS } from "./taobao.ts";
import { textOrNull, unguard } from "./text.ts";
import { parseLocalTime } from "./time.ts";

/** Dacu fields a generic file can map, with whether they are order- or line-level. */
export const GENERIC_FIELDS = {
  order_no: "order",
  buyer: "order",
  status: "order",
  created_at: "order",
  paid_at: "order",
  shipped_at: "order",
  completed_at: "order",
  closed_at: "order",
  shipping: "order",
  payable_amount: "order",
  paid_amount: "order",
  refund_amount: "order",
  receiver_name: "order",
  receiver_phone: "order",
  province: "order",
  city: "order",
  district: "order",
  address: "order",
  carrier: "order",
  tracking_no: "order",
  buyer_message: "order",
  sku_code: "line",
  title: "line",
  spec: "line",
  quantity: "line",
  unit_price: "line",
  line_amount: "line",
} as const;

export type GenericField = keyof typeof GENERIC_FIELDS;

const fieldNames = Object.keys(GENERIC_FIELDS) as [GenericField, ...GenericField[]];

/** The mapping JSON saved in `import_mappings.mapping`. */
export const genericMappingSchema = z.strictObject({
  /** Dacu field → the file's header name. */
  columns: z.partialRecord(z.enum(fieldNames), z.string().min(1)),
  /** Unit of every amount column (default yuan). */
  money: z.enum(["yuan", "fen"]).default("yuan"),
  /** Extra status words of the file → Dacu status. */
  statuses: z
    .record(z.string(), z.enum(ORDER_STATUSES as [ImportOrderStatus, ...ImportOrderStatus[]]))
    .default({}),
});

export type GenericMapping = z.infer<typeof genericMappingSchema>;
export type GenericMappingInput = z.input<typeof genericMappingSchema>;

/** The mapping used when none is named: headers are the Dacu field names themselves. */
export const IDENTITY_MAPPING: GenericMapping = {
  columns: Object.fromEntries(fieldNames.map((f) => [f, f])),
  money: "yuan",
  statuses: {},
};

const REQUIRED: readonly GenericField[] = ["order_no", "created_at"];

/** One parsed record: order-level values plus one line. */
export interface GenericRecord {
  readonly row: number;
  readonly orderNo: string;
  readonly order: Omit<
    ImportOrder,
    "lines" | "listFen" | "discountFen" | "payableFen" | "paidFen"
  > & {
    readonly payableFen: number | null;
    readonly paidFen: number | null;
  };
  readonly line: DraftLine & { readonly lineAmountFen: number | null };
}

/**
 * Prepares a mapper for a generic file with this header and mapping. Records that map are
 * grouped into orders with `GenericOrderAssembler`.
 */
export function createGenericMapper(
  header: readonly string[],
  mapping: GenericMapping,
  options: { timeZone: string },
): {
  problems: ImportProblem[];
  map: (values: readonly string[], row: number) => MapResult<GenericRecord>;
} {
  const idx = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.replace(/^\uFEFF/, "").trim();
    if (!idx.has(name)) idx.set(name, i);
  });
  const problems: ImportProblem[] = [];
  const at: Partial<Record<GenericField, number>> = {};
  const label: Partial<Record<GenericField, string>> = {};
  for (const f of fieldNames) {
    const h = mapping.columns[f];
    if (h === undefined) continue;
    const i = idx.get(h.trim());
    if (i !== undefined) {
      at[f] = i;
      label[f] = h.trim();
    }
  }
  for (const f of REQUIRED) {
    if (at[f] === undefined) problems.push(problem(0, mapping.columns[f] ?? f, "missing_column"));
  }
  const statusWords: Record<string, ImportOrderStatus> = { ...mapping.statuses };
  const parseMoney = mapping.money === "fen" ? parseFen : parseYuanToFen;
  const tz = options.timeZone;

  function map(values: readonly string[], row: number): MapResult<GenericRecord> {
    const out: ImportProblem[] = [];
    const raw = (f: GenericField): string => {
      const i = at[f];
      return i === undefined ? "" : (values[i] ?? "");
    };
    const name = (f: GenericField) => label[f] ?? f;
    const text = (f: GenericField) => textOrNull(raw(f));
    const money = (f: GenericField): number | null => {
      const v = raw(f);
      if (unguard(v) === "") return null;
      const r: MoneyParse = parseMoney(v);
      if (r.ok) return r.fen;
      out.push(
        problem(
          row,
          name(f),
          r.reason === "negative"
            ? "money_negative"
            : r.reason === "precision"
              ? "money_precision"
              : r.reason === "too_large"
                ? "money_too_large"
                : "money_invalid",
          v,
        ),
      );
      return null;
    };
    const time = (f: GenericField): number | null => {
      const v = raw(f).trim();
      if (v === "") return null;
      const t = parseLocalTime(v, tz);
      if (t === null) out.push(problem(row, name(f), "time_invalid", v));
      return t;
    };

    const orderNo = unguard(raw("order_no"));
    if (orderNo === "") out.push(problem(row, name("order_no"), "required"));
    else if (orderNo.length > 64 || /\s/.test(orderNo))
      out.push(
        problem(
          row,
          name("order_no"),
          "order_no_invalid",
          orderNo,
          "最多 64 个字符且不含空格 / at most 64 characters, no spaces",
        ),
      );
    const createdAt = time("created_at");
    if (createdAt === null && raw("created_at").trim() === "")
      out.push(problem(row, name("created_at"), "required"));
    const paidAt = time("paid_at");
    const shippedAt = time("shipped_at");
    const completedAt = time("completed_at");
    const closedAt = time("closed_at");

    let status: ImportOrderStatus | undefined;
    const statusRaw = raw("status").trim();
    if (statusRaw === "") status = paidAt !== null ? "paid" : "created";
    else {
      status =
        statusWords[statusRaw] ??
        ((ORDER_STATUSES as readonly string[]).find((s) => s === statusRaw.toLowerCase()) as
          | ImportOrderStatus
          | undefined) ??
        TAOBAO_STATUS[statusRaw.replace(/,/g, "，").replace(/\s+/g, "")];
      if (!status) out.push(problem(row, name("status"), "status_unknown", statusRaw));
    }
    if (status && PAID_STATUSES.has(status) && paidAt === null && raw("paid_at").trim() === "")
      out.push(problem(row, name("paid_at"), "paid_at_missing", statusRaw || status));

    const shippingFen = money("shipping") ?? 0;
    const payableFen = money("payable_amount");
    const paidFen = money("paid_amount");
    const refundFen = money("refund_amount") ?? 0;
    const unitPrice = money("unit_price");
    const lineAmount = money("line_amount");
    let quantity = 1;
    const q = unguard(raw("quantity"));
    if (q !== "") {
      if (/^\d{1,9}$/.test(q) && Number(q) > 0) quantity = Number(q);
      else out.push(problem(row, name("quantity"), "quantity_invalid", raw("quantity")));
    }
    if (out.length > 0) return { ok: false, problems: out };
    const title = text("title") ?? text("sku_code") ?? orderNo;
    const unitPriceFen = unitPrice ?? (lineAmount !== null ? Math.round(lineAmount / quantity) : 0);
    return {
      ok: true,
      value: {
        row,
        orderNo,
        order: {
          orderNo,
          buyer: text("buyer"),
          status: status!,
          createdAt: createdAt!,
          paidAt,
          shippedAt,
          completedAt,
          closedAt,
          shippingFen,
          payableFen,
          paidFen,
          refundFen,
          carrier: text("carrier"),
          trackingNo: textOrNull(unguard(raw("tracking_no"))),
          receiverName: text("receiver_name"),
          receiverPhone: textOrNull(unguard(raw("receiver_phone"))),
          province: text("province"),
          city: text("city"),
          district: text("district"),
          address: text("address"),
          buyerMessage: text("buyer_message"),
        },
        line: {
          skuCode: textOrNull(unguard(raw("sku_code"))),
          title,
          spec: text("spec"),
          unitPriceFen,
          quantity,
          lineAmountFen: lineAmount,
          ...(lineAmount !== null ? { listFen: lineAmount } : {}),
        },
      },
    };
  }
  return { problems, map };
}

/**
 * Builds one order from the consecutive records that share an order number. Amounts the file
 * does not give are derived: payable = lines + shipping; paid = payable once paid.
 */
export function assembleGenericOrder(records: readonly GenericRecord[]): MapResult<ImportOrder> {
  const first = records[0]!;
  const o = first.order;
  const drafts = records.map((r) => r.line);
  const listFen = drafts.reduce((s, d) => s + (d.listFen ?? d.unitPriceFen * d.quantity), 0);
  const payableFen = o.payableFen ?? listFen + o.shippingFen;
  const paidFen = o.paidFen ?? (o.paidAt !== null && PAID_STATUSES.has(o.status) ? payableFen : 0);
  if (o.refundFen > paidFen) {
    return {
      ok: false,
      problems: [problem(first.row, "refund_amount", "refund_exceeds_paid", String(o.refundFen))],
    };
  }
  const lines = finishLines(drafts, Math.max(0, payableFen - o.shippingFen));
  let status = o.status;
  if (status === "closed" && o.refundFen > 0 && o.refundFen === paidFen) status = "refunded";
  return {
    ok: true,
    value: {
      ...o,
      status,
      listFen,
      discountFen: Math.max(0, listFen + o.shippingFen - payableFen),
      payableFen,
      paidFen,
      lines,
    },
  };
}
