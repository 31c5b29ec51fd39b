/**
 * Promotions and coupon templates: stored definitions validated by the pricing engine's
 * schema, status derived from time windows, coupons issued to customers or segments and
 * claimed by code. Every change is audited.
 */

import { randomInt } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { findCampaign } from "../../adapters/db/repositories/campaigns.ts";
import {
  addClaims,
  type CouponRow,
  claimedBy,
  deletePromotion,
  existingCustomerIds,
  findPromotion,
  findTemplatesByClaimCode,
  insertCoupons,
  insertPromotion,
  listPromotions,
  lockPromotion,
  type NewCoupon,
  type PromotionRow,
  segmentCustomerIds,
  takeCustomerUsage,
  takeFromPromotion,
  updatePromotion,
} from "../../adapters/db/repositories/promotions.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import { type Promotion, PromotionSchema } from "../../domain/pricing/index.ts";
import { formatIssues } from "../../domain/pricing/validate.ts";
import { zonedTimeToUtc } from "../../domain/time/zone.ts";
import { AppError, notFound } from "../errors.ts";
import { requireSegmentMembers } from "../segments/derived.ts";
import { soldOut } from "./errors.ts";

/** A user acting on promotions. */
export interface Actor {
  id: number;
  role: "owner" | "operator" | "cs" | "analyst";
}

export type PromotionStatus = "draft" | "scheduled" | "live" | "ended";

const COUPON_KINDS = new Set(["itemCoupon", "shopCoupon", "platformCoupon"]);
/** Unambiguous alphabet for codes: no 0/O, 1/I/L. */
export const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A random code of `length` characters from the unambiguous alphabet. */
export function randomCode(length = 10): string {
  let s = "";
  for (let i = 0; i < length; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return s;
}

/** A time: ISO 8601 with offset, or local wall time `YYYY-MM-DD[ HH:mm[:ss]]` in the shop's zone. */
const TimeInput = z.string().min(1);

export const CouponSettings = z.strictObject({
  issueLimit: z.number().int().min(0).optional(),
  perCustomerLimit: z.number().int().min(1).optional(),
  validFrom: TimeInput.optional(),
  validUntil: TimeInput.optional(),
  validDays: z.number().int().min(1).max(3650).optional(),
});

export const PromotionInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  campaignId: z.number().int().positive().nullable().optional(),
  start: TimeInput.nullable().optional(),
  end: TimeInput.nullable().optional(),
  /** The engine's promotion JSON (`kind` and its fields); `id`, `start`, `end` are set here. */
  definition: z.record(z.string(), z.unknown()),
  coupon: CouponSettings.optional(),
});
export type PromotionInput = z.infer<typeof PromotionInput>;

export const PromotionPatchInput = PromotionInput.partial();
export type PromotionPatchInput = z.infer<typeof PromotionPatchInput>;

/** The engine id of a stored promotion. */
export const engineId = (id: number): string => `P${id}`;

/** Parses a time given with an offset, or as local wall time in `zone`. */
export function parseTime(v: string, zone: string, field: string): Date {
  const hasZone = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(v);
  let d: Date | undefined;
  try {
    d = hasZone ? new Date(v) : zonedTimeToUtc(v, zone);
  } catch {
    d = undefined;
  }
  if (!d || Number.isNaN(d.getTime()))
    throw new AppError(
      "invalid_input",
      `字段 ${field} 不是有效时间`,
      `Field ${field} is not a valid time`,
      field,
    );
  return d;
}

/** The engine's promotion for a stored row (window from the columns). */
export function toEngine(
  row: PromotionRow,
  window?: { start: Date | null; end: Date | null },
): Promotion {
  const start = window ? window.start : row.starts_at;
  const end = window ? window.end : row.ends_at;
  return PromotionSchema.parse({
    ...row.definition,
    id: engineId(row.id),
    name: row.name,
    ...(start ? { start: new Date(start).toISOString() } : {}),
    ...(end ? { end: new Date(end).toISOString() } : {}),
  });
}

/** Validates a definition with the engine's schema; bilingual errors name the field. */
export function validateDefinition(definition: Record<string, unknown>): Promotion {
  const { id: _i, start: _s, end: _e, ...rest } = definition;
  const r = PromotionSchema.safeParse({ ...rest, id: "P0" });
  if (!r.success) {
    const lines = formatIssues(r.error).map((l) => `definition.${l}`);
    const first = lines[0] ?? "definition: invalid";
    const [field, ...msg] = first.split(": ");
    const text = msg.join(": ");
    const [zh, en] = text.includes(" / ") ? text.split(" / ") : [text, text];
    throw new AppError(
      "invalid_input",
      `促销定义字段 ${field} 无效：${zh}`,
      `Invalid promotion field ${field}: ${en}`,
      field,
      lines,
    );
  }
  return r.data;
}

