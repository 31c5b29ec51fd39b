/**
 * The typed client of Dacu's HTTP API. Every failure becomes an `ApiError` carrying the
 * server's bilingual message; a 401 anywhere sends the user back to the login page.
 */
import { currentLanguage, i18n } from "./i18n/index.ts";

export type Role = "owner" | "operator" | "cs" | "analyst";
export type Platform = "tmall" | "taobao" | "jd" | "douyin" | "own";
export type OrderStatus =
  | "created"
  | "paid"
  | "shipped"
  | "signed"
  | "completed"
  | "refunding"
  | "refunded"
  | "closed";
export const orderStatuses: readonly OrderStatus[] = [
  "created",
  "paid",
  "shipped",
  "signed",
  "completed",
  "refunding",
  "refunded",
  "closed",
];

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  locale: "zh-CN" | "en";
}

export interface Shop {
  id: number;
  code: string;
  name: string;
  platform: Platform;
  timeZone: string;
  feeRateBp: number;
  isDemo: boolean;
}

export interface Me {
  user: User;
  shops: Shop[];
}

export interface Overview {
  from: string;
  to: string;
  timeZone: string;
  kpis: {
    gmvFen: number;
    orders: number;
    buyers: number;
    refundFen: number;
    refundedOrders: number;
    aovFen: number;
  };
  daily: { day: string; gmvFen: number; orders: number }[];
  topSkus: {
    skuId: number | null;
    skuCode: string | null;
    title: string;
    units: number;
    gmvFen: number;
  }[];
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface Sku {
  id: number;
  code: string;
  title: string;
  spec: string;
  category: string;
  priceFen: number;
  costFen: number;
  floorPriceFen: number | null;
  stock: number;
  isHero: boolean;
  unitsSold: number;
  gmvFen: number;
}

export interface Customer {
  id: number;
  externalId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  isMember: boolean;
  firstPaidAt: string | null;
  lastPaidAt: string | null;
  paidOrders: number;
  paidFen: number;
  refundFen: number;
}

export interface OrderRow {
  id: number;
  orderNo: string;
  status: OrderStatus;
  buyer: string | null;
  listFen: number;
  discountFen: number;
  paidFen: number;
  refundFen: number;
  createdAt: string;
  paidAt: string | null;
  shippedAt: string | null;
  carrier: string | null;
  trackingNo: string | null;
  receiverName: string | null;
  receiverPhone: string | null;
  province: string | null;
  city: string | null;
}

/** One order as stored, with its lines and events (database column names). */
export interface OrderDetail {
  id: number;
  order_no: string;
  status: OrderStatus;
  source: string;
  list_fen: number;
  discount_fen: number;
  shipping_fen: number;
  payable_fen: number;
  paid_fen: number;
  refund_fen: number;
  created_at: string;
  paid_at: string | null;
  shipped_at: string | null;
  signed_at: string | null;
  completed_at: string | null;
  closed_at: string | null;
  carrier: string | null;
  tracking_no: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  buyer_message: string | null;
  lines: {
    id: number;
    line_no: number;
    sku_code: string | null;
    title: string;
    unit_price_fen: number;
    quantity: number;
    list_fen: number;
    discount_fen: number;
    payable_fen: number;
    shares: Record<string, number> | null;
    is_gift: boolean;
    refunded_qty: number;
    refund_fen: number;
  }[];
  events: {
    id: number;
    at: string;
    kind: string;
    location: string | null;
    description: string;
  }[];
  afterSales: {
    id: number;
    kind: string;
    reason: string;
    status: string;
    quantity: number;
    amount_fen: number;
    requested_at: string;
    resolved_at: string | null;
  }[];
  reviews: {
    id: number;
    rating: number;
    text: string;
    has_images: boolean;
    at: string;
  }[];
}

export type ImportFormat = "taobao" | "csv" | "xlsx";
export type ImportStatus = "running" | "done" | "rejected" | "failed";

export interface ImportRowError {
  /** Record number after the header (1-based); 0 means the file as a whole. */
  row: number;
  column: string | null;
  code: string;
  messageZh: string;
  messageEn: string;
  /** Which file, when an order report and a 宝贝报表 are imported together. */
  file?: "orders" | "details";
}

export interface ImportJob {
  id: number;
  status: ImportStatus;
  fileName: string;
  format: string;
  mode: "all_or_nothing" | "valid_only";
  totalRows: number;
  processedRows: number;
  /** Bytes of the upload read so far, and its size: progress while rows are not yet counted. */
  bytesRead?: number;
  totalBytes?: number | null;
  inserted: number;
  updated?: number;
  unchanged: number;
  badRows: number;
  errors: ImportRowError[];
  /** Why it was rejected or failed, as "中文 / English". */
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
}

/** An error answered by the server (or the network), in both languages. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly field: string | undefined;
  /** What the server attached to the refusal (e.g. the SKUs below their floor). */
  readonly details: unknown;

