/**
 * The segment endpoints: RFM summary and heat map, playbook segments, post-promotion layers,
 * the builder's live count, saved segments (CRUD, refresh, members, history, export) and a
 * customer's timeline. Same conventions as `api.ts` (errors are `ApiError`s).
 */
import { type Customer, type Page, type Query, request, shopPath } from "./api.ts";

export type RfmGroupCode =
  | "important_value"
  | "important_develop"
  | "important_keep"
  | "important_retain"
  | "general_value"
  | "general_develop"
  | "general_keep"
  | "general_retain";
export const rfmGroupCodes: readonly RfmGroupCode[] = [
  "important_value",
  "important_develop",
  "important_keep",
  "important_retain",
  "general_value",
  "general_develop",
  "general_keep",
  "general_retain",
];
export type PlaybookCode = "loyal" | "active" | "general";
export const playbookCodes: readonly PlaybookCode[] = ["loyal", "active", "general"];
export type LayerCode =
  | "positive_review"
  | "negative_review"
  | "stock_out"
  | "late_shipment"
  | "big_order";
export const layerCodes: readonly LayerCode[] = [
  "positive_review",
  "negative_review",
  "stock_out",
  "late_shipment",
  "big_order",
];

/** A period in the shop's calendar days (both inclusive), or the last n days. */
export type Period = { from: string; to: string } | { lastDays: number };

/** One condition of the builder, exactly as the server's schema (`kind` decides the rest). */
export type Condition = { kind: string } & Record<string, unknown>;
export type SegmentNode =
  | Condition
  | { kind: "and" | "or"; conditions: SegmentNode[] }
  | { kind: "not"; condition: SegmentNode };

export interface Rfm {
  scoredAt: string | null;
  customers: number;
  buyers: number;
  averages: { recencyDays: number | null; frequency: number | null; monetaryFen: number | null };
  groups: {
    code: RfmGroupCode;
    zh: string;
    en: string;
    customers: number;
    gmvFen: number;
    customerShare: number;
    gmvShare: number;
  }[];
  heatmap: { r: number; f: number; customers: number; gmvFen: number }[];
}

export interface PlaybookSegments {
  activeDays: number;
  loyalMinOrders: number;
  segments: {
    code: PlaybookCode;
    zh: string;
    en: string;
    customers: number;
    gmvFen: number;
    gmvShare: number;
  }[];
  period: { from: string; to: string; newCustomers: number; returningCustomers: number } | null;
}

export interface Layers {
  from: string;
  to: string;
  layers: {
    code: LayerCode;
    zh: string;
    en: string;
    customers: number;
    newCustomers: number;
    definition: SegmentNode;
  }[];
}

/** A customer as the segment endpoints answer it (masked for roles without PII access). */
export interface SegmentCustomer {
  id: number;
  externalId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  tags: string[];
  isMember: boolean;
  paidOrders: number;
  paidFen: number;
  lastPaidAt: string | null;
  rfmGroup?: string | null;
  playbook?: string | null;
}

export interface SavedSegment {
  id: number;
  name: string;
  description: string;
  definition: SegmentNode;
  createdAt: string;
  updatedAt: string;
  refreshedAt: string | null;
  size: number | null;
}

export interface HistoryPoint {
  refreshedAt: string;
  size: number;
  added: number;
  removed: number;
  durationMs: number;
  trigger: string;
}

export interface TimelineEvent {
  at: string;
  type: "order" | "review" | "after_sale";
  id: number;
  orderId: number;
  orderNo: string;
  status: string | null;
  amountFen: number | null;
  rating: number | null;
  text: string | null;
  kind: string | null;
  receiverName: string | null;
  receiverPhone: string | null;
}

const opts = (query: Query, signal?: AbortSignal) => (signal ? { query, signal } : { query });

export const segmentsApi = {
  rfm: (shop: string, signal?: AbortSignal) =>
    request<Rfm>("GET", `${shopPath(shop)}/rfm`, opts({}, signal)),
  playbook: (shop: string, signal?: AbortSignal) =>
    request<PlaybookSegments>("GET", `${shopPath(shop)}/playbook-segments`, opts({}, signal)),
  layers: (shop: string, q: { from: string; to: string }, signal?: AbortSignal) =>
    request<Layers>("GET", `${shopPath(shop)}/layers`, opts(q, signal)),
  count: (shop: string, definition: SegmentNode, sampleSize: number, signal?: AbortSignal) =>
    request<{ count: number; sample: SegmentCustomer[]; piiMasked: boolean }>(
      "POST",
      `${shopPath(shop)}/segments/count`,
      signal ? { json: { definition, sampleSize }, signal } : { json: { definition, sampleSize } },
    ),
  list: (shop: string, signal?: AbortSignal) =>
    request<{ segments: SavedSegment[] }>("GET", `${shopPath(shop)}/segments`, opts({}, signal)),
  create: (shop: string, body: { name: string; description: string; definition: SegmentNode }) =>
    request<{ segment: SavedSegment }>("POST", `${shopPath(shop)}/segments`, { json: body }),
  update: (
    shop: string,
    id: number,
    body: { name: string; description: string; definition: SegmentNode },
  ) =>
    request<{ segment: SavedSegment }>("PUT", `${shopPath(shop)}/segments/${id}`, { json: body }),
  remove: (shop: string, id: number) =>
    request<{ deleted: boolean }>("DELETE", `${shopPath(shop)}/segments/${id}`),
  refresh: (shop: string, id: number) =>
    request<{ segments: { id: number; size: number; added: number; removed: number }[] }>(
      "POST",
      `${shopPath(shop)}/segments/${id}/refresh`,
    ),
  refreshAll: (shop: string) =>
    request<{ customers: number }>("POST", `${shopPath(shop)}/segments/refresh`),
  members: (
    shop: string,
    id: number,
    q: { page: number; pageSize: number },
    signal?: AbortSignal,
  ) =>
    request<{ total: number; piiMasked: boolean; items: SegmentCustomer[] }>(
      "GET",
      `${shopPath(shop)}/segments/${id}/members`,
      opts(q, signal),
    ),
  history: (shop: string, id: number, signal?: AbortSignal) =>
    request<{ history: HistoryPoint[] }>(
      "GET",
      `${shopPath(shop)}/segments/${id}/history`,
      opts({}, signal),
    ),
  /** A download link; the server masks personal data by the user's role. */
  exportUrl: (shop: string, id: number, format: "csv" | "xlsx") =>
    `${shopPath(shop)}/segments/${id}/export?format=${format}`,
  timeline: (shop: string, customerId: number, signal?: AbortSignal) =>
    request<{ customer: SegmentCustomer; piiMasked: boolean; events: TimelineEvent[] }>(
      "GET",
      `${shopPath(shop)}/customers/${customerId}/timeline`,
      opts({}, signal),
    ),
};

/**
 * A saved segment's members as rows of the customers list (the members endpoint has no first
 * paid date or refund total: shown as "—").
 */
export async function segmentMembersAsCustomers(
  shop: string,
  id: number,
  q: { page: number; pageSize: number },
  signal?: AbortSignal,
): Promise<Page<Customer> & { piiMasked: boolean }> {
  const r = await segmentsApi.members(shop, id, q, signal);
  return {
    total: r.total,
    piiMasked: r.piiMasked,
    items: r.items.map((m) => ({ ...m, firstPaidAt: null, refundFen: 0 })),
  };
}
