/**
 * A delivery worker run as a child process by the crash test. Settings from the environment:
 * CRASH_DB_URL + CRASH_DB_SCHEMA (PostgreSQL) or CRASH_DATA_DIR (PGlite), CRASH_FAKE_URL,
 * CRASH_QUEUE, CRASH_STEP (shop:step) and CRASH_EXIT_WHEN_DONE. Prints one JSON progress
 * line every 200 ms.
 */
import { openDatabase } from "../../src/adapters/db/database.ts";
import { startQueue } from "../../src/adapters/queue/boss.ts";
import { FakeSmsProvider } from "../../src/adapters/sms/fake/client.ts";
import {
  fakeKeyLookup,
  startOutreachWorker,
  stepProgress,
} from "../../src/app/outreach/delivery.ts";

const env = process.env;
const database = await openDatabase(
  env.CRASH_DB_URL
    ? { url: env.CRASH_DB_URL, schema: env.CRASH_DB_SCHEMA }
    : { dataDir: env.CRASH_DATA_DIR },
);
const boss = await startQueue(database, { schedule: false });
const fakeUrl = env.CRASH_FAKE_URL ?? "";
const [shopId, stepId] = (env.CRASH_STEP ?? "0:0").split(":").map(Number) as [number, number];
const worker = await startOutreachWorker(database, boss, {
  provider: new FakeSmsProvider({ baseUrl: fakeUrl }),
  lookup: fakeKeyLookup(fakeUrl),
  queue: env.CRASH_QUEUE ?? "outreach-send",
  leaseSeconds: 2,
  maintenanceSeconds: 1,
  ratePerSecond: 20_000,
  backoffMs: 20,
  pollingIntervalSeconds: 0.5,
});
const recovery = await worker.recover();
console.log(JSON.stringify({ ready: true, recovery }));
for (;;) {
  await new Promise((r) => setTimeout(r, 200));
  const p = await stepProgress(database, shopId, stepId);
  console.log(JSON.stringify({ progress: p, recovered: worker.totals() }));
  if (env.CRASH_EXIT_WHEN_DONE && p.queued + p.sending + p.unknown === 0) {
    await worker.stop();
    await boss.stop({ graceful: false, wait: true });
    await database.close();
    process.exit(0);
  }
}
