/**
 * Plain records produced by the demo generator. Times are UTC epoch milliseconds (whole
 * seconds); money is integer fen. Records refer to each other by `ref` (a 0-based index
 * within their kind), which the loader maps to database ids.
 */
import type { CategoryCode } from "./data.ts";

export type DemoConsentChannel = "sms" | "email" | "phone";
export type DemoOrderStatus =
  | "created"
  | "paid"
  | "shipped"
  | "signed"
  | "completed"
  | "refunding"
  | "refunded"
  | "closed";
export type DemoLogisticsKind =
  | "collected"
  | "shipped"
  | "in_transit"
  | "arrived_city"
  | "delivering"
  | "signed"
  | "exception";
export type DemoAfterSaleKind =
  | "refund_only"
  | "return_refund"
  | "exchange"
  | "reship"
  | "compensation";
export type DemoAfterSaleStatus = "requested" | "approved" | "rejected" | "completed" | "closed";

/** What to generate. */
export interface DemoOptions {
  /** Any 32-bit integer; the same seed and `now` give the same shop. */
  readonly seed: number;
  /** Number of customers (0 … 5,000,000). */
  readonly customers: number;
  /** Number of orders over the two years ending at `now` (0 … 10,000,000). */
  readonly orders: number;
  /** End of the generated history (UTC instant). */
  readonly now: Date;
  /** Orders per batch (default 2,000). */
  readonly batchSize?: number;
}

export interface DemoShopInfo {
  readonly code: string;
  readonly name: string;
  readonly platform: "tmall";
  readonly timeZone: "Asia/Shanghai";
}

export interface DemoProduct {
  readonly ref: number;
  readonly code: string;
  readonly title: string;
  /** Category name in Chinese (女装 …). */
  readonly category: string;
  readonly createdAt: number;
}

export interface DemoSku {
  readonly ref: number;
  readonly productRef: number;
  readonly code: string;
  /** e.g. `颜色:黑色;尺码:M`. */
  readonly spec: string;
  readonly title: string;
  readonly category: CategoryCode;
  readonly priceFen: number;
  readonly costFen: number;
  readonly floorPriceFen: number | null;
  readonly stock: number;
  /** One of the ~10 hero SKUs (爆款). */
  readonly isHero: boolean;
  /** Relative demand weight. */
  readonly weight: number;
  readonly createdAt: number;
}

export interface DemoConsent {
  readonly channel: DemoConsentChannel;
  readonly granted: boolean;
  readonly source: string;
  readonly at: number;
}

export interface DemoCustomer {
  readonly ref: number;
  /** Buyer nick (买家会员名). */
  readonly externalId: string;
  readonly name: string;
  /** 11 digits in the documented non-routable range `1002xxxxxxx`. */
  readonly phone: string;
  /** At a reserved example domain, or null. */
  readonly email: string | null;
  readonly province: string;
  readonly city: string;
  readonly district: string;
  readonly address: string;
  readonly tags: readonly string[];
  readonly isMember: boolean;
  readonly createdAt: number;
  readonly consents: readonly DemoConsent[];
}

export interface DemoOrderLine {
  readonly lineNo: number;
  readonly skuRef: number;
  readonly skuCode: string;
  readonly title: string;
  readonly unitPriceFen: number;
  readonly quantity: number;
  readonly listFen: number;
  readonly discountFen: number;
  readonly payableFen: number;
  /** Frozen discount split: promotion key → fen taken off this line. */
  readonly shares: Readonly<Record<string, number>>;
  refundedQty: number;
  refundFen: number;
}

export interface DemoLogisticsEvent {
  readonly at: number;
  readonly kind: DemoLogisticsKind;
  readonly location: string;
  readonly description: string;
}

export interface DemoReview {
  readonly skuRef: number;
  readonly rating: number;
  readonly text: string;
  readonly hasImages: boolean;
  readonly at: number;
}

export interface DemoAfterSale {
  /** The line concerned, or null for the whole order. */
  readonly lineNo: number | null;
  readonly kind: DemoAfterSaleKind;
  readonly reason: string;
  readonly status: DemoAfterSaleStatus;
  readonly quantity: number;
  readonly amountFen: number;
  readonly requestedAt: number;
  readonly resolvedAt: number | null;
}

export interface DemoOrder {
  readonly ref: number;
  /** Taobao-style order number, 18–19 digits, as text. */
  readonly orderNo: string;
  readonly customerRef: number;
  status: DemoOrderStatus;
  readonly listFen: number;
  readonly discountFen: number;
  readonly shippingFen: number;
  readonly payableFen: number;
  readonly paidFen: number;
  refundFen: number;
  readonly createdAt: number;
  readonly paidAt: number | null;
  readonly shippedAt: number | null;
  readonly signedAt: number | null;
  readonly completedAt: number | null;
  readonly closedAt: number | null;
  readonly carrier: string | null;
  readonly trackingNo: string | null;
  readonly receiverName: string;
  readonly receiverPhone: string;
  readonly province: string;
  readonly city: string;
  readonly district: string;
  readonly address: string;
  readonly buyerMessage: string | null;
  /** The sales node of the order's local day (`normal`, `double11` …). */
  readonly node: string;
  readonly lines: DemoOrderLine[];
  readonly events: DemoLogisticsEvent[];
  readonly reviews: DemoReview[];
  readonly afterSales: DemoAfterSale[];
}

/** One slice of the stream: customers first seen in it, then their orders. */
export interface DemoBatch {
  readonly index: number;
  readonly customers: DemoCustomer[];
  readonly orders: DemoOrder[];
  /** Orders generated so far, including this batch. */
  readonly ordersDone: number;
}

/** The generated shop: a small catalogue in memory and a lazy stream of batches. */
export interface DemoShop {
  readonly shop: DemoShopInfo;
  readonly products: readonly DemoProduct[];
  readonly skus: readonly DemoSku[];
  readonly totals: { readonly customers: number; readonly orders: number };
  /** From two years before `now` up to `now`. */
  readonly from: number;
  readonly now: number;
  /** A fresh, deterministic pass over customers and orders. */
  batches(): Generator<DemoBatch>;
}
