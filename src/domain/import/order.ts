/**
 * The validated order every import format produces, whatever the source: amounts in integer
 * fen, times as UTC epoch milliseconds, the order number as text.
 */

export type ImportOrderStatus =
  | "created"
  | "paid"
  | "shipped"
  | "signed"
  | "completed"
  | "refunding"
  | "refunded"
  | "closed";

export const ORDER_STATUSES: readonly ImportOrderStatus[] = [
  "created",
  "paid",
  "shipped",
  "signed",
  "completed",
  "refunding",
  "refunded",
  "closed",
];

export interface ImportLine {
  readonly skuCode: string | null;
  readonly title: string;
  readonly spec: string | null;
  readonly unitPriceFen: number;
  readonly quantity: number;
  readonly listFen: number;
  readonly discountFen: number;
  readonly payableFen: number;
}

export interface ImportOrder {
  readonly orderNo: string;
  /** The buyer's id on the platform (买家会员名): the customer's external id. */
  readonly buyer: string | null;
  readonly status: ImportOrderStatus;
  readonly createdAt: number;
  readonly paidAt: number | null;
  readonly shippedAt: number | null;
  readonly completedAt: number | null;
  readonly closedAt: number | null;
  readonly listFen: number;
  readonly discountFen: number;
  readonly shippingFen: number;
  readonly payableFen: number;
  readonly paidFen: number;
  readonly refundFen: number;
  readonly carrier: string | null;
  readonly trackingNo: string | null;
  readonly receiverName: string | null;
  readonly receiverPhone: string | null;
  readonly province: string | null;
  readonly city: string | null;
  readonly district: string | null;
  readonly address: string | null;
  readonly buyerMessage: string | null;
  readonly lines: readonly ImportLine[];
}

/** A line before the order's payable amount is spread over the lines. */
export interface DraftLine {
  readonly skuCode: string | null;
  readonly title: string;
  readonly spec: string | null;
  readonly unitPriceFen: number;
  readonly quantity: number;
  /** Fixed list amount; defaults to unit price × quantity. */
  readonly listFen?: number;
  /** Fixed payable amount; when every line has one, no spreading happens. */
  readonly payableFen?: number;
}

/**
 * Spreads `goodsPayableFen` over the lines in proportion to their list amounts with the
 * largest-remainder method, so the line amounts add up exactly to the order's.
 * @example spreadPayable([{ listFen: 100 }, { listFen: 200 }], 200) // [67, 133]
 */
export function spreadPayable(
  lines: readonly { listFen: number }[],
  goodsPayableFen: number,
): number[] {
  const total = lines.reduce((s, l) => s + l.listFen, 0);
  if (lines.length === 0) return [];
  if (total === 0) {
    // nothing to weigh by: everything on the first line
    return lines.map((_, i) => (i === 0 ? goodsPayableFen : 0));
  }
  const base: number[] = [];
  const rems: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.listFen;
    // exact integer arithmetic while the product stays below 2^53
    let b: number;
    let r: number;
    if (goodsPayableFen * l <= Number.MAX_SAFE_INTEGER) {
      const product = goodsPayableFen * l;
      b = Math.floor(product / total);
      r = product - b * total;
    } else {
      const product = BigInt(goodsPayableFen) * BigInt(l);
      b = Number(product / BigInt(total));
      r = Number(product % BigInt(total));
    }
    base.push(b);
    rems.push({ i, r });
    given += b;
  }
  rems.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < goodsPayableFen - given; k++) base[rems[k % rems.length]!.i]! += 1;
  return base;
}

/** Completes draft lines: list amounts, payable spread, per-line discount. */
export function finishLines(drafts: readonly DraftLine[], goodsPayableFen: number): ImportLine[] {
  const withList = drafts.map((d) => ({ ...d, listFen: d.listFen ?? d.unitPriceFen * d.quantity }));
  const fixed = withList.every((d) => d.payableFen !== undefined);
  const payables = fixed
    ? withList.map((d) => d.payableFen ?? 0)
    : spreadPayable(withList, goodsPayableFen);
  return withList.map((d, i) => {
    const payableFen = payables[i] ?? 0;
    return {
      skuCode: d.skuCode,
      title: d.title,
      spec: d.spec,
      unitPriceFen: d.unitPriceFen,
      quantity: d.quantity,
      listFen: d.listFen,
      discountFen: Math.max(0, d.listFen - payableFen),
      payableFen,
    };
  });
}

/**
 * A fingerprint of everything an import writes for an order (fields and lines). Importing an
 * order whose fingerprint matches the stored one changes nothing.
 */
export function orderFingerprint(o: ImportOrder): string {
  const parts: (string | number | null)[] = [
    o.orderNo,
    o.buyer,
    o.status,
    o.createdAt,
    o.paidAt,
    o.shippedAt,
    o.completedAt,
    o.closedAt,
    o.listFen,
    o.discountFen,
    o.shippingFen,
    o.payableFen,
    o.paidFen,
    o.refundFen,
    o.carrier,
    o.trackingNo,
    o.receiverName,
    o.receiverPhone,
    o.province,
    o.city,
    o.district,
    o.address,
    o.buyerMessage,
  ];
  for (const l of o.lines) {
    parts.push(l.skuCode, l.title, l.spec, l.unitPriceFen, l.quantity, l.listFen, l.payableFen);
  }
  let text = "";
  for (const v of parts) text += `${v === null ? "\u0002" : v}\u0001`;
  return hash64(text);
}

/** A 64-bit non-cryptographic hash (two independent 32-bit lanes) as 16 hex digits. */
export function hash64(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0");
}

/** The statuses that imply the order was paid. */
export const PAID_STATUSES: ReadonlySet<ImportOrderStatus> = new Set([
  "paid",
  "shipped",
  "signed",
  "completed",
  "refunding",
]);
