/**
 * The publishing guard: the engine's `worstCase` over every SKU of the shop (price, cost,
 * floor) under the promotions that would be live together, refusing to publish while a SKU
 * sits below its floor unless an owner overrides with a written reason (audited).
 */
import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Kysely } from "kysely";
import { z } from "zod";
import { allSkus } from "../../adapters/db/repositories/checkout.ts";
import {
  findPromotion,
  listPromotions,
  listPublishedOverlapping,
  type PromotionRow,
} from "../../adapters/db/repositories/promotions.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import {
  type WorstCaseInput,
  WorstCaseInputSchema,
  type WorstCaseResult,
  worstCaseSteps,
} from "../../domain/pricing/index.ts";
import { AppError, notFound } from "../errors.ts";
import { belowFloor } from "./errors.ts";
import {
  type Actor,
  type Advice,
  campaignAdvice,
  engineId,
  setPublished,
  toEngine,
} from "./service.ts";

/** The worst-case table of a set of promotions. */
export interface WorstCaseReport {
  promotionIds: number[];
  result: WorstCaseResult;
}

function overlaps(a: PromotionRow, b: PromotionRow): boolean {
  const aStart = a.starts_at ? new Date(a.starts_at).getTime() : Number.NEGATIVE_INFINITY;
  const aEnd = a.ends_at ? new Date(a.ends_at).getTime() : Number.POSITIVE_INFINITY;
  const bStart = b.starts_at ? new Date(b.starts_at).getTime() : Number.NEGATIVE_INFINITY;
  const bEnd = b.ends_at ? new Date(b.ends_at).getTime() : Number.POSITIVE_INFINITY;
  return aStart < bEnd && bStart < aEnd;
}

/**
 * The promotions that would be live together with `target` once it is published: it, the
 * other promotions of its campaign, and every published promotion whose window overlaps.
 */
export async function liveTogether(
  db: Kysely<DB>,
  shopId: number,
  targets: PromotionRow[],
): Promise<PromotionRow[]> {
  const set = new Map<number, PromotionRow>();
  for (const t of targets) {
    set.set(t.id, t);
    if (t.campaign_id !== null)
      for (const p of await listPromotions(db, shopId, { campaignId: t.campaign_id }))
        if (overlaps(p, t)) set.set(p.id, p);
    for (const p of await listPublishedOverlapping(db, shopId, t.starts_at, t.ends_at))
      set.set(p.id, p);
  }
  return [...set.values()].sort((a, b) => a.id - b.id);
}

/**
 * The engine's worst case in slices of about `sliceMs` of work, giving the event loop back
 * between them: a large catalogue takes seconds, and the server keeps answering quotes and
 * checkouts meanwhile. The result is the engine's, unchanged.
 */
export async function worstCaseInSlices(
  input: WorstCaseInput,
  sliceMs = 20,
): Promise<WorstCaseResult> {
  const steps = worstCaseSteps(input);
  for (;;) {
    const t0 = performance.now();
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - t0 >= sliceMs) break;
    }
    await nextTurn();
  }
}

/** Runs the engine's worst case for every SKU of the shop under `promotions`. */
export async function worstCaseOf(
  db: Kysely<DB>,
  shop: Shop,
  promotions: PromotionRow[],
): Promise<WorstCaseReport> {
  const skus = await allSkus(db, shop.id);
  if (skus.length === 0)
    return {
      promotionIds: promotions.map((p) => p.id),
      result: { feeRateBp: shop.fee_rate_bp, skus: [], violations: [], cartsPriced: 0 },
    };
  const stockLeft: Record<string, number> = {};
  const budgetLeftFen: Record<string, number> = {};
  for (const p of promotions) {
    if (p.stock_limit !== null)
      stockLeft[engineId(p.id)] = Math.max(0, p.stock_limit - p.stock_used);
    if (p.budget_fen !== null)
      budgetLeftFen[engineId(p.id)] = Math.max(0, p.budget_fen - p.budget_used_fen);
  }
  const input = WorstCaseInputSchema.parse({
    skus: skus.map((s) => ({
      sku: s.code,
      categoryId: s.category,
      listPriceFen: s.price_fen,
      costFen: s.cost_fen,
      ...(s.floor_price_fen !== null ? { floorFen: s.floor_price_fen } : {}),
    })),
    promotions: promotions.map((p) => toEngine(p)),
    state: { stockLeft, budgetLeftFen },
    settings: { thresholdBasis: "afterItemLevel", feeRateBp: shop.fee_rate_bp },
  });
  return { promotionIds: promotions.map((p) => p.id), result: await worstCaseInSlices(input) };
}