/** Status from the published flag and the window at `now`. */
export function statusOf(row: PromotionRow, now: Date): PromotionStatus {
  if (!row.published) return "draft";
  if (row.ends_at && now >= new Date(row.ends_at)) return "ended";
  if (row.starts_at && now < new Date(row.starts_at)) return "scheduled";
  return "live";
}

/** A coupon's (or a template's fixed) validity window in the API's ISO form. */
export function couponValidity(row: { valid_from: Date | null; valid_until: Date | null }): {
  validFrom: string | null;
  validUntil: string | null;
} {
  return {
    validFrom: row.valid_from ? new Date(row.valid_from).toISOString() : null,
    validUntil: row.valid_until ? new Date(row.valid_until).toISOString() : null,
  };
}

/** The API view of a promotion. */
export function promotionView(row: PromotionRow, now: Date): Record<string, unknown> {
  return {
    id: row.id,
    engineId: engineId(row.id),
    campaignId: row.campaign_id,
    kind: row.kind,
    name: row.name,
    definition: row.definition,
    start: row.starts_at ? new Date(row.starts_at).toISOString() : null,
    end: row.ends_at ? new Date(row.ends_at).toISOString() : null,
    published: row.published,
    status: statusOf(row, now),
    isCoupon: row.is_coupon,
    counters: {
      stockLimit: row.stock_limit,
      stockUsed: row.stock_used,
      budgetFen: row.budget_fen,
      budgetUsedFen: row.budget_used_fen,
    },
    ...(row.is_coupon
      ? {
          coupon: {
            issueLimit: row.issue_limit,
            issued: row.issued,
            redeemed: row.redeemed,
            perCustomerLimit: row.per_customer_limit,
            ...couponValidity(row),
            validDays: row.valid_days,
            claimCode: row.claim_code,
          },
        }
      : {}),
  };
}

function requireEditor(actor: Actor): void {
  if (actor.role !== "owner" && actor.role !== "operator")
    throw new AppError("forbidden", "当前角色不能修改促销", "Your role cannot change promotions");
}

async function checkCampaign(db: Kysely<DB>, shopId: number, id: number | null | undefined) {
  if (id == null) return;
  if (!(await findCampaign(db, shopId, id))) throw notFound("活动", "Campaign", "campaignId");
}

function columnsOf(
  shop: Shop,
  input: PromotionInput,
): Omit<Parameters<typeof insertPromotion>[1], "shop_id" | "created_by" | "claim_code"> {
  const def = validateDefinition(input.definition);
  const tz = shop.time_zone;
  const start = input.start ? parseTime(input.start, tz, "start") : null;
  const end = input.end ? parseTime(input.end, tz, "end") : null;
  if (start && end && start >= end)
    throw new AppError(
      "invalid_input",
      "结束时间必须晚于开始时间",
      "end must be after start",
      "end",
    );
  const isCoupon = COUPON_KINDS.has(def.kind);
  if (input.coupon && !isCoupon)
    throw new AppError(
      "invalid_input",
      "只有优惠券类促销（itemCoupon、shopCoupon、platformCoupon）可以设置 coupon",
      "Only coupon kinds (itemCoupon, shopCoupon, platformCoupon) take coupon settings",
      "coupon",
    );
  const c = input.coupon ?? {};
  const validFrom = c.validFrom ? parseTime(c.validFrom, tz, "coupon.validFrom") : null;
  const validUntil = c.validUntil ? parseTime(c.validUntil, tz, "coupon.validUntil") : null;
  if (c.validDays !== undefined && (validFrom || validUntil))
    throw new AppError(
      "invalid_input",
      "有效期只能是固定日期或领取后 N 天之一",
      "Validity is either fixed dates or N days after claim, not both",
      "coupon.validDays",
    );
  if (validFrom && validUntil && validFrom >= validUntil)
    throw new AppError(
      "invalid_input",
      "有效期结束必须晚于开始",
      "validUntil must be after validFrom",
      "coupon.validUntil",
    );
  const { id: _i, start: _s, end: _e, name: _n, ...definition } = def as Record<string, unknown>;
  return {
    campaign_id: input.campaignId ?? null,
    kind: def.kind,
    name: input.name,
    definition,
    starts_at: start,
    ends_at: end,
    is_coupon: isCoupon,
    stock_limit: "stock" in def && def.stock !== undefined ? def.stock : null,
    budget_fen: def.budgetFen ?? null,
    issue_limit: c.issueLimit ?? null,
    per_customer_limit: c.perCustomerLimit ?? null,
    valid_from: validFrom,
    valid_until: validUntil,
    valid_days: c.validDays ?? null,
  };
}

