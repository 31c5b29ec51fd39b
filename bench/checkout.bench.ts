/**
 * Checkout benchmark: checkouts per second through the HTTP API (`POST /api/shops/{shop}/orders`,
 * quote + one atomic transaction + order with its frozen split) on PostgreSQL when
 * DACU_BENCH_DATABASE_URL is set (a fresh schema, dropped afterwards), and on embedded PGlite.
 * Every cart meets a 满减, a time discount, a flash sale with stock, and half of them use a
 * coupon claimed at checkout. Run alone with
 *   DACU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import ./bin/register-ts.mjs bench/checkout.bench.ts
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";
import { insertShop } from "../src/adapters/db/repositories/shops.ts";
import { insertUser } from "../src/adapters/db/repositories/users.ts";
import { hashPassword } from "../src/app/auth/passwords.ts";
import { createHttpApp } from "../src/http/app.ts";

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

async function measure(
  label: string,
  database: Database,
  total: number,
  concurrency: number,
): Promise<void> {
  const db = database.db;
  const now = new Date("2026-11-11T02:00:00Z");
  const app = createHttpApp({ database, now: () => now });
  const shop = await insertShop(db, { code: "bench", name: "压测店", platform: "tmall" });
  const product = await db
    .insertInto("products")
    .values({ shop_id: shop.id, code: "P", title: "商品", category: "C1" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
insert into skus (shop_id, product_id, code, price_fen, cost_fen, stock)
select ${shop.id}, ${product.id}, 'S' || g, 2000 + g * 37, 800 + g * 11, 1000000
from generate_series(1, 200) g`.execute(db);
  const customers = await sql<{ id: number }>`
insert into customers (shop_id, external_id, is_member)
select ${shop.id}, 'b' || g, g % 3 = 0 from generate_series(1, ${total}) g returning id`.execute(
    db,
  );
  await insertUser(db, {
    username: "bench",
    display_name: "bench",
    password_hash: await hashPassword("bench-pass"),
    role: "owner",
  });
  const login = await app.request("/api/auth/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: "bench", password: "bench-pass" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const call = (path: string, body: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify(body),
    });
  const defs = [
    {
      kind: "manJian",
      tiers: [
        { thresholdFen: 20000, discountFen: 2000 },
        { thresholdFen: 40000, discountFen: 5000 },
      ],
    },
    { kind: "timeDiscount", rateBp: 9000, scope: { skus: ["S1", "S2", "S3", "S4", "S5"] } },
    { kind: "flashSale", prices: { S10: 999 }, stock: total * 2, perCustomerLimit: 1 },
  ];
  let claimCode = "";
  for (const [i, definition] of [
    ...defs,
    { kind: "shopCoupon", thresholdFen: 10000, amountFen: 500 },
  ].entries()) {
    const res = await call("/api/shops/bench/promotions", {
      name: `p${i}`,
      definition,
      ...(definition.kind === "shopCoupon" ? { coupon: { issueLimit: total * 2 } } : {}),
    });
    const p = ((await res.json()) as { promotion: { id: number; coupon?: { claimCode: string } } })
      .promotion;
    if (p.coupon) claimCode = p.coupon.claimCode;
    const pub = await call(`/api/shops/bench/promotions/${p.id}/publish`, {
      override: true,
      reason: "benchmark",
    });
    if (pub.status !== 200) throw new Error(`publish failed: ${await pub.text()}`);
  }
  const ids = customers.rows.map((r) => r.id);
  let next = 0;
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const res = await call("/api/shops/bench/orders", {
          customerId: ids[i],
          lines: [
            { sku: `S${1 + (i % 5)}`, qty: 1 + (i % 3) },
            { sku: "S10", qty: 1 },
            { sku: `S${20 + (i % 150)}`, qty: 2 },
          ],
          coupons: i % 2 === 0 ? [claimCode] : [],
        });
        if (res.status === 201) ok++;
        else failed++;
        await res.arrayBuffer();
      }
    }),
  );
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${label}: ${fmt(total)} checkouts (concurrency ${concurrency}) in ${s.toFixed(2)} s = ${fmt(total / s)} checkouts/s (${ok} ok, ${failed} refused)`,
  );
}

/** Prints checkout requests per second on PostgreSQL (if configured) and PGlite. */
export async function run(): Promise<void> {
  const url = process.env.DACU_BENCH_DATABASE_URL;
  const total = Number(process.env.DACU_BENCH_CHECKOUTS ?? 3000);
  if (url) {
    const schema = `dacu_bench_${randomBytes(4).toString("hex")}`;
    const database = await openDatabase({ url, schema, poolSize: 10 });
    try {
      await measure("PostgreSQL (pool 10)", database, total, 20);
    } finally {
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    }
  } else {
    console.log("PostgreSQL run skipped: set DACU_BENCH_DATABASE_URL");
  }
  const database = await openDatabase({ dataDir: "memory://" });
  try {
    await measure("PGlite", database, Math.min(total, 1000), 10);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