export const WorstCaseQuery = z.object({
  promotionId: z.coerce.number().int().positive().optional(),
  campaignId: z.coerce.number().int().positive().optional(),
});

/**
 * The worst-case table for one promotion (with what would be live with it), a campaign's
 * promotions, or every published promotion not yet ended.
 */
export async function worstCaseReport(
  db: Kysely<DB>,
  shop: Shop,
  q: z.infer<typeof WorstCaseQuery>,
  now: Date,
): Promise<WorstCaseReport> {
  let set: PromotionRow[];
  if (q.promotionId !== undefined) {
    const p = await findPromotion(db, shop.id, q.promotionId);
    if (!p) throw notFound("促销", "Promotion", "promotionId");
    set = await liveTogether(db, shop.id, [p]);
  } else if (q.campaignId !== undefined) {
    set = await liveTogether(
      db,
      shop.id,
      await listPromotions(db, shop.id, { campaignId: q.campaignId }),
    );
  } else {
    set = (await listPublishedOverlapping(db, shop.id, now, null)).filter(
      (p) => !p.ends_at || new Date(p.ends_at) > now,
    );
  }
  return worstCaseOf(db, shop, set);
}

export const PublishInput = z.strictObject({
  /** Owner only: publish although a SKU's worst case is below its floor. */
  override: z.boolean().default(false),
  reason: z.string().trim().max(1000).default(""),
});
export type PublishInput = z.infer<typeof PublishInput>;

/**
 * Publishes a promotion after the worst-case guard. Below-floor SKUs refuse with
 * `409 below_floor` (the violations in `details`) unless an owner overrides with a reason,
 * which the audit log keeps with the violations.
 */
export async function publishPromotion(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
  input: PublishInput,
): Promise<{ promotion: PromotionRow; worstCase: WorstCaseReport; advice: Advice[] }> {
  // one publish per shop at a time: two promotions published together are each checked with
  // the other already live (the guard gives the thread back while it runs)
  const before = publishing.get(shop.id) ?? Promise.resolve();
  const run = before.then(() => publishGuarded(db, shop, actor, id, input));
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  publishing.set(shop.id, settled);
  void settled.then(() => {
    if (publishing.get(shop.id) === settled) publishing.delete(shop.id);
  });
  return run;
}

/** The publish under way per shop (see `publishPromotion`). */
const publishing = new Map<number, Promise<void>>();

async function publishGuarded(
  db: Kysely<DB>,
  shop: Shop,
  actor: Actor,
  id: number,
  input: PublishInput,
): Promise<{ promotion: PromotionRow; worstCase: WorstCaseReport; advice: Advice[] }> {
  const p = await findPromotion(db, shop.id, id);
  if (!p) throw notFound("促销", "Promotion", "id");
  const report = await worstCaseOf(db, shop, await liveTogether(db, shop.id, [p]));
  const v = report.result.violations;
  let action = "promotion.publish";
  if (v.length > 0) {
    if (!input.override)
      throw belowFloor(
        `有 ${v.length} 个 SKU 的最差到手净额低于底价（${v.map((x) => x.sku).join("、")}），不能发布`,
        `${v.length} SKU(s) can sell below their floor (${v.map((x) => x.sku).join(", ")}); publishing refused`,
        { violations: v, worstCase: report.result.skus.filter((s) => s.belowFloor) },
      );
    if (actor.role !== "owner")
      throw new AppError(
        "forbidden",
        "只有店主可以在低于底价时强制发布",
        "Only an owner can publish below the floor",
        "override",
      );
    if (input.reason.length < 4)
      throw new AppError(
        "invalid_input",
        "强制发布需要填写理由",
        "Publishing below the floor needs a written reason",
        "reason",
      );
    action = "promotion.publish_override";
  }
  const promotion = await setPublished(db, shop, actor, id, true, {
    action,
    reason: v.length > 0 ? input.reason : null,
    details: v.length > 0 ? { violations: v } : undefined,
  });
  return {
    promotion,
    worstCase: report,
    advice: await campaignAdvice(db, shop.id, p.campaign_id),
  };
}
