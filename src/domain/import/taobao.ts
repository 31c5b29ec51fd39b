/**
 * Taobao/Tmall seller-center exports: 订单报表 (one record per order) and 宝贝报表 (one
 * record per order line). Columns are found by trimmed header name, never by position;
 * unknown columns are ignored, so the 46-, 56- and 61-column versions all work.
 */
import { parseYuanToFen } from "./money.ts";
import {
  type DraftLine,
  finishLines,
  type ImportLine,
  type ImportOrder,
  type ImportOrderStatus,
  PAID_STATUSES,
} from "./order.ts";
import { type ImportProblem, type ProblemCode, problem } from "./problems.ts";
import { splitAddress, textOrNull, unguard } from "./text.ts";
import { parseLocalTime } from "./time.ts";

/** 订单报表 column names this importer reads (after trimming). */
export const TAOBAO_ORDER_COLUMNS = {
  orderNo: "订单编号",
  buyer: "买家会员名",
  goods: "买家应付货款",
  shipping: "买家应付邮费",
  shippingAlt: "邮费",
  total: "总金额",
  paid: "买家实际支付金额",
  status: "订单状态",
  message: "买家留言",
  receiver: "收货人姓名",
  address: "收货地址",
  phone: "联系电话",
  mobile: "联系手机",
  createdAt: "订单创建时间",
  paidAt: "订单付款时间",
  title: "宝贝标题",
  kinds: "宝贝种类",
  trackingNo: "物流单号",
  carrier: "物流公司",
  quantity: "宝贝总数量",
  refund: "退款金额",
  shippedAt: "发货时间",
  confirmedAt: "确认收货时间",
} as const;

/** 宝贝报表 column names this importer reads. */
export const TAOBAO_DETAIL_COLUMNS = {
  orderNo: "订单编号",
  title: "标题",
  price: "价格",
  quantity: "购买数量",
  outerId: "外部系统编号",
  attributes: "商品属性",
  skuCode: "商家编码",
} as const;

/** 订单状态 text → Dacu status (before the refund rule for closed orders). */
export const TAOBAO_STATUS: Readonly<Record<string, ImportOrderStatus>> = {
  等待买家付款: "created",
  "买家已付款，等待卖家发货": "paid",
  "卖家已发货，等待买家确认": "shipped",
  买家已签收: "signed",
  交易成功: "completed",
  交易关闭: "closed",
  交易被淘宝关闭: "closed",
  没有创建支付宝交易: "closed",
};

/** Dacu status → 订单状态 text, for exports. */
export const TAOBAO_STATUS_TEXT: Readonly<Record<ImportOrderStatus, string>> = {
  created: "等待买家付款",
  paid: "买家已付款，等待卖家发货",
  shipped: "卖家已发货，等待买家确认",
  signed: "买家已签收",
  completed: "交易成功",
  refunding: "卖家已发货，等待买家确认",
  refunded: "交易关闭",
  closed: "交易关闭",
};

/** Normalizes a status text: half-width comma and stray spaces tolerated. */
function normalizeStatus(s: string): string {
  return s.trim().replace(/,/g, "，").replace(/\s+/g, "");
}

export type MapResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: ImportProblem[] };

/** A detail (宝贝报表) line keyed by its order number. */
export interface TaobaoDetailLine {
  readonly orderNo: string;
  readonly line: DraftLine;
}

export interface TaobaoOptions {
  /** The shop's IANA time zone (default Asia/Shanghai). */
  readonly timeZone: string;
}

/** Problems with the header itself (missing required columns), at row 0. */
export interface HeaderCheck {
  readonly problems: ImportProblem[];
}

