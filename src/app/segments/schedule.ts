/**
 * Scheduled segment refreshes on the job queue (pg-boss):
 *
 * - one queue `segments-refresh` with the *stately* policy and the shop as singleton key, so
 *   a shop has at most one refresh running and at most one waiting, whatever asks for it
 *   (the nightly schedule, an import, several processes);
 * - per shop a schedule (cron in the shop's own time zone, 03:00 by default) on its own small
 *   queue `segments-nightly-<shop id>`, whose jobs only forward to `segments-refresh`
 *   (pg-boss keys schedules by queue name, so each shop needs its own);
 * - the schedules follow the shops: a sync at start and every few minutes adds, moves (time
 *   zone changed) and removes them;
 * - the same sync queues a `rebuild` refresh of every shop whose RFM scores or segment members
 *   were lost (PostgreSQL empties the unlogged `customer_scores` and `segment_members` after a
 *   crash; docs/adr/0007).
 */
import type { Database } from "../../adapters/db/database.ts";
import { shopsWithLostScores } from "../../adapters/db/repositories/segment-scores.ts";
import { shopsWithLostMembers } from "../../adapters/db/repositories/segments.ts";
import { listShops } from "../../adapters/db/repositories/shops.ts";
import { ensureQueue, type Queue } from "../../adapters/queue/boss.ts";
import {
  type RefreshTrigger,
  refreshAfterImport,
  refreshShopSegments,
  type ShopRefreshResult,
} from "./refresh.ts";

export const REFRESH_QUEUE = "segments-refresh";
const NIGHTLY_PREFIX = "segments-nightly-";
/** The default nightly refresh time, as a cron expression in the shop's time zone. */
export const DEFAULT_REFRESH_CRON = "0 3 * * *";

export interface RefreshJob {
  shopId: number;
  trigger: RefreshTrigger;
}

const shopKey = (shopId: number) => `shop-${shopId}`;
export const nightlyQueueName = (shopId: number) => `${NIGHTLY_PREFIX}${shopId}`;

async function ensureRefreshQueue(boss: Queue): Promise<void> {
  // A refresh of a million customers takes seconds; an hour covers a busy shared server.
  await ensureQueue(boss, REFRESH_QUEUE, {
    policy: "stately",
    retryLimit: 2,
    retryDelay: 60,
    expireInSeconds: 3600,
  });
}

/**
 * Asks for a refresh of one shop. Returns the job id, or null when one is already waiting for
 * that shop (it will see the latest data anyway).
 */
export async function enqueueSegmentRefresh(
  boss: Queue,
  shopId: number,
  trigger: RefreshTrigger,
): Promise<string | null> {
  await ensureRefreshQueue(boss);
  const data: RefreshJob = { shopId, trigger };
  return boss.send(REFRESH_QUEUE, data, { singletonKey: shopKey(shopId) });
}

/**
 * Makes the nightly schedules match the shops: one per shop at `cron` in the shop's time
 * zone; schedules of shops that no longer exist are removed. Returns the shops scheduled.
 */
export async function syncRefreshSchedules(
  database: Database,
  boss: Queue,
  cron = DEFAULT_REFRESH_CRON,
): Promise<number[]> {
  const shops = await listShops(database.db);
  const existing = new Map(
    // pg-boss returns the stored rows, time zone included (its type leaves it out)
    ((await boss.getSchedules()) as { name: string; cron: string; timezone?: string }[])
      .filter((s) => s.name.startsWith(NIGHTLY_PREFIX))
      .map((s) => [s.name, s]),
  );
  for (const shop of shops) {
    const name = nightlyQueueName(shop.id);
    const had = existing.get(name);
    existing.delete(name);
    if (had && had.cron === cron && had.timezone === shop.time_zone) continue;
    await ensureQueue(boss, name, { retryLimit: 0, expireInSeconds: 600 });
    await boss.schedule(name, cron, { shopId: shop.id }, { tz: shop.time_zone });
  }
  for (const name of existing.keys()) {
    await boss.unschedule(name);
    await boss.deleteQueue(name);
  }
  return shops.map((s) => s.id);
}

export interface SegmentJobs {
  /** Re-reads the shops and updates their schedules (also runs periodically). */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

export interface SegmentJobOptions {
  /** Nightly refresh time as cron in each shop's time zone. Default 03:00. */
  cron?: string;
  /** How often the refresh worker looks for jobs, in seconds. Default 2. */
  pollingIntervalSeconds?: number;
  /** How often each shop's schedule queue is polled, in seconds. Default 30 (cron is per minute). */
  schedulePollingSeconds?: number;
  /** How often the schedules are re-synced with the shops, in seconds. Default 300. */
  syncSeconds?: number;
  /** Called after each refresh (logging, tests). */
  onRefreshed?: (result: ShopRefreshResult, job: RefreshJob) => void;
}

/**
 * Starts the segment jobs of this process: the refresh worker (one refresh at a time), the
 * per-shop nightly schedules and their forwarders.
 */
export async function startSegmentJobs(
  database: Database,
  boss: Queue,
  options: SegmentJobOptions = {},
): Promise<SegmentJobs> {
  const cron = options.cron ?? DEFAULT_REFRESH_CRON;
  await ensureRefreshQueue(boss);
  const workers = new Map<string, string>();
  const refreshWorker = await boss.work<RefreshJob>(
    REFRESH_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      if (!job) return;
      const result =
        job.data.trigger === "import"
          ? await refreshAfterImport(database.db, job.data.shopId)
          : await refreshShopSegments(database.db, job.data.shopId, {
              trigger: job.data.trigger,
            });
      options.onRefreshed?.(result, job.data);
    },
  );

  let syncing = Promise.resolve();
  const syncOnce = async () => {
    const shopIds = await syncRefreshSchedules(database, boss, cron);
    const lost = new Set([
      ...(await shopsWithLostScores(database.db)),
      ...(await shopsWithLostMembers(database.db)),
    ]);
    for (const shopId of lost) await enqueueSegmentRefresh(boss, shopId, "rebuild");
    const wanted = new Set(shopIds.map(nightlyQueueName));
    for (const [name, id] of workers) {
      if (!wanted.has(name)) {
        await boss.offWork({ id });
        workers.delete(name);
      }
    }
    for (const shopId of shopIds) {
      const name = nightlyQueueName(shopId);
      if (workers.has(name)) continue;
      // Cron fires at most once a minute: a slow poll is enough to forward it.
      const id = await boss.work<{ shopId: number }>(
        name,
        { batchSize: 1, pollingIntervalSeconds: options.schedulePollingSeconds ?? 30 },
        async ([job]) => {
          if (job) await enqueueSegmentRefresh(boss, job.data.shopId, "schedule");
        },
      );
      workers.set(name, id);
    }
  };
  const sync = () => {
    syncing = syncing.then(syncOnce);
    return syncing;
  };
  await sync();
  const timer = setInterval(
    () => {
      sync().catch((err: unknown) => {
        syncing = Promise.resolve();
        console.error("[dacu] segment schedules:", err instanceof Error ? err.message : err);
      });
    },
    (options.syncSeconds ?? 300) * 1000,
  );
  timer.unref();
  return {
    sync,
    async stop() {
      clearInterval(timer);
      await syncing.catch(() => undefined);
      for (const id of workers.values()) await boss.offWork({ id });
      await boss.offWork({ id: refreshWorker });
    },
  };
}
