import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import { shopsWithLostScores } from "../src/adapters/db/repositories/segment-scores.ts";
import { insertSegment, segmentHistory } from "../src/adapters/db/repositories/segments.ts";
import { type Queue, startQueue } from "../src/adapters/queue/boss.ts";
import type { ShopRefreshResult } from "../src/app/segments/refresh.ts";
import {
  enqueueSegmentRefresh,
  nightlyQueueName,
  type RefreshJob,
  type SegmentJobs,
  startSegmentJobs,
  syncRefreshSchedules,
} from "../src/app/segments/schedule.ts";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";
import { addCustomers, createShop } from "./helpers/segments.ts";
import { orderListCsv, sampleOrders } from "./helpers/taobao.ts";

const recent = new Date(Date.now() - 5 * 86_400_000).toISOString();

async function waitFor(check: () => Promise<boolean> | boolean, ms = 45_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe(`scheduled segment refresh on the job queue (${testBackend})`, () => {
  let database: Database;
  let boss: Queue;
  let shopA: number;
  let shopB: number;
  let segA: number;
  let segB: number;

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    shopA = (await createShop(db, "sched-a")).id;
    shopB = (await createShop(db, "sched-b")).id;
    await sql`update shops set time_zone = 'Europe/Berlin' where id = ${shopB}`.execute(db);
    for (const [shopId, prefix] of [
      [shopA, "a"],
      [shopB, "b"],
    ] as const) {
      await addCustomers(db, shopId, [
        { externalId: `${prefix}1`, orders: [{ paidAt: recent, fen: 1000 }] },
        { externalId: `${prefix}2`, orders: [{ paidAt: recent, fen: 2000 }] },
        { externalId: `${prefix}3` },
      ]);
    }
    const buyers = { kind: "paidOrders", min: 1 } as const;
    segA = (
      await insertSegment(db, {
        shopId: shopA,
        name: "buyers",
        description: "",
        definition: buyers,
        createdBy: null,
      })
    ).id;
    segB = (
      await insertSegment(db, {
        shopId: shopB,
        name: "buyers",
        description: "",
        definition: buyers,
        createdBy: null,
      })
    ).id;
    boss = await startQueue(database, {
      cronMonitorIntervalSeconds: 1,
      cronWorkerIntervalSeconds: 1,
    });
  });

  // pg-boss returns its stored rows, time zone included (its type leaves it out)
  const schedules = async () =>
    (await boss.getSchedules()) as unknown as { name: string; cron: string; timezone: string }[];

  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.close();
  });

  it("keeps one nightly schedule per shop at 03:00 in the shop's time zone", async () => {
    const scheduled = await syncRefreshSchedules(database, boss);
    expect(scheduled.sort()).toEqual([shopA, shopB].sort());
    const rows = await schedules();
    const mine = rows
      .filter((r) => r.name.startsWith("segments-nightly-"))
      .map((r) => [r.name, r.cron, r.timezone])
      .sort();
    expect(mine).toEqual(
      [
        [nightlyQueueName(shopA), "0 3 * * *", "Asia/Shanghai"],
        [nightlyQueueName(shopB), "0 3 * * *", "Europe/Berlin"],
      ].sort(),
    );
    // a time zone change moves the schedule; a deleted shop loses it
    await sql`update shops set time_zone = 'Asia/Tokyo' where id = ${shopB}`.execute(database.db);
    await syncRefreshSchedules(database, boss);
    const tz = (await schedules()).find((r) => r.name === nightlyQueueName(shopB))?.timezone;
    expect(tz).toBe("Asia/Tokyo");
  });

  it("at most one refresh waits per shop", async () => {
    const first = await enqueueSegmentRefresh(boss, shopA, "import");
    const second = await enqueueSegmentRefresh(boss, shopA, "import");
    const other = await enqueueSegmentRefresh(boss, shopB, "import");
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    expect(other).toBeTruthy();
    // leave the queue empty for the next test
    await boss.purgeQueue("segments-refresh");
  });

  it("the schedule fires, the job refreshes the shop's segments, and refreshes of one shop never overlap", async () => {
    const done: { job: RefreshJob; result: ShopRefreshResult; end: number }[] = [];
    const onRefreshed = (result: ShopRefreshResult, job: RefreshJob) =>
      done.push({ job, result, end: performance.now() });
    // two workers, as two processes would run
    const w1 = await startSegmentJobs(database, boss, {
      cron: "* * * * *",
      pollingIntervalSeconds: 0.5,
      schedulePollingSeconds: 1,
      onRefreshed,
    });
    const w2 = await startSegmentJobs(database, boss, {
      cron: "* * * * *",
      pollingIntervalSeconds: 0.5,
      schedulePollingSeconds: 1,
      onRefreshed,
    });
    try {
      // every minute's cron is due at once: each shop's schedule fires within seconds
      await waitFor(
        () => done.some((d) => d.job.shopId === shopA) && done.some((d) => d.job.shopId === shopB),
      );
      const a = done.find((d) => d.job.shopId === shopA)!;
      expect(a.job.trigger).toBe("schedule");
      expect(a.result.segments).toMatchObject([{ id: segA, size: 2 }]);
      const hist = await segmentHistory(database.db, shopA, segA);
      expect(hist.at(-1)).toMatchObject({ size: 2, trigger: "schedule" });
      expect((await segmentHistory(database.db, shopB, segB)).at(-1)).toMatchObject({
        size: 2,
        trigger: "schedule",
      });

      // a burst of requests for one shop, with two workers taking jobs: requests made while
      // one waits are dropped, and each accepted one runs exactly once
      const before = done.length;
      const sent = [];
      for (let i = 0; i < 6; i++) sent.push(await enqueueSegmentRefresh(boss, shopA, "import"));
      const accepted = sent.filter(Boolean).length;
      expect(accepted).toBeGreaterThanOrEqual(1);
      expect(accepted).toBeLessThan(6);
      const importRuns = () =>
        done.slice(before).filter((d) => d.job.shopId === shopA && d.job.trigger === "import")
          .length;
      await waitFor(async () => importRuns() >= accepted);
      await new Promise((r) => setTimeout(r, 1500));
      expect(importRuns()).toBe(accepted);
      const runsA = done
        .filter((d) => d.job.shopId === shopA)
        .map((d) => [d.end - d.result.totalMs, d.end] as const)
        .sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < runsA.length; i++)
        expect(runsA[i]![0]).toBeGreaterThanOrEqual(runsA[i - 1]![1] - 5);
    } finally {
      await w1.stop();
      await w2.stop();
    }
  }, 90_000);

  it("a shop whose scores were lost (unlogged table emptied by a crash) is rebuilt by the next sync", async () => {
    const db = database.db;
    // back to the nightly cron, with nothing waiting from the previous test
    await syncRefreshSchedules(database, boss);
    for (const q of ["segments-refresh", nightlyQueueName(shopA), nightlyQueueName(shopB)]) {
      await boss.purgeQueue(q);
    }
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from customer_scores where shop_id = ${shopA}`.execute(db);
    expect(stored.rows[0]!.n).toBe(3);
    await sql`truncate customer_scores, segment_members`.execute(db);
    const done: { job: RefreshJob; result: ShopRefreshResult }[] = [];
    const jobs = await startSegmentJobs(database, boss, {
      pollingIntervalSeconds: 0.5,
      onRefreshed: (result, job) => done.push({ job, result }),
    });
    try {
      const rebuilt = () => done.filter((d) => d.job.trigger === "rebuild");
      await waitFor(() => rebuilt().length >= 2);
      expect(
        rebuilt()
          .map((d) => d.job.shopId)
          .sort(),
      ).toEqual([shopA, shopB].sort());
      const again = await sql<{ n: number }>`
        select count(*)::int as n from customer_scores where shop_id = ${shopA}`.execute(db);
      expect(again.rows[0]!.n).toBe(3);
      expect((await segmentHistory(db, shopA, segA)).at(-1)).toMatchObject({
        size: 2,
        added: 0,
        removed: 0,
        trigger: "rebuild",
      });
      // nothing lost any more: a further sync asks for no rebuild
      expect(await shopsWithLostScores(db)).toEqual([]);
      await jobs.sync();
      await new Promise((r) => setTimeout(r, 1500));
      expect(rebuilt().length).toBe(2);
    } finally {
      await jobs.stop();
    }
  }, 60_000);
});

describe(`segment refresh after an import, through the job queue (${testBackend})`, () => {
  let t: TestApp;
  let boss: Queue | undefined;
  let jobs: SegmentJobs | undefined;
  const done: { job: RefreshJob; result: ShopRefreshResult }[] = [];
  const asked: number[] = [];

  beforeAll(async () => {
    t = await openTestApp(undefined, async (database) => {
      boss = await startQueue(database, { schedule: false });
      jobs = await startSegmentJobs(database, boss, {
        pollingIntervalSeconds: 0.5,
        onRefreshed: (result, job) => done.push({ job, result }),
      });
      const queue = boss;
      return {
        requestSegmentRefresh: (shopId, trigger) => {
          asked.push(shopId);
          return enqueueSegmentRefresh(queue, shopId, trigger);
        },
      };
    });
  });
  afterAll(async () => {
    await jobs?.stop();
    await boss?.stop({ graceful: false, wait: true });
    await t.close();
  });

  it("a finished import enqueues one refresh of its shop, which brings the imported buyers into its segments", async () => {
    const db = t.database.db;
    const shop = await createShop(db, "s");
    const seg = await insertSegment(db, {
      shopId: shop.id,
      name: "buyers",
      description: "",
      definition: { kind: "paidOrders", min: 1 },
      createdBy: null,
    });
    const req = await t.as("operator");
    const form = new FormData();
    const csv = orderListCsv(sampleOrders());
    form.set("file", new File([`\ufeff${csv}`], "ExportOrderList201711.csv", { type: "text/csv" }));
    form.set("format", "taobao");
    const res = await req("/api/shops/s/imports", { method: "POST", body: form });
    expect(res.status).toBe(201);
    await waitFor(() => done.some((d) => d.job.shopId === shop.id));
    expect(asked).toEqual([shop.id]);
    const run = done.find((d) => d.job.shopId === shop.id)!;
    expect(run.job.trigger).toBe("import");
    const buyers = await sql<{ n: number }>`
      select count(*)::int as n from customers where shop_id = ${shop.id} and paid_orders > 0`.execute(
      db,
    );
    expect(buyers.rows[0]!.n).toBeGreaterThan(0);
    expect(run.result.segments).toMatchObject([{ id: seg.id, size: buyers.rows[0]!.n }]);
    expect((await segmentHistory(db, shop.id, seg.id)).at(-1)).toMatchObject({
      size: buyers.rows[0]!.n,
      trigger: "import",
    });
  }, 60_000);
});
