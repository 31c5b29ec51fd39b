/**
 * Segment refresh at scale: one shop with 1,000,000 customers and 5,000,000 orders generated
 * with set-based SQL (`generate_series`), customer statistics rebuilt from the orders, then
 * the full refresh (RFM scores + playbook segments + saved segments) timed three times: the
 * first refresh of the never-scored shop writes every score and member, the second (steady
 * state) only what changed — nothing — and the third follows a settings change that
 * rescores most customers. Each line gives wall time, CPU time (this process plus, on a
 * local PostgreSQL, the server backends) and the load average, as the machine may be shared.
 *
 * PostgreSQL when DACU_BENCH_DATABASE_URL is set (a fresh schema, dropped afterwards), and
 * PGlite in a temporary directory. Targets: ≤ 5 s on PostgreSQL, ≤ 15 s on PGlite.
 * `DACU_BENCH_CUSTOMERS` / `DACU_BENCH_ORDERS` scale it down for a quick look;
 * `DACU_BENCH_ONLY=postgres|pglite` runs one backend; `DACU_BENCH_SCHEMA=name` keeps the
 * PostgreSQL schema and `DACU_BENCH_PGLITE_DIR=dir` the PGlite data, reused on the next run.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";
import { refreshCustomerStats } from "../src/adapters/db/repositories/customer-stats.ts";
import { vacuumOrderTables } from "../src/adapters/db/repositories/maintenance.ts";
import { saveSegmentSettings } from "../src/adapters/db/repositories/segment-scores.ts";
import { insertSegment, listSegments } from "../src/adapters/db/repositories/segments.ts";
import { findShopByCode, insertShop } from "../src/adapters/db/repositories/shops.ts";
import { refreshShopSegments } from "../src/app/segments/refresh.ts";
import type { SegmentNode } from "../src/domain/segments/definition.ts";
import { SegmentSettingsSchema } from "../src/domain/segments/settings.ts";

const customers = Number(process.env.DACU_BENCH_CUSTOMERS ?? 1_000_000);
const orders = Number(process.env.DACU_BENCH_ORDERS ?? 5_000_000);
const now = new Date("2026-11-23T04:00:00Z");

export const savedSegments: { name: string; definition: SegmentNode }[] = [
  {
    name: "忠诚且可短信 loyal with SMS consent",
    definition: {
      kind: "and",
      conditions: [
        { kind: "playbook", segments: ["loyal"] },
        { kind: "consent", channel: "sms", granted: true },
      ],
    },
  },
  {
    name: "重要客户 important RFM groups",
    definition: {
      kind: "rfmGroup",
      groups: ["important_value", "important_develop", "important_keep", "important_retain"],
    },
  },
  {
    name: "江浙沪会员 members in the Yangtze delta",
    definition: {
      kind: "and",
      conditions: [
        { kind: "region", provinces: ["浙江", "江苏", "上海"] },
        { kind: "member", value: true },
      ],
    },
  },
  {
    name: "近30天下单 bought in the last 30 days",
    definition: { kind: "paidOrders", min: 1, period: { lastDays: 30 } },
  },
  {
    name: "沉睡高价值 lapsed big spenders, not wholesale",
    definition: {
      kind: "and",
      conditions: [
        { kind: "notBoughtFor", days: 180 },
        { kind: "paidAmount", minFen: 100000 },
        { kind: "not", condition: { kind: "tags", match: "any", tags: ["批发"] } },
      ],
    },
  },
];

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/** Generates the bench shop's customers, consents and orders, then rebuilds the statistics. */
export async function generate(database: Database, shopId: number): Promise<void> {
  const db = database.db;
  const t0 = performance.now();
  await sql`
    insert into customers (shop_id, external_id, name, phone, email, province, city, tags, is_member, created_at)
    select ${shopId}, 'c' || g, '客户' || g, '138' || lpad((g % 100000000)::text, 8, '0'),
      case when g % 3 = 0 then 'c' || g || '@example.com' end,
      (array['浙江','江苏','上海','广东','北京','四川','山东','湖北','福建','河南'])[1 + g % 10],
      (array['杭州','南京','上海','广州','北京','成都','济南','武汉','福州','郑州'])[1 + g % 10],
      case when g % 20 = 0 then array['VIP'] when g % 50 = 1 then array['批发'] else '{}'::text[] end,
      g % 7 = 0, ${now}::timestamptz - interval '3 years'
    from generate_series(1, ${customers}) g`.execute(db);
  const minId = (
    await sql<{
      id: number;
    }>`select min(id)::bigint as id from customers where shop_id = ${shopId}`.execute(db)
  ).rows[0]!.id;
  await sql`
    insert into customer_consents (shop_id, customer_id, channel, granted, source, at)
    select ${shopId}, id, 'sms', id % 4 <> 0, 'bench', ${now}::timestamptz
    from customers where shop_id = ${shopId} and id % 2 = 0`.execute(db);
  const tCustomers = performance.now();
  // Orders in chunks of 1M; a skewed buyer distribution (low ids buy more), 2 % never paid,
  // 3 % refunded, paid over the last two years. Foreign-key triggers are off while loading.
  const chunk = 1_000_000;
  for (let lo = 1; lo <= orders; lo += chunk) {
    const hi = Math.min(orders, lo + chunk - 1);
    await db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`
        insert into orders (shop_id, order_no, customer_id, status, list_fen, payable_fen, paid_fen,
          refund_fen, created_at, paid_at)
        select ${shopId}, 'B' || lpad(g::text, 12, '0'),
          ${minId} + least(${customers - 1}, floor(power(r1, 2) * ${customers}))::bigint,
          case when r3 < 0.02 then 'closed' when r3 < 0.05 then 'refunded' else 'completed' end,
          fen, fen, case when r3 < 0.02 then 0 else fen end,
          case when r3 >= 0.02 and r3 < 0.05 then fen else 0 end,
          at, case when r3 < 0.02 then null else at end
        from (
          select g, random() as r1, random() as r3, 1000 + floor(random() * 99000)::bigint as fen,
            ${now}::timestamptz - random() * interval '730 days' as at
          from generate_series(${lo}::int, ${hi}::int) g
        ) x`.execute(tx);
    });
  }
  const tOrders = performance.now();
  await refreshCustomerStats(db, shopId);
  const tStats = performance.now();
  await sql`analyze`.execute(db);
  console.log(
    `  generated ${customers.toLocaleString()} customers in ${secs(tCustomers - t0)}, ` +
      `${orders.toLocaleString()} orders in ${secs(tOrders - tCustomers)}; ` +
      `customer statistics rebuilt from all orders in ${secs(tStats - tOrders)}`,
  );
}

