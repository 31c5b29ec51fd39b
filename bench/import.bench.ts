/**
 * Order import benchmark: writes a Taobao 订单报表 CSV (1,000,000 orders by default, streamed
 * to a temp dir), imports it and prints orders/s with peak RSS and heap. PostgreSQL runs when
 * DACU_BENCH_DATABASE_URL is set (in a fresh schema, dropped afterwards); embedded PGlite runs
 * on a smaller file (100,000 by default).
 *
 *   node --import ./bin/register-ts.mjs bench/import.bench.ts
 *   DACU_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import ./bin/register-ts.mjs bench/import.bench.ts
 *
 * DACU_BENCH_ROWS / DACU_BENCH_PGLITE_ROWS change the sizes.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";
import { createShop } from "../src/adapters/db/repositories/order-import.ts";
import {
  csvLine,
  excelText,
  rowByHeader,
  TAOBAO_ORDER_HEADER_56,
} from "../src/adapters/import/taobao-csv.ts";
import { importOrderFile } from "../src/app/import/import-orders.ts";
import { formatFenAsYuan } from "../src/domain/import/money.ts";

const STATUSES = [
  "交易成功",
  "买家已付款，等待卖家发货",
  "卖家已发货，等待买家确认",
  "交易关闭",
  "等待买家付款",
];
const PROVINCES = [
  "浙江省 杭州市 余杭区",
  "广东省 深圳市 南山区",
  "北京 北京市 朝阳区",
  "上海 上海市 浦东新区",
];

/**
 * Streams an n-order 订单报表 to `path` (UTF-8 with BOM); about 2 orders per buyer. A
 * `revision` above 0 gives every shipped order another tracking number: the same orders,
 * each one changed, no customer figure changed.
 */
