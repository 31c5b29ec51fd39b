import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import iconv from "iconv-lite";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.ts";
import {
  countImportTables,
  createShop,
  findImportJob,
} from "../../src/adapters/db/repositories/order-import.ts";
import { type ImportProgress, importOrderFile } from "../../src/app/import/import-orders.ts";
import { openTestDatabase, testBackend } from "../helpers/db.ts";
import { detailListCsv, HEADERS, orderListCsv, sampleOrders } from "../helpers/taobao.ts";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe(`Taobao import (${testBackend})`, () => {
  let database: Database;
  const dir = mkdtempSync(join(tmpdir(), "dacu-import-"));
  let n = 0;
  const file = (content: string | Buffer, name = `f${++n}.csv`) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const newShop = async () =>
    (await createShop(database.db, { code: `s${++n}`, name: "店", platform: "tmall" })).id;
  const ordersOf = (shopId: number) =>
    database.db
      .selectFrom("orders")
      .select([
        "order_no",
        "status",
        "paid_fen",
        "payable_fen",
        "refund_fen",
        "shipping_fen",
        "created_at",
        "paid_at",
        "receiver_phone",
        "buyer_message",
        "import_hash",
      ])
      .where("shop_id", "=", shopId)
      .orderBy("order_no")
      .execute();

  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("imports GBK and UTF-8 (BOM and not) copies of one export identically", async () => {
    const text = orderListCsv(sampleOrders());
    const shops = [await newShop(), await newShop(), await newShop()];
    const files = [
      file(iconv.encode(text, "gbk")),
      file(Buffer.concat([BOM, Buffer.from(text)])),
      file(text),
    ];
    const encodings = [];
    for (let i = 0; i < 3; i++) {
      const r = await importOrderFile(database, {
        shopId: shops[i]!,
        format: "taobao",
        input: { path: files[i]! },
      });
      expect(r.status).toBe("done");
      expect(r.inserted).toBe(5);
      encodings.push(r.encoding);
    }
    expect(encodings).toEqual(["gb18030", "utf8-bom", "utf8"]);
    const [a, b, c] = await Promise.all(
      shops.map(async (s) => (await ordersOf(s)).map(({ import_hash: _h, ...o }) => o)),
    );
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const first = a!.find((o) => o.order_no === "35153131473293579")!;
    expect(first.buyer_message).toBe('请发顺丰, 谢谢 "加急"\r\n第二行');
    expect(first.receiver_phone).toBe("13800138000");
    expect(a!.map((o) => o.order_no)).toContain("1234567890123456789");
    expect(a!.map((o) => o.order_no)).toContain("1234567890123456788");
    const big = a!.find((o) => o.order_no === "3515313147329357")!;
    expect(big.paid_fen).toBe(1999999999);
    expect(big.status).toBe("refunded");
    const unpaid = a!.find((o) => o.order_no === "1234567890123456788")!;
    expect(unpaid.paid_at).toBe(null);
    // customer statistics were refreshed: tb_小明 has one paid order (the other was refunded)
    const cust = await database.db
      .selectFrom("customers")
      .select(["paid_orders", "paid_fen", "refund_fen"])
      .where("shop_id", "=", shops[0]!)
      .where("external_id", "=", "tb_小明")
      .executeTakeFirstOrThrow();
    expect(cust).toEqual({ paid_orders: 1, paid_fen: 20112, refund_fen: 1999999999 });
  });

  it("imports the 46, 56 and 61 column versions, shuffled, with unknown columns", async () => {
    for (const cols of [46, 56, 61] as const) {
      const header = [...HEADERS[cols], "未来新增列"].sort();
      const shopId = await newShop();
      const r = await importOrderFile(database, {
        shopId,
        format: "taobao",
        input: { path: file(orderListCsv(sampleOrders(), { header, style: "tab" })) },
      });
      expect(r.status).toBe("done");
      expect(r.inserted).toBe(5);
    }
  });

  it("importing the same file twice changes nothing; a changed order is updated", async () => {
    const shopId = await newShop();
    const path = file(orderListCsv(sampleOrders()));
    await importOrderFile(database, { shopId, format: "taobao", input: { path } });
    const before = await ordersOf(shopId);
    const counts = await countImportTables(database.db, shopId);
    const again = await importOrderFile(database, { shopId, format: "taobao", input: { path } });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 5]);
    expect(await ordersOf(shopId)).toEqual(before);
    expect(await countImportTables(database.db, shopId)).toEqual(counts);

    const moved = sampleOrders().map((o) =>
      o.orderNo === "1234567890123456789" ? { ...o, status: "卖家已发货，等待买家确认" } : o,
    );
    const third = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(moved)) },
    });
    expect([third.inserted, third.updated, third.unchanged]).toEqual([0, 1, 4]);
    const after = await ordersOf(shopId);
    expect(after.find((o) => o.order_no === "1234567890123456789")!.status).toBe("shipped");
    expect(await countImportTables(database.db, shopId)).toEqual(counts);
  });

  it("re-imports rewrite only customers whose statistics change, including a buyer an order left", async () => {
    const shopId = await newShop();
    await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(sampleOrders())) },
    });
    const customers = async () =>
      Object.fromEntries(
        (
          await sql<{ external_id: string; v: string; paid_orders: number; paid_fen: number }>`
            select external_id, xmin::text as v, paid_orders, paid_fen from customers
            where shop_id = ${shopId}`.execute(database.db)
        ).rows.map((r) => [r.external_id, r]),
      );
    const before = await customers();
    expect(before.buyer_b).toMatchObject({ paid_orders: 1, paid_fen: 1029 });

    // a new tracking number: the order changes, its buyer's statistics do not
    const retracked = sampleOrders().map((o) =>
      o.orderNo === "1234567890123456789" ? { ...o, tracking: "YT000111" } : o,
    );
    const r1 = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(retracked)) },
    });
    expect([r1.inserted, r1.updated, r1.unchanged]).toEqual([0, 1, 4]);
    expect(await customers()).toEqual(before);

    // the order moves to another buyer: the one it left loses it, the other gains it
    const moved = retracked.map((o) =>
      o.orderNo === "1234567890123456789" ? { ...o, buyer: "tb_小明" } : o,
    );
    const r2 = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(moved)) },
    });
    expect([r2.inserted, r2.updated, r2.unchanged]).toEqual([0, 1, 4]);
    const after = await customers();
    expect(after.buyer_b).toMatchObject({ paid_orders: 0, paid_fen: 0 });
    expect(after.tb_小明).toMatchObject({
      paid_orders: before.tb_小明!.paid_orders + 1,
      paid_fen: before.tb_小明!.paid_fen + 1029,
    });
    expect(after.buyer_c!.v).toBe(before.buyer_c!.v);
  });

  it("writes the same rows whatever the batch size; backslashes, tabs and line breaks survive", async () => {
    const orders = sampleOrders();
    orders[0] = { ...orders[0]!, message: "a\\b\tc\\N\r\nd", receiver: "王\\小明" };
    orders[2] = { ...orders[2]!, address: "广东省 深圳市 南山区 C:\\路\t1号(518000)" };
    const path = file(orderListCsv(orders));
    const snapshot = async (shopId: number) => ({
      orders: (await ordersOf(shopId)).map((o) => ({ ...o, created_at: String(o.created_at) })),
      lines: await database.db
        .selectFrom("order_lines as l")
        .innerJoin("orders as o", (j) => j.onRef("o.id", "=", "l.order_id"))
        .select(["o.order_no", "l.line_no", "l.title", "l.quantity", "l.payable_fen"])
        .where("l.shop_id", "=", shopId)
        .orderBy("o.order_no")
        .execute(),
      customers: await database.db
        .selectFrom("customers")
        .select(["external_id", "name", "phone", "province", "city", "paid_orders", "paid_fen"])
        .where("shop_id", "=", shopId)
        .orderBy("external_id")
        .execute(),
    });
    const small = await newShop();
    const large = await newShop();
    const a = await importOrderFile(database, {
      shopId: small,
      format: "taobao",
      input: { path },
      batchSize: 2,
    });
    const b = await importOrderFile(database, { shopId: large, format: "taobao", input: { path } });
    expect([a.status, a.inserted, b.status, b.inserted]).toEqual(["done", 5, "done", 5]);
    const snap = await snapshot(small);
    expect(snap).toEqual(await snapshot(large));
    const first = snap.orders.find((o) => o.order_no === "35153131473293579")!;
    expect(first.buyer_message).toBe("a\\b\tc\\N\r\nd");
    expect(snap.customers.find((c) => c.external_id === "tb_小明")).toMatchObject({
      name: "王\\小明",
      paid_orders: 1,
      paid_fen: 20112,
    });
    const again = await importOrderFile(database, {
      shopId: small,
      format: "taobao",
      input: { path },
      batchSize: 2,
    });
    expect([again.inserted, again.updated, again.unchanged]).toEqual([0, 0, 5]);
  });

  it("refuses a file with bad records whole: report with row/column/reason, database unchanged", async () => {
    const shopId = await newShop();
    const orders = sampleOrders();
    orders[1] = { ...orders[1]!, paid: "10.2x" };
    orders[3] = { ...orders[3]!, orderNo: "12345", createdAt: "昨天" };
    const before = await countImportTables(database.db);
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(orders)) },
      batchSize: 1,
    });
    expect(r.status).toBe("rejected");
    expect(r.badRows).toBe(2);
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, "买家实际支付金额", "money_invalid"],
      [4, "订单编号", "order_no_invalid"],
      [4, "订单创建时间", "time_invalid"],
    ]);
    expect(r.inserted).toBe(0);
    expect(await countImportTables(database.db)).toEqual(before);
    const job = await findImportJob(database.db, shopId, r.jobId);
    expect(job?.status).toBe("rejected");
    expect(job?.badRows).toBe(2);
    expect((job?.errors as { messageZh: string }[])[0]!.messageZh).toContain("金额");
  });

  it("with validOnly imports the valid records and reports the bad", async () => {
    const shopId = await newShop();
    const orders = sampleOrders();
    orders[2] = { ...orders[2]!, status: "未知" };
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(orderListCsv(orders)) },
      validOnly: true,
    });
    expect(r.status).toBe("done");
    expect(r.inserted).toBe(4);
    expect(r.badRows).toBe(1);
    expect(r.problems[0]).toMatchObject({ row: 3, column: "订单状态", code: "status_unknown" });
    expect((await countImportTables(database.db, shopId)).orders).toBe(4);
  });

  it("imports from a byte stream (an upload) and records the job", async () => {
    const shopId = await newShop();
    const bytes = iconv.encode(orderListCsv(sampleOrders(), { columns: 61 }), "gbk");
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: {
        stream: Readable.from([bytes.subarray(0, 100), bytes.subarray(100)]),
        totalBytes: bytes.length,
        name: "upload.csv",
      },
    });
    expect([r.status, r.inserted, r.fileName, r.encoding]).toEqual([
      "done",
      5,
      "upload.csv",
      "gb18030",
    ]);
    const job = await findImportJob(database.db, shopId, r.jobId);
    expect(job).toMatchObject({
      status: "done",
      inserted: 5,
      totalRows: 5,
      bytesRead: bytes.length,
      totalBytes: bytes.length,
    });
    expect(job?.finishedAt).not.toBe(null);
  });

  it("rejects a file that lacks required columns", async () => {
    const shopId = await newShop();
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file('"订单编号","买家会员名"\r\n"=""35153131473293579""","a"\r\n') },
      validOnly: true,
    });
    expect(r.status).toBe("rejected");
    expect(r.problems[0]).toMatchObject({ row: 0, code: "missing_column" });
  });

  it("imports 宝贝报表 lines with the orders and reports progress", async () => {
    const shopId = await newShop();
    const sku = await database.db
      .insertInto("products")
      .values({ shop_id: shopId, code: "P1", title: "羊毛衫", category: "服装" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto("skus")
      .values({ shop_id: shopId, product_id: sku.id, code: "SKU-1", price_fen: 15000 })
      .execute();
    const details = detailListCsv([
      { orderNo: "35153131473293579", title: "围巾", price: "60.00", qty: "1" },
      { orderNo: "1234567890123456789", title: "贴纸", price: "0.29", qty: "1" },
      {
        orderNo: "35153131473293579",
        title: "羊毛衫",
        price: "150.00",
        qty: "1",
        sku: "SKU-1",
        attrs: "颜色分类：灰;尺码：L",
      },
    ]);
    const events: ImportProgress[] = [];
    const r = await importOrderFile(database, {
      shopId,
      format: "taobao",
      input: { path: file(iconv.encode(orderListCsv(sampleOrders()), "gbk")) },
      details: { path: file(iconv.encode(details, "gbk")) },
      onProgress: (p) => events.push(p),
    });
    expect(r.status).toBe("done");
    expect(events.some((e) => e.phase === "details")).toBe(true);
    const last = events.at(-1)!;
    expect(last.rowsRead).toBe(5);
    expect(last.bytesRead).toBe(last.totalBytes);
    const lines = await database.db
      .selectFrom("order_lines as l")
      .innerJoin("orders as o", (j) =>
        j.onRef("o.id", "=", "l.order_id").onRef("o.shop_id", "=", "l.shop_id"),
      )
      .select(["o.order_no", "l.line_no", "l.title", "l.sku_id", "l.payable_fen", "l.quantity"])
      .where("l.shop_id", "=", shopId)
      .orderBy("o.order_no")
      .orderBy("l.line_no")
      .execute();
    const big = lines.filter((l) => l.order_no === "35153131473293579");
    expect(big.map((l) => l.title)).toEqual(["围巾", "羊毛衫（颜色分类：灰;尺码：L）"]);
    expect(big[1]!.sku_id).not.toBe(null);
    expect(big.reduce((s, l) => s + l.payable_fen, 0)).toBe(20112);
    // orders without detail lines keep the line from 宝贝标题 / 宝贝总数量
    const tshirt = lines.filter((l) => l.order_no === "351531314732935800");
    expect(tshirt).toMatchObject([{ title: "T恤", quantity: 3, payable_fen: 9900 }]);
  });
});
