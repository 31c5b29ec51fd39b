/**
 * Demo shop: pure generation time, then load time into a fresh embedded PGlite data
 * directory and, when DACU_BENCH_DATABASE_URL is set, into a fresh PostgreSQL schema, and the
 * time the demo campaigns add on top (two campaigns, their promotions, coupons and schedules).
 * Size: DACU_BENCH_DEMO_CUSTOMERS / DACU_BENCH_DEMO_ORDERS (default 20,000 / 150,000).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";
import { ensureOwner } from "../src/app/auth/service.ts";
import { loadDemoCampaigns, loadDemoShop } from "../src/app/demo/index.ts";
import { generateDemoShop } from "../src/domain/demo/index.ts";

const customers = Number(process.env.DACU_BENCH_DEMO_CUSTOMERS ?? 20_000);
const orders = Number(process.env.DACU_BENCH_DEMO_ORDERS ?? 150_000);
const now = new Date("2026-11-23T12:00:00+08:00");
const fmt = (n: number) => n.toLocaleString("en-US");

async function timeLoad(label: string, open: () => Promise<Database>): Promise<void> {
  const database = await open();
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const summary = await loadDemoShop(database.db, { seed: 42, customers, orders, now });
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const c = summary.counts;
    const rows = c.products + c.skus + c.customers + c.consents + c.orders + c.lines + c.logisticsEvents + c.reviews + c.afterSales; // biome-ignore format: one line
    console.log(
      `demo: load ${fmt(orders)} orders into ${label}: ${wall.toFixed(1)} s (this process's CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${fmt(rows)} rows)`,
    );
    await ensureOwner(database.db, { DACU_ADMIN_PASSWORD: "bench-Secret-2026" });
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const r = await loadDemoCampaigns(database.db, { shopId: summary.shopId, seed: 42, now });
    const cpuC = process.cpuUsage(cpu1);
    console.log(
      `demo: campaigns on ${label}: ${(performance.now() - t1).toFixed(0)} ms (this process's CPU ${((cpuC.user + cpuC.system) / 1e3).toFixed(0)} ms; ${r.campaigns.length} campaigns, ${r.campaigns.reduce((a, c) => a + c.promotions, 0)} promotions, ${fmt(r.couponsIssued)} coupons issued)`,
    );
  } finally {
    await database.close();
  }
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  let n = 0;
  const demo = generateDemoShop({ seed: 42, customers, orders, now });
  for (const batch of demo.batches()) n += batch.orders.length;
  console.log(`demo: generate ${fmt(n)} orders (${fmt(customers)} customers): ${((performance.now() - t0) / 1000).toFixed(1)} s`); // biome-ignore format: one line

  const dir = mkdtempSync(join(tmpdir(), "dacu-bench-demo-"));
  try {
    await timeLoad("PGlite", () => openDatabase({ dataDir: join(dir, "pglite") }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const url = process.env.DACU_BENCH_DATABASE_URL;
  if (!url) {
    console.log("demo: PostgreSQL skipped (set DACU_BENCH_DATABASE_URL)");
    return;
  }
  const schema = `dacu_bench_demo_${randomBytes(4).toString("hex")}`;
  try {
    await timeLoad("PostgreSQL", () => openDatabase({ url, schema }));
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
