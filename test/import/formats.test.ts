import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/adapters/db/database.ts";
import {
  countImportTables,
  createShop,
  findImportMapping,
  saveImportMapping,
} from "../../src/adapters/db/repositories/order-import.ts";
import { exportOrders } from "../../src/app/export/export-orders.ts";
import { importJsonOrders, importOrderFile } from "../../src/app/import/import-orders.ts";
import { genericMappingSchema } from "../../src/domain/import/generic.ts";
import { openTestDatabase, testBackend } from "../helpers/db.ts";

const examples = join(import.meta.dirname, "../../docs/examples/import");
const ex = (name: string) => ({ path: join(examples, name) });

describe(`import formats, samples and export (${testBackend})`, () => {
  let database: Database;
  const dir = mkdtempSync(join(tmpdir(), "dacu-formats-"));
  let n = 0;
  const newShop = async () =>
    (await createShop(database.db, { code: `f${++n}`, name: "店", platform: "tmall" })).id;
  const totals = async (shopId: number) => {
    const r = await sql<{ n: number; paid: number; payable: number }>`
      select count(*)::int as n, coalesce(sum(paid_fen), 0)::bigint as paid, coalesce(sum(payable_fen), 0)::bigint as payable
      from orders where shop_id = ${shopId}`.execute(database.db);
    return {
      orders: r.rows[0]!.n,
      paidFen: Number(r.rows[0]!.paid),
      payableFen: Number(r.rows[0]!.payable),
    };
  };

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports the Taobao samples: GBK and UTF-8-BOM identical, with the 宝贝报表", async () => {
    const [a, b, c] = [await newShop(), await newShop(), await newShop()];
    const ra = await importOrderFile(database, {
      shopId: a,
      format: "taobao",
      input: ex("ExportOrderList-gbk.csv"),
    });
    const rb = await importOrderFile(database, {
      shopId: b,
      format: "taobao",
      input: ex("ExportOrderList-utf8-bom.csv"),
    });
    expect([ra.status, ra.inserted, rb.status, rb.inserted]).toEqual(["done", 5, "done", 5]);
    expect(await totals(a)).toEqual(await totals(b));
    const rc = await importOrderFile(database, {
      shopId: c,
      format: "taobao",
      input: ex("ExportOrderList-gbk.csv"),
      details: ex("ExportOrderDetailList-gbk.csv"),
    });
    expect(rc.status).toBe("done");
    expect((await countImportTables(database.db, c)).order_lines).toBe(6);
    expect(await totals(c)).toEqual(await totals(a));
  });

  it("refuses the bad-rows sample with every bad record named, and imports its valid rows on request", async () => {
    const shopId = await newShop();
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: ex("ExportOrderList-bad-rows.csv"),
    });
    expect(r.status).toBe("rejected");
    expect(r.badRows).toBe(3);
    expect(r.problems.map((p) => [p.row, p.code])).toEqual([
      [2, "money_invalid"],
      [4, "order_no_invalid"],
      [4, "time_invalid"],
      [5, "status_unknown"],
    ]);
    expect((await countImportTables(database.db, shopId)).orders).toBe(0);
    const v = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: ex("ExportOrderList-bad-rows.csv"),
      validOnly: true,
    });
    expect([v.status, v.inserted, v.badRows]).toEqual(["done", 2, 3]);
  });

  it("imports the generic CSV and XLSX samples with a mapping saved per shop", async () => {
    const shopId = await newShop();
    const mappingJson = JSON.parse(
      readFileSync(join(examples, "generic-orders.mapping.json"), "utf8"),
    );
    await saveImportMapping(database.db, shopId, "my-erp", mappingJson);
    const mapping = genericMappingSchema.parse(
      await findImportMapping(database.db, shopId, "my-erp"),
    );
    const r = await importOrderFile(database, {
      shopId,
      format: "csv",
      input: ex("generic-orders.csv"),
      mapping,
    });
    expect([r.status, r.rowsRead, r.inserted]).toEqual(["done", 4, 3]);
    const orders = await database.db
      .selectFrom("orders")
      .select(["order_no", "status", "payable_fen", "paid_fen", "shipping_fen", "list_fen"])
      .where("shop_id", "=", shopId)
      .orderBy("order_no")
      .execute();
    expect(orders).toEqual([
      {
        order_no: "A1001",
        status: "paid",
        payable_fen: 11890,
        paid_fen: 9900,
        shipping_fen: 0,
        list_fen: 11890,
      },
      {
        order_no: "A1002",
        status: "created",
        payable_fen: 5750,
        paid_fen: 0,
        shipping_fen: 800,
        list_fen: 4950,
      },
      {
        order_no: "A1003",
        status: "completed",
        payable_fen: 19900,
        paid_fen: 17900,
        shipping_fen: 0,
        list_fen: 19900,
      },
    ]);
    expect((await countImportTables(database.db, shopId)).order_lines).toBe(4);

    const x = await newShop();
    const rx = await importOrderFile(database, {
      shopId: x,
      format: "xlsx",
      input: ex("generic-orders.xlsx"),
      mapping,
    });
    expect([rx.status, rx.rowsRead, rx.inserted]).toEqual(["done", 4, 3]);
    expect(await totals(x)).toEqual(await totals(shopId));
  });

  it("refuses a generic file whose mapping names a missing column, and money in fen works", async () => {
    const shopId = await newShop();
    const mapping = genericMappingSchema.parse({
      columns: { order_no: "编号", created_at: "下单时间" },
    });
    const r = await importOrderFile(database, {
      shopId,
      format: "csv",
      input: ex("generic-orders.csv"),
      mapping,
    });
    expect(r.status).toBe("rejected");
    expect(r.problems[0]).toMatchObject({ row: 0, column: "编号", code: "missing_column" });
    const fen = genericMappingSchema.parse({
      columns: {
        order_no: "单号",
        created_at: "下单时间",
        title: "商品名",
        quantity: "数量",
        unit_price: "单价",
      },
      money: "fen",
    });
    const bad = await importOrderFile(database, {
      shopId,
      format: "csv",
      input: ex("generic-orders.csv"),
      mapping: fen,
    });
    expect(bad.status).toBe("rejected");
    expect(bad.problems[0]).toMatchObject({ row: 1, column: "单价", code: "money_invalid" });
  });

  it("imports the JSON sample and JSON orders from the API, idempotently, with zod problems", async () => {
    const shopId = await newShop();
    const orders = JSON.parse(readFileSync(join(examples, "orders.json"), "utf8"));
    const r = await importJsonOrders(database.db, shopId, orders);
    expect([r.status, r.inserted]).toEqual(["done", 2]);
    const again = await importJsonOrders(database.db, shopId, orders);
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 2]);
    const bad = await importJsonOrders(database.db, shopId, [
      { ...orders[0], order_no: "W-9" },
      { ...orders[1], lines: [] },
    ]);
    expect(bad.status).toBe("rejected");
    expect(bad.problems[0]).toMatchObject({ row: 2, column: "lines", code: "invalid_value" });
    expect((await countImportTables(database.db, shopId)).orders).toBe(2);
  });

  it("export of a shop → import into a new shop gives the same order count and GMV (CSV+宝贝报表, XLSX)", async () => {
    const source = await newShop();
    await importOrderFile(database, {
      shopId: source,
      format: "taobao",
      input: ex("ExportOrderList-gbk.csv"),
      details: ex("ExportOrderDetailList-gbk.csv"),
    });
    await importOrderFile(database, {
      shopId: source,
      format: "csv",
      input: ex("generic-orders.csv"),
      mapping: genericMappingSchema.parse(
        JSON.parse(readFileSync(join(examples, "generic-orders.mapping.json"), "utf8")),
      ),
    });
    await importJsonOrders(
      database.db,
      source,
      JSON.parse(readFileSync(join(examples, "orders.json"), "utf8")),
    );
    const before = await totals(source);
    expect(before.orders).toBe(10);

    const out = join(dir, "ExportOrderList.csv");
    const details = join(dir, "ExportOrderDetailList.csv");
    const e = await exportOrders(database.db, {
      shopId: source,
      format: "taobao",
      out,
      detailsOut: details,
      pageSize: 3,
    });
    expect([e.orders, e.paidFen]).toEqual([before.orders, before.paidFen]);
    const bytes = readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toContain('"=""35153131473293579"""');
    expect(bytes.toString("utf8")).toContain('"201.12"');

    const target = await newShop();
    const r = await importOrderFile(database, {
      shopId: target,
      format: "taobao",
      input: { path: out },
      details: { path: details },
    });
    expect(r.status).toBe("done");
    expect(await totals(target)).toEqual(before);
    expect((await countImportTables(database.db, target)).order_lines).toBe(
      (await countImportTables(database.db, source)).order_lines,
    );

    const xlsx = join(dir, "orders.xlsx");
    await exportOrders(database.db, { shopId: source, format: "xlsx", out: xlsx });
    const target2 = await newShop();
    const rx = await importOrderFile(database, {
      shopId: target2,
      format: "taobao",
      input: { path: xlsx },
    });
    expect(rx.status).toBe("done");
    expect(await totals(target2)).toEqual(before);

    // a date range (shop-local days)
    const ranged = await exportOrders(database.db, {
      shopId: source,
      format: "taobao",
      out: join(dir, "range.csv"),
      from: new Date("2024-11-10T16:00:00Z"),
      to: new Date("2024-11-11T16:00:00Z"),
    });
    expect(ranged.orders).toBe(4);
  });

  it("the CLI: bad options exit 2 naming the option; a bad file prints the table and exits 1", async () => {
    const env = { ...process.env, DACU_DATA_DIR: join(dir, "cli-data") };
    delete (env as Record<string, string | undefined>).DATABASE_URL;
    const dacu = (...args: string[]) =>
      spawnSync(process.execPath, ["bin/dacu.js", ...args], {
        env,
        encoding: "utf8",
        cwd: join(import.meta.dirname, "../.."),
      });
    const opt = dacu("import", "--shop", "cli", "--format", "pdf", join(examples, "orders.json"));
    expect(opt.status).toBe(2);
    expect(opt.stderr).toContain("--format");
    expect(opt.stderr).toMatch(/无效.*invalid/);
    const badRows = dacu(
      "import",
      "--shop",
      "cli",
      "--create-shop",
      "命令行店",
      join(examples, "ExportOrderList-bad-rows.csv"),
    );
    expect(badRows.status).toBe(1);
    expect(badRows.stderr).toContain("行/row\t列/column\t原因/reason");
    expect(badRows.stderr).toContain("4\t订单编号\t");
    expect(badRows.stderr).toContain("nothing was imported");

    // A successful import queues a segment refresh for the server's worker.
    const ok = dacu("import", "--shop", "cli", join(examples, "ExportOrderList-utf8-bom.csv"));
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("segments will be refreshed in the background");
    const again = dacu("import", "--shop", "cli", join(examples, "ExportOrderList-utf8-bom.csv"));
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain("segments will be refreshed");
    const cliDb = await openDatabase({ dataDir: join(dir, "cli-data") });
    try {
      const jobs = await cliDb.pool.query<{ data: { trigger: string } }>(
        "select data from pgboss.job where name = 'segments-refresh'",
      );
      expect(jobs.rows.map((r) => r.data.trigger)).toEqual(["import"]);
    } finally {
      await cliDb.close();
    }
  }, 240_000); // several CLI processes, each starting its own embedded database
});
