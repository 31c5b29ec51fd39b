import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import { ensureQueue, type Queue, startQueue } from "../src/adapters/queue/boss.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";

describe(`job queue on the app database (${testBackend})`, () => {
  let database: Database;
  let boss: Queue;
  beforeAll(async () => {
    database = await openTestDatabase();
    boss = await startQueue(database, { schedule: false });
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, wait: true });
    await database.close();
  });

  it("delivers every job to a worker and retries a failed one", async () => {
    await ensureQueue(boss, "test-echo", { retryLimit: 3, retryDelay: 1 });
    await ensureQueue(boss, "test-echo"); // idempotent
    const done = new Map<number, number>();
    let failures = 0;
    await boss.work<{ n: number }>(
      "test-echo",
      { pollingIntervalSeconds: 0.5, batchSize: 1 },
      async ([job]) => {
        if (!job) return;
        if (job.data.n === 2 && failures === 0) {
          failures += 1;
          throw new Error("transient");
        }
        done.set(job.data.n, (done.get(job.data.n) ?? 0) + 1);
      },
    );
    for (const n of [1, 2, 3]) await boss.send("test-echo", { n });
    const deadline = Date.now() + 30_000;
    while (done.size < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect([...done.entries()].sort()).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    expect(failures).toBe(1);
  });
});
