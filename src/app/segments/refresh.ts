/**
 * Refreshing a shop's segments: score RFM and playbook segments of every customer, then
 * recompute the members of each saved segment (with history). Called on demand (API, CLI),
 * after an import, and by the scheduler.
 */

import type { Kysely } from "kysely";
import { vacuumOrderTables } from "../../adapters/db/repositories/maintenance.ts";
import {
  getSegmentSettings,
  scoreShopAtomically,
} from "../../adapters/db/repositories/segment-scores.ts";
import {
  analyzeSegmentMembers,
  listSegments,
  membersNeedAnalyze,
  refreshSegmentMembers,
} from "../../adapters/db/repositories/segments.ts";
import { findShopById, listShops } from "../../adapters/db/repositories/shops.ts";
import type { DB } from "../../adapters/db/schema.ts";
import { SegmentDefinitionSchema } from "../../domain/segments/definition.ts";
import { notFound } from "../errors.ts";

/** What asked for a refresh; `rebuild`: the scores were lost (see `shopsWithLostScores`). */
export type RefreshTrigger = "manual" | "import" | "schedule" | "cli" | "api" | "rebuild";

export interface ShopRefreshResult {
  shopId: number;
  customers: number;
  buyers: number;
  scoresChanged: number;
  scoreMs: number;
  segments: {
    id: number;
    name: string;
    size: number;
    added: number;
    removed: number;
    durationMs: number;
    error?: string;
  }[];
  totalMs: number;
}

/** Saved segments refreshed at the same time (each in its own transaction and connection). */
const SEGMENTS_AT_ONCE = 2;

/**
 * Refreshes RFM scores, playbook segments and every saved segment of one shop, as of `now`.
 * Scores are written in one transaction; each saved segment then in its own, so one broken
 * definition cannot block the others (its error is reported in the result). On PostgreSQL two
 * segments are refreshed at a time, on two connections (a refresh takes at most two cores for
 * its segments); PGlite's single connection takes them in turn.
 */
export async function refreshShopSegments(
  db: Kysely<DB>,
  shopId: number,
  options: { now?: Date; trigger?: RefreshTrigger; onlySegmentId?: number } = {},
): Promise<ShopRefreshResult> {
  const t0 = performance.now();
  const now = options.now ?? new Date();
  const trigger = options.trigger ?? "manual";
  const shop = await findShopById(db, shopId);
  if (!shop) throw notFound("店铺", "Shop", "shop");
  const settings = await getSegmentSettings(db, shopId);
  const score = await scoreShopAtomically(db, shop, settings, now);
  const ctx = { shopId, timeZone: shop.time_zone, now, settings };
  const result: ShopRefreshResult = {
    shopId,
    customers: score.customers,
    buyers: score.buyers,
    scoresChanged: score.changed,
    scoreMs: score.durationMs,
    segments: [],
    totalMs: 0,
  };
  let analyze = false;
  const segs = (await listSegments(db, shopId)).filter(
    (seg) => options.onlySegmentId === undefined || seg.id === options.onlySegmentId,
  );
  const done: ShopRefreshResult["segments"] = new Array(segs.length);
  const refreshOne = async (i: number) => {
    const seg = segs[i]!;
    const parsed = SegmentDefinitionSchema.safeParse(seg.definition);
    if (!parsed.success) {
      done[i] = {
        id: seg.id,
        name: seg.name,
        size: seg.size ?? 0,
        added: 0,
        removed: 0,
        durationMs: 0,
        error: `定义无效 / invalid definition: ${parsed.error.issues[0]?.message ?? ""}`,
      };
      return;
    }
    const m = await db.transaction().execute((tx) =>
      refreshSegmentMembers(tx, ctx, { id: seg.id, definition: parsed.data }, trigger, {
        deferAnalyze: true,
      }),
    );
    if (membersNeedAnalyze(m)) analyze = true;
    done[i] = { id: seg.id, name: seg.name, ...m };
  };
  let next = 0;
  const lane = async () => {
    while (next < segs.length) await refreshOne(next++);
  };
  await Promise.all(Array.from({ length: Math.min(SEGMENTS_AT_ONCE, segs.length) }, lane));
  result.segments.push(...done);
  // one statistics refresh after large membership changes, not one per segment
  if (analyze) await analyzeSegmentMembers(db);
  result.totalMs = Math.round(performance.now() - t0);
  return result;
}

/**
 * The refresh after an import: the order tables vacuumed and analysed first (PGlite has no
 * autovacuum; see `maintenance.ts`), so segment conditions read indexes alone, then the shop.
 */
export async function refreshAfterImport(
  db: Kysely<DB>,
  shopId: number,
): Promise<ShopRefreshResult> {
  await vacuumOrderTables(db);
  return refreshShopSegments(db, shopId, { trigger: "import" });
}

/** Refreshes every shop in turn (the scheduled job). */
export async function refreshAllShops(
  db: Kysely<DB>,
  options: { now?: Date; trigger?: RefreshTrigger } = {},
): Promise<ShopRefreshResult[]> {
  const shops = await listShops(db);
  const out: ShopRefreshResult[] = [];
  for (const s of shops) out.push(await refreshShopSegments(db, s.id, options));
  return out;
}