/** Makes a code of `length` characters from {@link CODE_ALPHABET}; random by default. */
export type CodeSource = (length: number) => string;

/**
 * Creates a promotion (draft) or coupon template (with a claim code). `codes` makes the claim
 * code (random unless given, e.g. seeded for the demo shop).
 */
export async function createPromotion(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  input: PromotionInput,
  codes: CodeSource = randomCode,
): Promise<PromotionRow> {
  requireEditor(actor);
  await checkCampaign(db, shop.id, input.campaignId);
  const cols = columnsOf(shop, input);
  return db.transaction().execute(async (tx) => {
    const row = await insertPromotion(tx, {
      ...cols,
      shop_id: shop.id,
      created_by: actor.id,
      claim_code: cols.is_coupon ? codes(8) : null,
    });
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "promotion.create",
      entity: "promotion",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

/** Changes a promotion; a published one must be unpublished first (except its name). */
export async function patchPromotion(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
  patch: PromotionPatchInput,
): Promise<PromotionRow> {
  requireEditor(actor);
  const before = await findPromotion(db, shop.id, id);
  if (!before) throw notFound("促销", "Promotion", "id");
  const onlyName = Object.keys(patch).every((k) => k === "name");
  if (before.published && !onlyName)
    throw new AppError(
      "conflict",
      "已发布的促销不能修改，请先撤回",
      "A published promotion cannot be changed; unpublish it first",
      "published",
    );
  await checkCampaign(db, shop.id, patch.campaignId);
  const merged: PromotionInput = {
    name: patch.name ?? before.name,
    campaignId: patch.campaignId !== undefined ? patch.campaignId : before.campaign_id,
    start:
      patch.start !== undefined
        ? patch.start
        : before.starts_at
          ? new Date(before.starts_at).toISOString()
          : null,
    end:
      patch.end !== undefined
        ? patch.end
        : before.ends_at
          ? new Date(before.ends_at).toISOString()
          : null,
    definition: patch.definition ?? { ...before.definition, kind: before.kind },
  };
  const coupon = patch.coupon ?? couponInputOf(before);
  if (coupon) merged.coupon = coupon;
  const cols = columnsOf(shop, merged);
  if (cols.is_coupon !== before.is_coupon)
    throw new AppError(
      "invalid_input",
      "不能在促销和优惠券之间切换类型",
      "Cannot change between a promotion and a coupon kind",
      "definition.kind",
    );
  return db.transaction().execute(async (tx) => {
    const after = await updatePromotion(tx, shop.id, id, cols);
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "promotion.update",
      entity: "promotion",
      entityId: id,
      before,
      after,
    });
    return after!;
  });
}

function couponInputOf(row: PromotionRow): z.infer<typeof CouponSettings> | undefined {
  if (!row.is_coupon) return undefined;
  const c: z.infer<typeof CouponSettings> = {};
  if (row.issue_limit !== null) c.issueLimit = row.issue_limit;
  if (row.per_customer_limit !== null) c.perCustomerLimit = row.per_customer_limit;
  if (row.valid_from) c.validFrom = new Date(row.valid_from).toISOString();
  if (row.valid_until) c.validUntil = new Date(row.valid_until).toISOString();
  if (row.valid_days !== null) c.validDays = row.valid_days;
  return c;
}

/** Deletes a draft promotion that no order used. */
export async function removePromotion(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
): Promise<void> {
  requireEditor(actor);
  const before = await findPromotion(db, shop.id, id);
  if (!before) throw notFound("促销", "Promotion", "id");
  if (before.published || before.stock_used > 0 || before.issued > 0)
    throw new AppError(
      "conflict",
      "已发布或已使用的促销不能删除",
      "A published or used promotion cannot be deleted",
      "id",
    );
  await db.transaction().execute(async (tx) => {
    await deletePromotion(tx, shop.id, id);
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "promotion.delete",
      entity: "promotion",
      entityId: id,
      before,
    });
  });
}

