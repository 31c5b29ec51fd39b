/**
 * Order export: a shop's orders (optionally those created in a date range) as a Taobao-style
 * 订单报表 CSV (UTF-8 with BOM, every value quoted, `="…"` order numbers, yuan with two
 * decimals) with an optional 宝贝报表, or as an XLSX sheet with the same columns. Orders are
 * read in keyset pages and written as they come, so memory stays flat. An export imports
 * back (`format: "taobao"`) with the same orders and amounts.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import type { Kysely } from "kysely";
import {
  type ExportLineRow,
  type ExportOrderRow,
  findShopById,
  pageOrdersForExport,
} from "../../adapters/db/repositories/order-import.ts";
import type { DB } from "../../adapters/db/schema.ts";
import {
  csvLine,
  excelText,
  rowByHeader,
  TAOBAO_DETAIL_HEADER,
  TAOBAO_ORDER_HEADER_61,
} from "../../adapters/import/taobao-csv.ts";
import { formatFenAsYuan } from "../../domain/import/money.ts";
import { TAOBAO_STATUS_TEXT } from "../../domain/import/taobao.ts";
import { formatLocalTime } from "../../domain/import/time.ts";

export type ExportFormat = "taobao" | "xlsx";

export interface ExportOptions {
  readonly shopId: number;
  readonly format: ExportFormat;
  /** Path of the 订单报表 file (CSV or XLSX). */
  readonly out: string;
  /** Path of the 宝贝报表 file (same format), when wanted. */
  readonly detailsOut?: string | undefined;
  /** Orders created at or after this instant. */
  readonly from?: Date | undefined;
  /** Orders created before this instant. */
  readonly to?: Date | undefined;
  readonly pageSize?: number | undefined;
  readonly onProgress?: ((p: { orders: number }) => void) | undefined;
}

export interface ExportResult {
  readonly orders: number;
  readonly lines: number;
  /** Sum of amounts paid (买家实际支付金额) of the exported orders, in fen. */
  readonly paidFen: number;
  readonly files: readonly string[];
  readonly elapsedMs: number;
}

/** The 订单报表 columns of an exported order, by header name. */
export function taobaoOrderCells(
  o: ExportOrderRow,
  lines: readonly ExportLineRow[],
  timeZone: string,
): Record<string, string> {
  const t = (d: Date | null) =>
    d === null ? "" : formatLocalTime(new Date(d).getTime(), timeZone);
  const region = [o.province, o.city, o.district, o.address].filter((p) => p).join(" ");
  return {
    订单编号: excelText(o.order_no),
    买家会员名: o.buyer ?? "",
    买家应付货款: formatFenAsYuan(Math.max(0, o.payable_fen - o.shipping_fen)),
    买家应付邮费: formatFenAsYuan(o.shipping_fen),
    总金额: formatFenAsYuan(o.payable_fen),
    买家实际支付金额: formatFenAsYuan(o.paid_fen),
    订单状态: TAOBAO_STATUS_TEXT[o.status],
    买家留言: o.buyer_message ?? "",
    收货人姓名: o.receiver_name ?? "",
    收货地址: region === "" ? "" : `${region}(000000)`,
    联系手机: o.receiver_phone ? `'${o.receiver_phone}` : "",
    订单创建时间: t(o.created_at),
    订单付款时间: t(o.paid_at),
    宝贝标题: lines.map((l) => l.title).join("，"),
    宝贝种类: String(lines.length),
    物流单号: o.tracking_no ?? "",
    物流公司: o.carrier ?? "",
    宝贝总数量: String(lines.reduce((s, l) => s + l.quantity, 0) || 1),
    订单关闭原因:
      o.status === "refunded" ? "退款" : o.status === "closed" ? "买家未付款" : "订单未关闭",
    买家服务费: "0元",
    退款金额: formatFenAsYuan(o.refund_fen),
    确认收货时间: t(o.completed_at),
    发货时间: t(o.shipped_at),
  };
}

/** The 宝贝报表 columns of one exported line. */
export function taobaoDetailCells(
  orderNo: string,
  l: ExportLineRow,
  status: string,
): Record<string, string> {
  return {
    订单编号: excelText(orderNo),
    标题: l.title,
    价格: formatFenAsYuan(l.unit_price_fen),
    购买数量: String(l.quantity),
    订单状态: status,
    商家编码: l.sku_code ?? "",
  };
}

interface SheetSink {
  rows(rows: string[][], trailingComma?: boolean): Promise<void>;
  close(): Promise<void>;
}