  constructor(
    status: number,
    body: {
      code: string;
      messageZh: string;
      messageEn: string;
      field?: string | undefined;
      details?: unknown;
    },
  ) {
    super(`${body.messageZh} / ${body.messageEn}`);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.messageZh = body.messageZh;
    this.messageEn = body.messageEn;
    this.field = body.field;
    this.details = body.details;
  }

  /** The message in the language the UI currently shows. */
  localized(): string {
    return currentLanguage() === "en" ? this.messageEn : this.messageZh;
  }
}

/** The message of any error, in the current language. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.localized();
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * One language of a server text written as "中文 / English" (the Chinese before the first
 * " / ", the English after the last); other texts come back unchanged.
 */
export function pickLanguage(text: string, lang: "zh-CN" | "en" = currentLanguage()): string {
  const first = text.indexOf(" / ");
  if (first < 0) return text;
  return lang === "en" ? text.slice(text.lastIndexOf(" / ") + 3) : text.slice(0, first);
}

type UnauthenticatedListener = () => void;
let onUnauthenticated: UnauthenticatedListener = () => {};

/** Registers what happens when the server answers 401 (the router sends the user to login). */
export function setUnauthenticatedHandler(listener: UnauthenticatedListener): void {
  onUnauthenticated = listener;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: string,
  path: string,
  options: { query?: Query; json?: unknown; form?: FormData; signal?: AbortSignal } = {},
): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: {} };
  if (options.json !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(options.json);
  } else if (options.form) {
    init.body = options.form;
  }
  if (options.signal) init.signal = options.signal;
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), init);
  } catch (err) {
    if (err instanceof DOMException && err.name === "AbortError") throw err;
    throw new ApiError(0, {
      code: "network",
      messageZh: i18n.getFixedT("zh-CN")("common.networkError"),
      messageEn: i18n.getFixedT("en")("common.networkError"),
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const e = (
      body as {
        error?: {
          code: string;
          messageZh: string;
          messageEn: string;
          field?: string;
          details?: unknown;
        };
      }
    )?.error;
    const err = new ApiError(
      res.status,
      e ?? {
        code: `http_${res.status}`,
        messageZh: `服务器返回 ${res.status}`,
        messageEn: `The server answered ${res.status}`,
      },
    );
    if (res.status === 401 && path !== "/api/auth/login") onUnauthenticated();
    throw err;
  }
  return body as T;
}

export const shopPath = (shop: string) => `/api/shops/${encodeURIComponent(shop)}`;

export const api = {
  login: (username: string, password: string) =>
    request<{ user: User }>("POST", "/api/auth/login", { json: { username, password } }),
  logout: () => request<{ ok: boolean }>("POST", "/api/auth/logout"),
  me: () => request<Me>("GET", "/api/me"),
  overview: (shop: string, q: { from?: string; to?: string }, signal?: AbortSignal) =>
    request<Overview>("GET", `${shopPath(shop)}/overview`, opts(q, signal)),
  skus: (
    shop: string,
    q: { q?: string; category?: string; hero?: boolean; page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<Page<Sku> & { categories: string[] }>(
      "GET",
      `${shopPath(shop)}/skus`,
      opts({ ...q, hero: q.hero ? "true" : undefined }, signal),
    ),
  customers: (
    shop: string,
    q: { q?: string; page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<Page<Customer> & { piiMasked: boolean }>(
      "GET",
      `${shopPath(shop)}/customers`,
      opts(q, signal),
    ),
  orders: (
    shop: string,
    q: {
      status?: OrderStatus | undefined;
      q?: string;
      from?: string | undefined;
      to?: string | undefined;
      page: number;
      pageSize: number;
    },
    signal?: AbortSignal,
  ) =>
    request<Page<OrderRow> & { piiMasked: boolean }>(
      "GET",
      `${shopPath(shop)}/orders`,
      opts(q, signal),
    ),
  order: (shop: string, id: number, signal?: AbortSignal) =>
    request<{ order: OrderDetail }>("GET", `${shopPath(shop)}/orders/${id}`, opts({}, signal)),
  startImport: (shop: string, form: FormData) =>
    request<{ job: ImportJob }>("POST", `${shopPath(shop)}/imports`, { form }),
  importJob: (shop: string, id: number, signal?: AbortSignal) =>
    request<{ job: ImportJob }>("GET", `${shopPath(shop)}/imports/${id}`, opts({}, signal)),
  importJobs: (shop: string, signal?: AbortSignal) =>
    request<{ jobs: ImportJob[] }>("GET", `${shopPath(shop)}/imports`, opts({}, signal)),
};

function opts(query: Query, signal: AbortSignal | undefined) {
  return signal ? { query, signal } : { query };
}
