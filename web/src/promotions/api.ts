/**
 * The typed client of the promotion endpoints: offers, quote (campaign preview), worst case,
 * publish, replay on past orders (and its CSV / XLSX files).
 */

import type { ReplayResult } from "../../../src/app/promotions/replay.ts";
import { ApiError, request, shopPath } from "../api.ts";

export type PromotionStatus = "draft" | "scheduled" | "live" | "ended";

export interface Promotion {
  id: number;
  engineId: string;
  campaignId: number | null;
  kind: string;
  name: string;
  definition: Record<string, unknown>;
  start: string | null;
  end: string | null;
  published: boolean;
  status: PromotionStatus;
  isCoupon: boolean;
  coupon?: {
    issueLimit: number | null;
    issued: number;
    redeemed: number;
    perCustomerLimit: number | null;
    validFrom: string | null;
    validUntil: string | null;
    validDays: number | null;
    claimCode: string | null;
  };
}

export interface Advice {
  code: string;
  /** The distinct mechanics (engine kinds) of `too_many_mechanics`. */
  mechanics?: string[];
  zh: string;
  en: string;
}

export interface CouponSettings {
  issueLimit?: number;
  perCustomerLimit?: number;
  validDays?: number;
}

export interface PromotionBody {
  name: string;
  campaignId?: number | null;
  start?: string | null;
  end?: string | null;
  definition: Record<string, unknown>;
  coupon?: CouponSettings;
}

export interface Bilingual {
  zh: string;
  en: string;
}

export interface LineShare {
  promoId: string;
  kind: string;
  level: string;
  amountFen: number;
}

export interface PricedLine {
  index: number;
  sku: string;
  qty: number;
  listPriceFen: number;
  listAmountFen: number;
  itemLevelAmountFen: number;
  shares: LineShare[];
  payableFen: number;
  merchantNetFen: number;
}

export interface QuoteResult {
  status: "ok" | "refused";
  lines: PricedLine[];
  gifts: { promoId: string; sku: string; qty: number; costFen: number }[];
  totals: {
    listFen: number;
    discountFen: number;
    goodsFen: number;
    totalFen: number;
    merchantNetFen: number;
  };
  applied: {
    promoId: string;
    kind: string;
    level: string;
    discountFen: number;
    tierIndex: number;
    basisFen: number;
  }[];
  notApplied: { promoId: string; kind: string; reason: string; message: Bilingual }[];
  hints: {
    promoId: string;
    nextThresholdFen: number;
    shortfallFen: number;
    extraDiscountFen?: number;
    zh: string;
    en: string;
  }[];
}

export interface FractionJson {
  num: number;
  den: number;
  /** ⌊num/den⌋: the figure in whole fen, rounded down. */
  fen: number;
}

export interface WorstCaseSku {
  sku: string;
  listPriceFen: number;
  costFen: number;
  floorFen: number;
  worstNetPerUnit: FractionJson;
  /** The cart below reaches the figure: it is the lowest net, not only a bound of it. */
  exact: boolean;
  belowFloor: boolean;
  cart: {
    now: string;
    lines: { sku: string; qty: number; listPriceFen: number; addOn?: boolean }[];
    coupons: string[];
    applied: string[];
    line: number;
    qty: number;
    payableFen: number;
    netPerUnit: FractionJson;
  };
}

export interface WorstCaseReport {
  promotionIds: number[];
  result: {
    feeRateBp: number;
    skus: WorstCaseSku[];
    violations: { sku: string; floorFen: number; worstNetPerUnit: FractionJson }[];
    cartsPriced: number;
  };
}

export interface CartRequest {
  lines: { sku: string; qty: number }[];
  campaignId: number;
  at?: string;
}

// The replay's answer is the server's own type (a type-only import: nothing is bundled).
export type { ReplayFigures, ReplayResult } from "../../../src/app/promotions/replay.ts";

export interface IssuedCoupon {
  id: number;
  code: string;
  customerId: number;
  status: "issued" | "redeemed" | "void";
  source: "list" | "segment" | "claim" | "checkout";
  validFrom: string | null;
  validUntil: string | null;
  orderId: number | null;
}