export async function writeTaobaoOrderFile(path: string, n: number, revision = 0): Promise<void> {
  const out = createWriteStream(path);
  const header = TAOBAO_ORDER_HEADER_56;
  const write = (s: string) =>
    new Promise<void>((resolve) => {
      if (out.write(s)) resolve();
      else out.once("drain", resolve);
    });
  await write(`\uFEFF${csvLine(header)}`);
  const base = Date.UTC(2024, 10, 1, 0, 0, 0);
  let chunk = "";
  for (let i = 0; i < n; i++) {
    const status = STATUSES[i % STATUSES.length]!;
    const goods = 1000 + ((i * 7919) % 50000);
    const ship = i % 3 === 0 ? 0 : 600;
    const total = goods + ship;
    const unpaid = status === "等待买家付款";
    const created = new Date(base + i * 1000);
    const paidAt = new Date(base + i * 1000 + 30_000);
    const fmt = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ");
    const no = String(3_515_313_147_329_357_00n + BigInt(i));
    chunk += csvLine(
      rowByHeader(header, {
        订单编号: excelText(no),
        买家会员名: `buyer_${i % Math.max(1, Math.floor(n / 2))}`,
        买家应付货款: formatFenAsYuan(goods),
        买家应付邮费: formatFenAsYuan(ship),
        总金额: formatFenAsYuan(total),
        买家实际支付金额: unpaid ? "0.00" : formatFenAsYuan(total),
        订单状态: status,
        买家留言: i % 10 === 0 ? "请尽快发货, 谢谢\r\n第二行" : "",
        收货人姓名: "王小明",
        收货地址: `${PROVINCES[i % PROVINCES.length]} 文一西路${i % 1000}号(311121)`,
        联系手机: `'138${String(i % 100_000_000).padStart(8, "0")}`,
        订单创建时间: fmt(created),
        订单付款时间: unpaid ? "" : fmt(paidAt),
        宝贝标题: "羊毛衫 男款",
        宝贝种类: "1",
        物流单号: status === "交易成功" ? `SF${i}${revision > 0 ? `R${revision}` : ""}` : "",
        物流公司: status === "交易成功" ? "顺丰速运" : "",
        宝贝总数量: String(1 + (i % 3)),
        退款金额: status === "交易关闭" ? formatFenAsYuan(total) : "0.00",
        买家服务费: "0元",
      }),
    );
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

const APP_NAME = "dacu-import-bench";

/**
 * CPU seconds used so far by this process's PostgreSQL backends, when the server runs on this
 * machine (read from /proc); undefined otherwise. On a shared machine CPU time says more than
 * the wall clock.
 */
async function serverCpu(database: Database): Promise<number | undefined> {
  if (database.kind !== "postgres") return undefined;
  const r = await database.pool.query<{ pid: number }>(
    "select pid from pg_stat_activity where application_name = $1",
    [process.env.PGAPPNAME ?? APP_NAME],
  );
  if (r.rows.length === 0) return undefined;
  let ticks = 0;
  for (const { pid } of r.rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      return undefined;
    }
  }
  return ticks / 100;
}

/** Wall time, this process's CPU time and the local server's CPU time of `run`. */
async function timed<T>(
  database: Database,
  run: () => Promise<T>,
): Promise<{ value: T; wall: number; client: number; server: number | undefined }> {
  const s0 = await serverCpu(database);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await run();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const s1 = await serverCpu(database);
  const server = s0 === undefined || s1 === undefined ? undefined : s1 - s0;
  return { value, wall, client: (c.user + c.system) / 1e6, server };
}

/** "client 2.1 s CPU, server 4.4 s CPU" with µs per order. */
function cpuText(rows: number, client: number, server: number | undefined): string {
  const us = (s: number) => `${Math.round((s / rows) * 1e6)} µs/order`;
  return (
    `client ${client.toFixed(1)} s CPU (${us(client)})` +
    (server === undefined ? "" : `, server ${server.toFixed(1)} s CPU (${us(server)})`)
  );
}

async function measure(
  label: string,
  database: Database,
  path: string,
  rows: number,
  changedPath?: string,
): Promise<void> {
  const shop = await createShop(database.db, {
    code: `bench${Date.now() % 100000}`,
    name: "bench",
    platform: "tmall",
  });
  if (global.gc) global.gc();
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 100);
  const first = await timed(database, () =>
    importOrderFile(database, { shopId: shop.id, format: "taobao", input: { path } }),
  );
  const r = first.value;
  const s = first.wall;
  sample();
  clearInterval(timer);
  const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
  console.log(
    `${label}: ${rows.toLocaleString("en-US")} orders (${mb(statSync(path).size)} file) in ${s.toFixed(1)} s = ` +
      `${Math.round(rows / s).toLocaleString("en-US")} orders/s; status ${r.status}, inserted ${r.inserted}; ` +
      `peak RSS ${mb(peakRss)}, peak heap ${mb(peakHeap)}; ${cpuText(rows, first.client, first.server)}`,
  );
  // a second run of the same file: everything unchanged
  const second = await timed(database, () =>
    importOrderFile(database, { shopId: shop.id, format: "taobao", input: { path } }),
  );
  const s2 = second.wall;
  console.log(
    `${label}: same file again in ${s2.toFixed(1)} s = ${Math.round(rows / s2).toLocaleString("en-US")} orders/s; ` +
      `unchanged ${second.value.unchanged}; ${cpuText(rows, second.client, second.server)}`,
  );
  if (!changedPath) return;
  // the same orders with new tracking numbers: the shipped fifth is updated, no customer changes
  const third = await timed(database, () =>
    importOrderFile(database, { shopId: shop.id, format: "taobao", input: { path: changedPath } }),
  );
  const s3 = third.wall;
  console.log(
    `${label}: same orders, tracking numbers changed, in ${s3.toFixed(1)} s = ` +
      `${Math.round(rows / s3).toLocaleString("en-US")} orders/s; updated ${third.value.updated}, ` +
      `unchanged ${third.value.unchanged}; ${cpuText(rows, third.client, third.server)}`,
  );
}

/** Runs the import benchmark and prints its figures. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "dacu-bench-import-"));
  try {
    const url = process.env.DACU_BENCH_DATABASE_URL;
    if (url) {
      const rows = Number(process.env.DACU_BENCH_ROWS ?? 1_000_000);
      const path = join(dir, "ExportOrderList-pg.csv");
      const g = performance.now();
      await writeTaobaoOrderFile(path, rows);
      const changed = join(dir, "ExportOrderList-pg-2.csv");
      await writeTaobaoOrderFile(changed, rows, 1);
      console.log(
        `generated ${rows.toLocaleString("en-US")} orders in ${((performance.now() - g) / 1000).toFixed(1)} s`,
      );
      const schema = `dacu_import_bench_${randomBytes(4).toString("hex")}`;
      process.env.PGAPPNAME ??= APP_NAME;
      const database = await openDatabase({ url, schema });
      try {
        await measure("PostgreSQL", database, path, rows, changed);
      } finally {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`drop schema if exists ${schema} cascade`);
        await c.end();
      }
    } else {
      console.log("PostgreSQL run skipped: set DACU_BENCH_DATABASE_URL");
    }
    const small = Number(process.env.DACU_BENCH_PGLITE_ROWS ?? 100_000);
    const path = join(dir, "ExportOrderList-pglite.csv");
    await writeTaobaoOrderFile(path, small);
    const database = await openDatabase({ dataDir: "memory://" });
    try {
      await measure("PGlite", database, path, small);
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await run();