/** Sets the published flag without a guard (unpublishing; publishing goes through the guard). */
export async function setPublished(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
  published: boolean,
  audit: { action: string; reason?: string | null; details?: unknown },
): Promise<PromotionRow> {
  requireEditor(actor);
  return db.transaction().execute(async (tx) => {
    const before = await findPromotion(tx, shop.id, id);
    if (!before) throw notFound("促销", "Promotion", "id");
    const after = (await updatePromotion(tx, shop.id, id, { published }))!;
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: audit.action,
      entity: "promotion",
      entityId: id,
      before: { published: before.published },
      after: { published, ...(audit.details !== undefined ? { details: audit.details } : {}) },
      reason: audit.reason ?? null,
    });
    return after;
  });
}

function validityOf(t: PromotionRow, at: Date): { from: Date | null; until: Date | null } {
  if (t.valid_days !== null)
    return { from: at, until: new Date(at.getTime() + t.valid_days * 86_400_000) };
  return { from: t.valid_from, until: t.valid_until };
}

/** A new coupon of template `t` for a customer, issued at `now` with the template's validity. */
function issuedCoupon(
  t: PromotionRow,
  customerId: number,
  source: NewCoupon["source"],
  now: Date,
  codes: CodeSource = randomCode,
): NewCoupon {
  const v = validityOf(t, now);
  return {
    promotion_id: t.id,
    customer_id: customerId,
    code: codes(12),
    status: "issued",
    source,
    valid_from: v.from,
    valid_until: v.until,
    issued_at: now,
    redeemed_at: null,
    order_id: null,
  };
}

export const IssueInput = z
  .strictObject({
    customerIds: z.array(z.number().int().positive()).min(1).max(100_000).optional(),
    segmentId: z.number().int().positive().optional(),
  })
  .refine((v) => (v.customerIds === undefined) !== (v.segmentId === undefined), {
    error: "需要 customerIds 或 segmentId 之一 / needs exactly one of customerIds or segmentId",
    path: ["customerIds"],
  });
export type IssueInput = z.infer<typeof IssueInput>;

/**
 * Issues one coupon of a template to each listed customer or each member of a segment.
 * Customers at their per-customer limit are skipped; when the template has fewer coupons
 * left than customers to receive one, nothing is issued (`sold_out`). `codes` makes the
 * coupon codes (random unless given).
 */
export async function issueCoupons(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
  input: IssueInput,
  now: Date,
  codes: CodeSource = randomCode,
): Promise<{ issued: number; skipped: number; coupons: CouponRow[] }> {
  requireEditor(actor);
  let ids: number[];
  if (input.segmentId !== undefined) {
    const members = await segmentCustomerIds(db, shop.id, input.segmentId);
    if (!members) throw notFound("人群", "Segment", "segmentId");
    await requireSegmentMembers(db, shop.id, input.segmentId);
    ids = members;
  } else {
    ids = [...new Set(input.customerIds!)];
    const known = await existingCustomerIds(db, shop.id, ids);
    const missing = ids.find((c) => !known.has(c));
    if (missing !== undefined)
      throw new AppError(
        "invalid_input",
        `客户 ${missing} 不存在`,
        `Customer ${missing} not found`,
        "customerIds",
      );
  }
  return db.transaction().execute(async (tx) => {
    const t = await lockPromotion(tx, shop.id, id);
    if (!t || !t.is_coupon) throw notFound("优惠券", "Coupon template", "id");
    const claimed = await claimedBy(tx, shop.id, id, ids);
    const lim = t.per_customer_limit;
    const to = ids.filter((c) => lim === null || (claimed.get(c) ?? 0) < lim);
    if (t.issue_limit !== null && t.issued + to.length > t.issue_limit)
      throw soldOut(
        { coupon: id },
        `优惠券「${t.name}」剩余 ${t.issue_limit - t.issued} 张，不足 ${to.length} 张`,
        `Coupon "${t.name}" has ${t.issue_limit - t.issued} left, fewer than ${to.length}`,
      );
    await addClaims(tx, shop.id, id, to, to.length);
    const source = input.segmentId !== undefined ? "segment" : "list";
    const coupons = await insertCoupons(
      tx,
      shop.id,
      to.map((c) => issuedCoupon(t, c, source, now, codes)),
    );
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "coupon.issue",
      entity: "promotion",
      entityId: id,
      after: {
        issued: to.length,
        skipped: ids.length - to.length,
        segmentId: input.segmentId ?? null,
        customers: to.length <= 100 ? to : undefined,
      },
    });
    return { issued: to.length, skipped: ids.length - to.length, coupons };
  });
}

