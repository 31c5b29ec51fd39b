/**
 * Outreach benchmark on PostgreSQL (DACU_BENCH_DATABASE_URL, a fresh schema dropped
 * afterwards; embedded PGlite when unset, with smaller sizes):
 * - the time to plan a 1,000,000-recipient SMS wave (one set-based insert … select);
 * - messages/s sent to the local fake SMS provider by one delivery worker through pg-boss.
 *
 *   DACU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import ./bin/register-ts.mjs bench/outreach.bench.ts
 *
 * DACU_BENCH_PLAN_ROWS (default 1,000,000) and DACU_BENCH_SEND_ROWS (default 50,000) change
 * the sizes.
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";
import { startQueue } from "../src/adapters/queue/boss.ts";
import { FakeSmsProvider } from "../src/adapters/sms/fake/client.ts";
import { startFakeSmsServer } from "../src/adapters/sms/fake/server.ts";
import { fakeKeyLookup, startOutreachWorker, stepProgress } from "../src/app/outreach/delivery.ts";
import { createJourney, launchJourney, planJourney } from "../src/app/outreach/journeys.ts";
import { seedOutreachShop } from "../test/helpers/outreach.ts";

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

/** Runs the outreach benchmark and prints its figures. */
export async function run(): Promise<void> {
  const url = process.env.DACU_BENCH_DATABASE_URL;
  const schema = `dacu_bench_${randomBytes(4).toString("hex")}`;
  const planRows = Number(process.env.DACU_BENCH_PLAN_ROWS ?? (url ? 1_000_000 : 50_000));
  const sendRows = Number(process.env.DACU_BENCH_SEND_ROWS ?? (url ? 50_000 : 5_000));
  const database: Database = url
    ? await openDatabase({ url, schema, poolSize: 12 })
    : await openDatabase({ dataDir: "memory://" });
  const fake = await startFakeSmsServer({ latencyMs: 1 });
  try {
    console.log(`outreach bench on ${database.kind}`);
    // 1. Planning a wave of planRows recipients.
    let t = performance.now();
    const big = await seedOutreachShop(database, planRows, { code: "bench" });
    console.log(`seed ${planRows} customers with consent: ${ms(t)}`);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const step = (segmentId: number) => ({
      name: "wave",
      channel: "sms" as const,
      smsType: "notification" as const,
      audience: { kind: "segment" as const, segmentId },
      template: "【小店】{name}，您的会员积分已到账。",
      offsetDays: 0,
      windowFrom: "00:00",
      windowTo: "23:59",
    });
    const j = await createJourney(database, big.shopId, null, {
      name: "bench",
      tDate: today,
      steps: [step(big.segmentId)],
    });
    t = performance.now();
    const dry = await planJourney(database, big.shopId, j.id, { dryRun: true });
    console.log(`plan dry run (${dry.totalRecipients} recipients): ${ms(t)}`);
    t = performance.now();
    const real = await planJourney(database, big.shopId, j.id, { dryRun: false });
    console.log(`plan ${real.steps[0]?.written} message rows (insert … select): ${ms(t)}`);

    // 2. Sending sendRows messages to the fake provider.
    const small = await seedOutreachShop(database, sendRows, { code: "send" });
    const sj = await createJourney(database, small.shopId, null, {
      name: "send",
      tDate: today,
      steps: [step(small.segmentId)],
    });
    await launchJourney(database, small.shopId, null, sj.id);
    const boss = await startQueue(database, { schedule: false });
    const queue = `outreach-bench-${randomBytes(3).toString("hex")}`;
    t = performance.now();
    const worker = await startOutreachWorker(database, boss, {
      provider: new FakeSmsProvider({ baseUrl: fake.url }),
      lookup: fakeKeyLookup(fake.url),
      queue,
      ratePerSecond: 100_000,
      concurrency: 8,
      maintenanceSeconds: 1,
      pollingIntervalSeconds: 0.5,
    });
    const stepId = sj.steps[0]?.id ?? 0;
    for (;;) {
      const p = await stepProgress(database, small.shopId, stepId);
      if (p.queued + p.sending === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const secs = (performance.now() - t) / 1000;
    console.log(
      `sent ${fake.log().length} SMS in ${secs.toFixed(1)} s: ${(fake.log().length / secs).toFixed(0)} messages/s`,
    );
    await worker.stop();
    await boss.stop({ graceful: false, wait: true });
  } finally {
    await fake.close();
    await database.close();
    if (url) {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
