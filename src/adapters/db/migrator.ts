/**
 * Forward-only, versioned migrations, run at start. Each migration is a module in
 * `./migrations/` named `NNNN_description.ts` exporting `up(db)`; add new ones to the list
 * below. Applied migrations are never edited: fix forward with a new one.
 * Migrations written on parallel branches may land out of name order, so a database that
 * already ran a later-numbered one still gets an earlier-numbered newcomer
 * (`allowUnorderedMigrations`); each migration therefore only touches its own tables.
 */
import { type Kysely, type Migration, Migrator } from "kysely";
import * as m0001 from "./migrations/0001_foundation.ts";
import * as m0002import from "./migrations/0002_import.ts";
import * as m0002segments from "./migrations/0002_segments.ts";
import * as m0003segmentsSpeed from "./migrations/0003_segments_speed.ts";
import * as m0004segmentsOrdersPaid from "./migrations/0004_segments_orders_paid.ts";
import * as m0005 from "./migrations/0005_campaigns.ts";
import * as m0006 from "./migrations/0006_promotions.ts";
import * as m0007outreach from "./migrations/0007_outreach.ts";
import * as m0008outreachLogistics from "./migrations/0008_outreach_logistics.ts";
import * as m0009ordersListIndex from "./migrations/0009_orders_list_index.ts";
import * as m0010segmentsUnlogged from "./migrations/0010_segments_unlogged.ts";

const migrations: Record<string, Migration> = {
  "0001_foundation": m0001,
  "0002_import": m0002import,
  "0002_segments": m0002segments,
  "0003_segments_speed": m0003segmentsSpeed,
  "0004_segments_orders_paid": m0004segmentsOrdersPaid,
  "0005_campaigns": m0005,
  "0006_promotions": m0006,
  "0007_outreach": m0007outreach,
  "0008_outreach_logistics": m0008outreachLogistics,
  "0009_orders_list_index": m0009ordersListIndex,
  "0010_segments_unlogged": m0010segmentsUnlogged,
};

export class MigrationError extends Error {
  constructor(name: string, cause: unknown) {
    super(
      `数据库迁移 ${name} 失败 / migration ${name} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    this.name = "MigrationError";
  }
}

/** Applies every pending migration in order; returns the names applied now. */
// biome-ignore lint/suspicious/noExplicitAny: any schema can be migrated
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    // Bookkeeping tables live in the database's own schema (tests run one schema each).
    ...(schema ? { migrationTableSchema: schema } : {}),
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) throw new MigrationError(failed?.migrationName ?? "?", error);
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

export const migrationNames = Object.keys(migrations);