const appName = "dacu-bench-segments";

/**
 * CPU seconds spent so far by this process and, on PostgreSQL, by the benchmark's server
 * backends (Linux /proc): a figure that does not depend on what else the machine is running.
 */
async function cpuSeconds(database: Database): Promise<number> {
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1e6;
  if (database.kind === "postgres") {
    const r = await sql<{ pid: number }>`
      select pid from pg_stat_activity where application_name = ${appName}`.execute(database.db);
    for (const { pid } of r.rows) {
      try {
        const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
        total += (Number(f[11]) + Number(f[12])) / 100; // utime, stime in clock ticks
      } catch {
        // server on another machine: wall time only
      }
    }
  }
  return total;
}

async function benchOne(label: string, database: Database): Promise<void> {
  console.log(`${label}:`);
  let shop = await findShopByCode(database.db, "bench");
  if (shop) {
    console.log(
      "  reusing the generated shop, reset to never scored (scores, members, runs cleared)",
    );
    await sql`truncate customer_scores, segment_members`.execute(database.db);
    await sql`delete from score_runs where shop_id = ${shop.id}`.execute(database.db);
    await sql`delete from segment_settings where shop_id = ${shop.id}`.execute(database.db);
    await sql`update segments set size = null, refreshed_at = null
      where shop_id = ${shop.id}`.execute(database.db);
    await sql`analyze`.execute(database.db);
  } else {
    shop = await insertShop(database.db, { code: "bench", name: "压测店铺", platform: "tmall" });
    await generate(database, shop.id);
    // as the refresh job does after an import (the generated rows stand for one)
    const v0 = performance.now();
    await vacuumOrderTables(database.db);
    console.log(
      `  orders vacuumed as after an import in ${((performance.now() - v0) / 1000).toFixed(1)} s`,
    );
  }
  const shopId = shop.id;
  if ((await listSegments(database.db, shopId)).length === 0) {
    for (const s of savedSegments) {
      await insertSegment(database.db, { shopId, createdBy: null, description: "", ...s });
    }
  }
  // Autovacuum marks old orders all-visible on a usual server, letting the 30-day condition
  // read the payment-time index alone; right after loading (or on PGlite, which has no
  // autovacuum) it must visit the order heap. Printed because it moves the figures.
  const vis = await sql<{ pages: number; visible: number }>`
    select relpages as pages, relallvisible as visible from pg_class
    where oid = 'orders'::regclass`.execute(database.db);
  const v = vis.rows[0]!;
  console.log(
    `  orders all-visible: ${v.pages > 0 ? Math.round((100 * v.visible) / v.pages) : 0} % of ${v.pages.toLocaleString()} pages`,
  );
  const passes = [
    { name: "first refresh (never scored: every score and member written)" },
    { name: "steady state (nothing changed)" },
    {
      name: "after a settings change that rescores most customers (thresholds instead of quintiles)",
      before: () =>
        saveSegmentSettings(
          database.db,
          shopId,
          SegmentSettingsSchema.parse({ rfm: { method: "thresholds" }, loyalMinOrders: 4 }),
        ),
    },
  ];
  for (const pass of passes) {
    await pass.before?.();
    const load = loadavg()[0]!.toFixed(1);
    const cpu0 = await cpuSeconds(database);
    const r = await refreshShopSegments(database.db, shopId, { now, trigger: "manual" });
    const cpu = (await cpuSeconds(database)) - cpu0;
    const sizes = r.segments
      .map(
        (s) =>
          `${s.size.toLocaleString()} (+${s.added.toLocaleString()} −${s.removed.toLocaleString()}) in ${s.durationMs} ms`,
      )
      .join("; ");
    console.log(
      `  ${pass.name}: ${secs(r.totalMs)} wall, ${cpu.toFixed(2)} s CPU, load average ${load} before\n` +
        `    RFM + playbook scoring ${secs(r.scoreMs)} (${r.buyers.toLocaleString()} buyers, ` +
        `${r.scoresChanged.toLocaleString()} score rows written); ${r.segments.length} saved segments: ${sizes}`,
    );
  }
  await sql`delete from segment_settings where shop_id = ${shopId}`.execute(database.db);
  console.log(
    `  peak RSS of this process so far: ${rssMb()} MB; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

/** Runs the segment benchmark on PostgreSQL (when configured) and PGlite. */
export async function run(): Promise<void> {
  console.log(
    `segments: ${customers.toLocaleString()} customers, ${orders.toLocaleString()} orders (targets: PostgreSQL ≤ 5 s, PGlite ≤ 15 s)`,
  );
  const only = process.env.DACU_BENCH_ONLY; // "postgres" or "pglite" to run one backend
  const url = only === "pglite" ? undefined : process.env.DACU_BENCH_DATABASE_URL;
  if (url) {
    process.env.PGAPPNAME = appName;
    // DACU_BENCH_SCHEMA keeps (and reuses) a generated schema between runs.
    const kept = process.env.DACU_BENCH_SCHEMA;
    const schema = kept ?? `segbench_${randomBytes(4).toString("hex")}`;
    const database = await openDatabase({ url, schema, poolSize: 4 });
    try {
      await benchOne("PostgreSQL", database);
    } finally {
      await database.close();
      if (!kept) {
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`drop schema if exists ${schema} cascade`);
        await admin.end();
      }
    }
  } else {
    console.log("PostgreSQL: skipped (set DACU_BENCH_DATABASE_URL)");
  }
  if (only === "postgres") return;
  // DACU_BENCH_PGLITE_DIR keeps (and reuses) the PGlite data directory between runs.
  const keptDir = process.env.DACU_BENCH_PGLITE_DIR;
  const dir = keptDir ?? mkdtempSync(join(tmpdir(), "dacu-bench-segments-"));
  try {
    const database = await openDatabase({ dataDir: join(dir, "pglite") });
    try {
      await benchOne("PGlite", database);
    } finally {
      await database.close();
    }
  } finally {
    if (!keptDir) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
