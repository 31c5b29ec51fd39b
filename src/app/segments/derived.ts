/**
 * Guards for readers that act on derived segment data. RFM scores and saved-segment members
 * live in unlogged tables, which PostgreSQL empties after a crash until a refresh rebuilds
 * them (docs/adr/0007). Sending or issuing to an audience read in that window would silently
 * reach nobody, so those use cases refuse with a clear error instead.
 */
import type { Kysely } from "kysely";
import { scoresLost } from "../../adapters/db/repositories/segment-scores.ts";
import { segmentMembersLost } from "../../adapters/db/repositories/segments.ts";
import type { DB } from "../../adapters/db/schema.ts";
import { AppError } from "../errors.ts";

const rebuilding = (field: string) =>
  new AppError(
    "conflict",
    "客户分群数据在数据库重启后正在重建，请几分钟后再试",
    "Segment data is being rebuilt after a database restart; try again in a few minutes",
    field,
  );

/** Throws `conflict` when the members of a saved segment were lost and not yet rebuilt. */
export async function requireSegmentMembers(
  db: Kysely<DB>,
  shopId: number,
  segmentId: number,
  field = "segmentId",
): Promise<void> {
  if (await segmentMembersLost(db, shopId, segmentId)) throw rebuilding(field);
}

/** Throws `conflict` when the shop's RFM scores and playbook segments were lost. */
export async function requireScores(db: Kysely<DB>, shopId: number, field: string): Promise<void> {
  if (await scoresLost(db, shopId)) throw rebuilding(field);
}