/** Taobao/Tmall order numbers: 16–19 digits. */
const TAOBAO_ORDER_NO = /^\d{16,19}$/;
/** Order numbers of other sources re-exported in this layout: letters, digits, `-`, `_`. */
const OTHER_ORDER_NO = /^(?=.*[A-Za-z_-])[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * True for a usable order number: 16–19 digits, or (for orders of other sources exported in
 * this layout) a code with at least one letter, `-` or `_`. All-digit numbers of another
 * length and Excel's scientific notation (`3.51531E+16`) are refused.
 */
export function isTaobaoOrderNo(value: string): boolean {
  return (
    TAOBAO_ORDER_NO.test(value) ||
    (OTHER_ORDER_NO.test(value) && !/^\d+(\.\d+)?E\+?\d+$/i.test(value))
  );
}

/** Cleans an order number cell; returns the digits or null with the reason. */
export function cleanTaobaoOrderNo(raw: string): string {
  return unguard(raw);
}

function moneyCode(reason: "invalid" | "negative" | "precision" | "too_large"): ProblemCode {
  return reason === "negative"
    ? "money_negative"
    : reason === "precision"
      ? "money_precision"
      : reason === "too_large"
        ? "money_too_large"
        : "money_invalid";
}

/** Index of each wanted column in a header, by trimmed name. */
function indexHeader(header: readonly string[]): Map<string, number> {
  const map = new Map<string, number>();
  header.forEach((h, i) => {
    const name = h.replace(/^\uFEFF/, "").trim();
    if (!map.has(name)) map.set(name, i);
  });
  return map;
}

/**
 * Prepares a mapper for 订单报表 records with this header. The mapper turns one record
 * (its field values, in header order; extra trailing fields ignored) into an order, or lists
 * every problem found in it. Lines: one from 宝贝标题 / 宝贝总数量; `attachTaobaoDetails`
 * replaces them with 宝贝报表 lines.
 */
export function createTaobaoOrderMapper(
  header: readonly string[],
  options: TaobaoOptions,
): {
  header: HeaderCheck;
  map: (values: readonly string[], row: number) => MapResult<ImportOrder>;
} {
  const C = TAOBAO_ORDER_COLUMNS;
  const idx = indexHeader(header);
  const missing: ImportProblem[] = [];
  for (const name of [C.orderNo, C.status, C.createdAt, C.paid]) {
    if (!idx.has(name)) missing.push(problem(0, name, "missing_column"));
  }
  if (!idx.has(C.total) && !idx.has(C.goods)) missing.push(problem(0, C.total, "missing_column"));
  const col = (name: string) => idx.get(name) ?? -1;
  const iOrderNo = col(C.orderNo);
  const iBuyer = col(C.buyer);
  const iGoods = col(C.goods);
  const iShip = idx.has(C.shipping) ? col(C.shipping) : col(C.shippingAlt);
  const shipName = idx.has(C.shipping) ? C.shipping : C.shippingAlt;
  const iTotal = col(C.total);
  const iPaid = col(C.paid);
  const iStatus = col(C.status);
  const iMessage = col(C.message);
  const iReceiver = col(C.receiver);
  const iAddress = col(C.address);
  const iPhone = col(C.phone);
  const iMobile = col(C.mobile);
  const iCreated = col(C.createdAt);
  const iPaidAt = col(C.paidAt);
  const iTitle = col(C.title);
  const iTracking = col(C.trackingNo);
  const iCarrier = col(C.carrier);
  const iQty = col(C.quantity);
  const iRefund = col(C.refund);
  const iShippedAt = col(C.shippedAt);
  const iConfirmedAt = col(C.confirmedAt);
  const tz = options.timeZone;

  // per-record state, set by `map`; helpers are created once per file, not per record
  let values: readonly string[] = [];
  let row = 0;
  let problems: ImportProblem[] = [];
  const get = (i: number): string => (i >= 0 ? (values[i] ?? "") : "");
  const money = (i: number, name: string, required: boolean): number => {
    const raw = get(i);
    if (i < 0 || unguard(raw) === "") {
      if (required) problems.push(problem(row, name, "required"));
      return 0;
    }
    const r = parseYuanToFen(raw);
    if (r.ok) return r.fen;
    problems.push(problem(row, name, moneyCode(r.reason), raw));
    return 0;
  };
  const time = (i: number, name: string, required: boolean): number | null => {
    const raw = get(i).trim();
    if (raw === "") {
      if (required) problems.push(problem(row, name, "required"));
      return null;
    }
    const t = parseLocalTime(raw, tz);
    if (t === null) problems.push(problem(row, name, "time_invalid", raw));
    return t;
  };

  function map(recordValues: readonly string[], recordRow: number): MapResult<ImportOrder> {
    values = recordValues;
    row = recordRow;
    problems = [];
    const orderNo = unguard(get(iOrderNo));
    if (orderNo === "") problems.push(problem(row, C.orderNo, "required"));
    else if (!isTaobaoOrderNo(orderNo))
      problems.push(
        problem(row, C.orderNo, "order_no_invalid", get(iOrderNo), "16–19 位数字 / 16–19 digits"),
      );

    const statusText = normalizeStatus(get(iStatus));
    let status = TAOBAO_STATUS[statusText];
    if (!status)
      problems.push(
        problem(row, C.status, statusText === "" ? "required" : "status_unknown", get(iStatus)),
      );

    const createdAt = time(iCreated, C.createdAt, true);
    const paidAt = time(iPaidAt, C.paidAt, false);
    const shippedAt = time(iShippedAt, C.shippedAt, false);
    const confirmedAt = time(iConfirmedAt, C.confirmedAt, false);

    const shippingFen = money(iShip, shipName, false);
    const goods = iGoods >= 0 ? money(iGoods, C.goods, false) : null;
    const payableFen = iTotal >= 0 ? money(iTotal, C.total, true) : (goods ?? 0) + shippingFen;
    const paidFen = money(iPaid, C.paid, false);
    const refundFen = money(iRefund, C.refund, false);
    if (refundFen > paidFen && problems.length === 0)
      problems.push(
        problem(row, C.refund, "refund_exceeds_paid", get(iRefund), `(${get(iPaid).trim()})`),
      );

    if (status && PAID_STATUSES.has(status) && paidAt === null && get(iPaidAt).trim() === "")
      problems.push(problem(row, C.paidAt, "paid_at_missing", statusText));
    if (status === "closed" && refundFen > 0 && refundFen === paidFen) status = "refunded";

    let quantity = 1;
    const qtyRaw = unguard(get(iQty));
    if (qtyRaw !== "") {
      if (/^\d{1,9}$/.test(qtyRaw) && Number(qtyRaw) > 0) quantity = Number(qtyRaw);
      else problems.push(problem(row, C.quantity, "quantity_invalid", get(iQty)));
    }

    if (problems.length > 0) return { ok: false, problems };

    const goodsPayable = Math.max(0, payableFen - shippingFen);
    const goodsFen = goods ?? goodsPayable;
    const title = get(iTitle).trim() || orderNo;
    const lines = finishLines(
      [
        {
          skuCode: null,
          title,
          spec: null,
          unitPriceFen: Math.round(goodsFen / quantity),
          quantity,
          listFen: goodsFen,
        },
      ],
      goodsPayable,
    );
    const addr = splitAddress(get(iAddress));
    const phone = unguard(get(iMobile)) || unguard(get(iPhone));
    const listFen = goodsFen;
    return {
      ok: true,
      value: {
        orderNo,
        buyer: textOrNull(get(iBuyer)),
        status: status!,
        createdAt: createdAt!,
        paidAt,
        shippedAt,
        completedAt: status === "completed" ? confirmedAt : null,
        closedAt: null,
        listFen,
        discountFen: Math.max(0, listFen + shippingFen - payableFen),
        shippingFen,
        payableFen,
        paidFen,
        refundFen,
        carrier: textOrNull(get(iCarrier)),
        trackingNo: textOrNull(unguard(get(iTracking))),
        receiverName: textOrNull(get(iReceiver)),
        receiverPhone: phone === "" ? null : phone,
        province: addr.province,
        city: addr.city,
        district: addr.district,
        address: addr.address,
        buyerMessage: textOrNull(get(iMessage)),
        lines,
      },
    };
  }
  return { header: { problems: missing }, map };
}

/**
 * Prepares a mapper for 宝贝报表 records. Data rows carry one trailing empty field more than
 * the header; it is ignored.
 */
export function createTaobaoDetailMapper(header: readonly string[]): {
  header: HeaderCheck;
  map: (values: readonly string[], row: number) => MapResult<TaobaoDetailLine>;
} {
  const C = TAOBAO_DETAIL_COLUMNS;
  const idx = indexHeader(header);
  const missing: ImportProblem[] = [];
  for (const name of [C.orderNo, C.title, C.price, C.quantity]) {
    if (!idx.has(name)) missing.push({ ...problem(0, name, "missing_column"), file: "details" });
  }
  const col = (name: string) => idx.get(name) ?? -1;
  const iOrderNo = col(C.orderNo);
  const iTitle = col(C.title);
  const iPrice = col(C.price);
  const iQty = col(C.quantity);
  const iOuter = col(C.outerId);
  const iAttr = col(C.attributes);
  const iSku = col(C.skuCode);

  function map(values: readonly string[], row: number): MapResult<TaobaoDetailLine> {
    const problems: ImportProblem[] = [];
    const get = (i: number): string => (i >= 0 ? (values[i] ?? "") : "");
    const add = (p: ImportProblem) => problems.push({ ...p, file: "details" });
    const orderNo = unguard(get(iOrderNo));
    if (orderNo === "") add(problem(row, C.orderNo, "required"));
    else if (!isTaobaoOrderNo(orderNo))
      add(
        problem(row, C.orderNo, "order_no_invalid", get(iOrderNo), "16–19 位数字 / 16–19 digits"),
      );
    const title = get(iTitle).trim();
    if (title === "") add(problem(row, C.title, "required"));
    let price = 0;
    const priceRaw = get(iPrice);
    if (unguard(priceRaw) === "") add(problem(row, C.price, "required"));
    else {
      const r = parseYuanToFen(priceRaw);
      if (r.ok) price = r.fen;
      else add(problem(row, C.price, moneyCode(r.reason), priceRaw));
    }
    const qtyRaw = unguard(get(iQty));
    const quantity = Number(qtyRaw);
    if (!/^\d{1,9}$/.test(qtyRaw) || quantity <= 0)
      add(problem(row, C.quantity, "quantity_invalid", get(iQty)));
    if (problems.length > 0) return { ok: false, problems };
    const sku = unguard(get(iSku)) || unguard(get(iOuter));
    return {
      ok: true,
      value: {
        orderNo,
        line: {
          skuCode: sku === "" ? null : sku,
          title,
          spec: textOrNull(get(iAttr)),
          unitPriceFen: price,
          quantity,
        },
      },
    };
  }
  return { header: { problems: missing }, map };
}

/**
 * Replaces an order's single summary line with its 宝贝报表 lines, spreading the order's
 * goods payable (总金额 − 邮费) over them. Orders without detail lines keep their line.
 */
export function attachTaobaoDetails(
  order: ImportOrder,
  details: readonly DraftLine[],
): ImportOrder {
  if (details.length === 0) return order;
  const goodsPayable = Math.max(0, order.payableFen - order.shippingFen);
  const lines: ImportLine[] = finishLines(details, goodsPayable);
  const listFen = lines.reduce((s, l) => s + l.listFen, 0);
  return {
    ...order,
    lines,
    listFen,
    discountFen: Math.max(0, listFen + order.shippingFen - order.payableFen),
  };
}

/**
 * Maps one 订单报表 record given as header → value (a convenience over
 * `createTaobaoOrderMapper` for single records).
 */
export function mapTaobaoOrderRecord(
  record: Readonly<Record<string, string>>,
  row: number,
  options: TaobaoOptions = { timeZone: "Asia/Shanghai" },
): MapResult<ImportOrder> {
  const header = Object.keys(record);
  const mapper = createTaobaoOrderMapper(header, options);
  if (mapper.header.problems.length > 0) return { ok: false, problems: mapper.header.problems };
  return mapper.map(
    header.map((h) => record[h] ?? ""),
    row,
  );
}