function write(stream: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (err) => {
      if (err) reject(err);
    });
    if (ok) resolve();
    else stream.once("drain", resolve);
  });
}

function csvSink(path: string): SheetSink {
  const stream = createWriteStream(path);
  let started = false;
  return {
    async rows(rows, trailingComma = false) {
      let s = started ? "" : "\uFEFF";
      started = true;
      for (const r of rows) s += csvLine(r, trailingComma);
      await write(stream, s);
    },
    close: () =>
      new Promise((resolve, reject) => {
        stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
      }),
  };
}

async function xlsxSink(
  path: string,
  sheetName: string,
  moneyColumns: ReadonlySet<number>,
): Promise<SheetSink> {
  const ExcelJS = (await import("exceljs")).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet(sheetName);
  let first = true;
  return {
    async rows(rows) {
      for (const r of rows) {
        const values = first
          ? r
          : r.map((v, i) => {
              if (moneyColumns.has(i) && v !== "") return Number(v);
              // the Excel guard is a CSV device: a sheet holds the text itself
              return v.startsWith('="') && v.endsWith('"') ? v.slice(2, -1) : v.replace(/^'/, "");
            });
        first = false;
        ws.addRow(values).commit();
      }
    },
    async close() {
      ws.commit();
      await wb.commit();
    },
  };
}

const ORDER_MONEY = new Set([
  "买家应付货款",
  "买家应付邮费",
  "总金额",
  "买家实际支付金额",
  "退款金额",
]);

/**
 * Exports a shop's orders. CSV files are UTF-8 with a BOM (Excel opens them); XLSX files hold
 * one sheet (订单报表 or 宝贝报表) with amounts as numbers.
 * @example await exportOrders(db, { shopId: 1, format: "taobao", out: "ExportOrderList.csv", detailsOut: "ExportOrderDetailList.csv" })
 */
export async function exportOrders(db: Kysely<DB>, options: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const shop = await findShopById(db, options.shopId);
  if (!shop)
    throw new Error(`店铺 ${options.shopId} 不存在 / shop ${options.shopId} does not exist`);
  const header = TAOBAO_ORDER_HEADER_61;
  const money = new Set(
    header.map((h, i) => (ORDER_MONEY.has(h.trim()) ? i : -1)).filter((i) => i >= 0),
  );
  const orderSink =
    options.format === "xlsx"
      ? await xlsxSink(options.out, "订单报表", money)
      : csvSink(options.out);
  const detailSink = options.detailsOut
    ? options.format === "xlsx"
      ? await xlsxSink(options.detailsOut, "宝贝报表", new Set([2]))
      : csvSink(options.detailsOut)
    : undefined;
  const files = [options.out, ...(options.detailsOut ? [options.detailsOut] : [])];
  let orders = 0;
  let lineCount = 0;
  let paidFen = 0;
  try {
    await orderSink.rows([[...header]]);
    await detailSink?.rows([[...TAOBAO_DETAIL_HEADER]]);
    let after = 0;
    for (;;) {
      const page = await pageOrdersForExport(db, shop.id, after, options.pageSize ?? 2000, {
        from: options.from,
        to: options.to,
      });
      if (page.orders.length === 0) break;
      const byOrder = new Map<number, ExportLineRow[]>();
      for (const l of page.lines) {
        const id = Number(l.order_id);
        let list = byOrder.get(id);
        if (!list) {
          list = [];
          byOrder.set(id, list);
        }
        list.push(l);
      }
      const orderRows: string[][] = [];
      const detailRows: string[][] = [];
      for (const o of page.orders) {
        const lines = byOrder.get(Number(o.id)) ?? [];
        orderRows.push(rowByHeader(header, taobaoOrderCells(o, lines, shop.timeZone)));
        if (detailSink) {
          const status = TAOBAO_STATUS_TEXT[o.status];
          for (const l of lines)
            detailRows.push(
              rowByHeader(TAOBAO_DETAIL_HEADER, taobaoDetailCells(o.order_no, l, status)),
            );
        }
        paidFen += Number(o.paid_fen);
        lineCount += lines.length;
      }
      orders += page.orders.length;
      await orderSink.rows(orderRows);
      if (detailSink && detailRows.length > 0) await detailSink.rows(detailRows, true);
      after = Number(page.orders.at(-1)!.id);
      options.onProgress?.({ orders });
    }
  } finally {
    await orderSink.close();
    await detailSink?.close();
  }
  return {
    orders,
    lines: lineCount,
    paidFen,
    files,
    elapsedMs: Math.round(performance.now() - started),
  };
}
