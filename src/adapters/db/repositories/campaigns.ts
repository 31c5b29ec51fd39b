/** Campaign plans and their schedule tasks. */

import type { Insertable, Selectable, Updateable } from "kysely";
import { type Kysely, sql } from "kysely";
import type { CampaignsTable, CampaignTasksTable, DB, TaskStatus } from "../schema.ts";

export type CampaignRow = Selectable<CampaignsTable>;
export type CampaignTaskRow = Selectable<CampaignTasksTable>;

export async function listCampaigns(db: Kysely<DB>, shopId: number, today: string) {
  return db
    .selectFrom("campaigns as c")
    .selectAll("c")
    .select([
      sql<number>`(select count(*) from campaign_tasks t where t.shop_id = c.shop_id and t.campaign_id = c.id)::int`.as(
        "tasks_total",
      ),
      sql<number>`(select count(*) from campaign_tasks t where t.shop_id = c.shop_id and t.campaign_id = c.id and t.status in ('done','skipped'))::int`.as(
        "tasks_done",
      ),
      sql<number>`(select count(*) from campaign_tasks t where t.shop_id = c.shop_id and t.campaign_id = c.id and t.status not in ('done','skipped') and t.due_date < ${today}::date)::int`.as(
        "tasks_late",
      ),
    ])
    .where("c.shop_id", "=", shopId)
    .where("c.status", "<>", "archived")
    .orderBy("c.peak_date", "desc")
    .execute();
}

export async function findCampaign(db: Kysely<DB>, shopId: number, id: number) {
  return db
    .selectFrom("campaigns")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function insertCampaign(db: Kysely<DB>, row: Insertable<CampaignsTable>) {
  return db.insertInto("campaigns").values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateCampaign(
  db: Kysely<DB>,
  shopId: number,
  id: number,
  patch: Updateable<CampaignsTable>,
) {
  return db
    .updateTable("campaigns")
    .set({ ...patch, updated_at: new Date() })
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
}

export async function listTasks(db: Kysely<DB>, shopId: number, campaignId: number) {
  return db
    .selectFrom("campaign_tasks")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("campaign_id", "=", campaignId)
    .orderBy("due_date")
    .orderBy("sort")
    .orderBy("id")
    .execute();
}

export async function insertTasks(db: Kysely<DB>, rows: Insertable<CampaignTasksTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto("campaign_tasks").values(rows).returningAll().execute();
}

export async function findTask(db: Kysely<DB>, shopId: number, campaignId: number, taskId: number) {
  return db
    .selectFrom("campaign_tasks")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("campaign_id", "=", campaignId)
    .where("id", "=", taskId)
    .executeTakeFirst();
}

export async function updateTask(
  db: Kysely<DB>,
  shopId: number,
  taskId: number,
  patch: Updateable<CampaignTasksTable> & { status?: TaskStatus },
) {
  return db
    .updateTable("campaign_tasks")
    .set(patch)
    .where("shop_id", "=", shopId)
    .where("id", "=", taskId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