/** A customer claims a coupon with a template's claim code (atomic issue count and limit). */
export async function claimCoupon(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  claimCode: string,
  customerId: number,
  now: Date,
): Promise<CouponRow> {
  requireEditor(actor);
  const [t] = await findTemplatesByClaimCode(db, shop.id, [claimCode.toUpperCase()]);
  if (!t) throw notFound("领券码", "Claim code", "code");
  if (!t.published)
    throw new AppError("conflict", "优惠券尚未发布", "The coupon is not published", "code");
  const known = await existingCustomerIds(db, shop.id, [customerId]);
  if (!known.has(customerId)) throw notFound("客户", "Customer", "customerId");
  return db.transaction().execute(async (tx) => {
    const fail = await takeFromPromotion(tx, shop.id, {
      promotionId: t.id,
      stock: 0,
      budgetFen: 0,
      issue: 1,
      redeem: 0,
    });
    if (fail)
      throw soldOut(
        { coupon: t.id },
        `优惠券「${t.name}」已领完`,
        `Coupon "${t.name}" is all claimed`,
      );
    const ok = await takeCustomerUsage(tx, shop.id, {
      promotionId: t.id,
      customerId,
      qty: 0,
      qtyLimit: null,
      claim: 1,
      claimLimit: t.per_customer_limit,
    });
    if (!ok)
      throw new AppError(
        "conflict",
        `每人限领 ${t.per_customer_limit} 张`,
        `Limited to ${t.per_customer_limit} per customer`,
        "customerId",
      );
    const [c] = await insertCoupons(tx, shop.id, [issuedCoupon(t, customerId, "claim", now)]);
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "coupon.claim",
      entity: "coupon",
      entityId: c!.id,
      after: { promotionId: t.id, customerId },
    });
    return c!;
  });
}

/**
 * Gives a coupon template a new claim code (the old one stops working; coupons already
 * claimed keep their own codes). Audited with the old and new code.
 */
export async function renewClaimCode(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
): Promise<PromotionRow> {
  requireEditor(actor);
  return db.transaction().execute(async (tx) => {
    const t = await lockPromotion(tx, shop.id, id);
    if (!t || !t.is_coupon) throw notFound("优惠券", "Coupon template", "id");
    const row = await updatePromotion(tx, shop.id, id, { claim_code: randomCode(8) });
    await recordAudit(tx, {
      shopId: shop.id,
      userId: actor.id,
      action: "coupon.claim_code",
      entity: "promotion",
      entityId: id,
      before: { claimCode: t.claim_code },
      after: { claimCode: row!.claim_code },
    });
    return row!;
  });
}

/** Advice on a campaign's promotions: more than three distinct mechanics (seed 003). */
export type Advice = {
  code: "too_many_mechanics";
  mechanics: string[];
  zh: string;
  en: string;
};

/**
 * Warns when a campaign's promotions use more than three distinct mechanics: more makes the
 * arithmetic error-prone and loads customer service.
 * @example mechanicsAdvice(["manJian", "flashSale", "shopCoupon", "manSong"]) // one warning
 */
export function mechanicsAdvice(kinds: readonly string[]): Advice[] {
  const distinct = [...new Set(kinds)].sort();
  if (distinct.length <= 3) return [];
  return [
    {
      code: "too_many_mechanics",
      mechanics: distinct,
      zh: `本活动用了 ${distinct.length} 种玩法（${distinct.join("、")}）。建议每个店铺只用 1–3 种：玩法越多，叠加计算越容易出错（可能亏本），客服压力也越大。`,
      en: `This campaign uses ${distinct.length} mechanics (${distinct.join(", ")}). Use 1–3 per shop: more makes the stacking arithmetic error-prone (loss-making mistakes) and loads customer service.`,
    },
  ];
}

/** Advice for the campaign of a promotion (empty when it has none). */
export async function campaignAdvice(
  db: Kysely<DB>,
  shopId: number,
  campaignId: number | null,
): Promise<Advice[]> {
  if (campaignId === null) return [];
  const rows = await listPromotions(db, shopId, { campaignId });
  return mechanicsAdvice(rows.map((r) => r.kind));
}