export interface CouponCounts {
  /** Handed out to listed customers or a segment. */
  issued: number;
  /** Claimed with the claim code. */
  claimed: number;
  redeemed: number;
  voided: number;
}

export type IssueTarget = { segmentId: number } | { customerIds: number[] };

export interface ReplayRequest {
  campaignId: number;
  from: string;
  to: string;
  couponsHeld: boolean;
}

/** A downloaded file: its bytes and the name the server gave it. */
export interface Download {
  blob: Blob;
  filename: string;
}

/** POSTs JSON and returns the answer as a file; errors become `ApiError` like `request`'s. */
async function postForFile(path: string, body: unknown, fallbackName: string): Promise<Download> {
  const res = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const e = ((await res.json().catch(() => undefined)) as { error?: ApiErrorBody } | undefined)
      ?.error;
    throw new ApiError(
      res.status,
      e ?? {
        code: `http_${res.status}`,
        messageZh: `服务器返回 ${res.status}`,
        messageEn: `The server answered ${res.status}`,
      },
    );
  }
  const cd = res.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(cd)?.[1] ?? fallbackName;
  return { blob: await res.blob(), filename };
}

interface ApiErrorBody {
  code: string;
  messageZh: string;
  messageEn: string;
  field?: string;
  details?: unknown;
}

export const promotionsApi = {
  list: (shop: string, campaignId: number, signal?: AbortSignal) =>
    request<{ promotions: Promotion[]; advice: Advice[] }>(
      "GET",
      `${shopPath(shop)}/promotions`,
      signal ? { query: { campaignId }, signal } : { query: { campaignId } },
    ),
  create: (shop: string, body: PromotionBody) =>
    request<{ promotion: Promotion; advice: Advice[] }>("POST", `${shopPath(shop)}/promotions`, {
      json: body,
    }),
  patch: (shop: string, id: number, body: Partial<PromotionBody>) =>
    request<{ promotion: Promotion; advice: Advice[] }>(
      "PATCH",
      `${shopPath(shop)}/promotions/${id}`,
      { json: body },
    ),
  remove: (shop: string, id: number) =>
    request<{ ok: boolean }>("DELETE", `${shopPath(shop)}/promotions/${id}`),
  publish: (shop: string, id: number, body: { override?: boolean; reason?: string } = {}) =>
    request<{ promotion: Promotion; worstCase: WorstCaseReport }>(
      "POST",
      `${shopPath(shop)}/promotions/${id}/publish`,
      { json: body },
    ),
  unpublish: (shop: string, id: number) =>
    request<{ promotion: Promotion }>("POST", `${shopPath(shop)}/promotions/${id}/unpublish`),
  quote: (shop: string, body: CartRequest) =>
    request<QuoteResult>("POST", `${shopPath(shop)}/quote`, { json: body }),
  worstCase: (shop: string, campaignId: number, signal?: AbortSignal) =>
    request<WorstCaseReport>(
      "GET",
      `${shopPath(shop)}/worst-case`,
      signal ? { query: { campaignId }, signal } : { query: { campaignId } },
    ),
  replay: (shop: string, body: ReplayRequest) =>
    request<ReplayResult>("POST", `${shopPath(shop)}/replay`, { json: body }),
  replayExport: (shop: string, body: ReplayRequest, format: "csv" | "xlsx") =>
    postForFile(
      `${shopPath(shop)}/replay/export?format=${format}`,
      body,
      `replay-${shop}-${body.from}-${body.to}.${format}`,
    ),
  issue: (shop: string, id: number, target: IssueTarget) =>
    request<{ issued: number; skipped: number }>(
      "POST",
      `${shopPath(shop)}/promotions/${id}/issue`,
      { json: target },
    ),
  coupons: (
    shop: string,
    id: number,
    q: { page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<{ coupons: IssuedCoupon[]; total: number; counts: CouponCounts }>(
      "GET",
      `${shopPath(shop)}/promotions/${id}/coupons`,
      signal ? { query: q, signal } : { query: q },
    ),
  renewClaimCode: (shop: string, id: number) =>
    request<{ promotion: Promotion }>("POST", `${shopPath(shop)}/promotions/${id}/claim-code`),
};
