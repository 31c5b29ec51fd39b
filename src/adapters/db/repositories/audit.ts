/** The audit log: every change a user makes, with before/after snapshots. */
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export interface AuditEntry {
  shopId: number | null;
  userId: number | null;
  action: string;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function recordAudit(db: Kysely<DB>, e: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      shop_id: e.shopId,
      user_id: e.userId,
      action: e.action,
      entity: e.entity,
      entity_id: e.entityId == null ? null : String(e.entityId),
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? null,
    })
    .execute();
}

export async function listAudit(db: Kysely<DB>, shopId: number | null, limit = 100) {
  let q = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .select([
      "audit_log.id",
      "audit_log.action",
      "audit_log.entity",
      "audit_log.entity_id",
      "audit_log.before",
      "audit_log.after",
      "audit_log.reason",
      "audit_log.at",
      "users.username",
    ])
    .orderBy("audit_log.id", "desc")
    .limit(limit);
  if (shopId !== null) q = q.where("audit_log.shop_id", "=", shopId);
  return q.execute();
}
