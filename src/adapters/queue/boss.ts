/**
 * Background jobs on pg-boss, in Dacu's own database (no extra server): the same pool the
 * repositories use, so on PGlite its single connection is shared and on PostgreSQL jobs can
 * be created inside a business transaction. Jobs live in the `pgboss` schema (`<schema>_pgboss`
 * when the database was opened on a schema of its own).
 */
import PgBoss from "pg-boss";
import type { Database } from "../db/database.ts";

export type Queue = PgBoss;

export interface QueueOptions {
  /** How often workers look for new jobs, in seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Run cron schedules in this process (default true). */
  schedule?: boolean;
  /** How often cron schedules are checked, in seconds (1–45, default 30). */
  cronMonitorIntervalSeconds?: number;
  /** How often due cron jobs are turned into jobs, in seconds (1–45, default 5). */
  cronWorkerIntervalSeconds?: number;
}

export async function startQueue(database: Database, options: QueueOptions = {}): Promise<Queue> {
  const boss = new PgBoss({
    db: {
      executeSql: async (text: string, values: unknown[]) => {
        const r = await database.pool.query(text, values);
        return { rows: r.rows };
      },
    },
    // Beside a test's own schema its own job schema, so test runs never take each other's jobs.
    schema: database.schema ? `${database.schema}_pgboss` : "pgboss",
    schedule: options.schedule ?? true,
    supervise: true,
    migrate: true,
    ...(options.cronMonitorIntervalSeconds
      ? { cronMonitorIntervalSeconds: options.cronMonitorIntervalSeconds }
      : {}),
    ...(options.cronWorkerIntervalSeconds
      ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds }
      : {}),
  });
  boss.on("error", (err) => console.error("[dacu] job queue:", err.message));
  await boss.start();
  return boss;
}

/** Creates the queue if missing (idempotent). */
export async function ensureQueue(
  boss: Queue,
  name: string,
  options: Omit<PgBoss.Queue, "name"> = {},
) {
  if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
}
