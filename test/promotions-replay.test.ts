import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { jsonInit, type PromoShop, seedPromoShop } from "./helpers/promotions.ts";

type Req = (path: string, init?: RequestInit) => Promise<Response>;

describe("replay on past orders", () => {
  let t: TestApp;
  let op: Req;
  let shop: PromoShop;
  let promoId = 0;
  const base = "/api/shops/replay";

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-10-20T04:00:00Z"));
    op = await t.as("operator");
    shop = await seedPromoShop(t.database, "replay", 3);
    const db = t.database.db;
    const skuIds = new Map(
      (
        await sql<{
          id: number;
          code: string;
        }>`select id, code from skus where shop_id = ${shop.shopId}`.execute(db)
      ).rows.map((r) => [r.code, r.id]),
    );
    const price: Record<string, number> = { A: 10000, B: 5000, C: 3000 };
    const orders: { c: number; paid: string; lines: [string, number][] }[] = [
      { c: shop.customers[0]!, paid: "2025-11-05T02:00:00Z", lines: [["A", 2]] },
      {
        c: shop.customers[1]!,
        paid: "2025-11-05T03:00:00Z",
        lines: [
          ["B", 1],
          ["C", 1],
        ],
      },
      {
        c: shop.customers[2]!,
        paid: "2025-11-10T16:30:00Z",
        lines: [
          ["A", 1],
          ["B", 2],
        ],
      },
      // 2025-11-12 00:30 Beijing: outside 11-01…11-11
      { c: shop.customers[2]!, paid: "2025-11-11T16:30:00Z", lines: [["A", 5]] },
    ];
    for (const [i, o] of orders.entries()) {
      const list = o.lines.reduce((s, [k, q]) => s + price[k]! * q, 0);
      const r = await sql<{ id: number }>`
insert into orders (shop_id, order_no, customer_id, status, list_fen, payable_fen, paid_fen, created_at, paid_at)
values (${shop.shopId}, ${`R${i}`}, ${o.c}, 'completed', ${list}, ${list}, ${list}, ${o.paid}, ${o.paid}) returning id`.execute(
        db,
      );
      for (const [j, [k, q]] of o.lines.entries())
        await sql`
insert into order_lines (shop_id, order_id, line_no, sku_id, sku_code, title, unit_price_fen, quantity, list_fen, payable_fen)
values (${shop.shopId}, ${r.rows[0]!.id}, ${j + 1}, ${skuIds.get(k)!}, ${k}, ${k}, ${price[k]!}, ${q}, ${price[k]! * q}, ${price[k]! * q})`.execute(
          db,
        );
    }
    const res = await op(
      `${base}/promotions`,
      jsonInit("POST", {
        name: "满200减20",
        start: "2026-11-01",
        end: "2026-11-12",
        definition: { kind: "manJian", tiers: [{ thresholdFen: 20000, discountFen: 2000 }] },
      }),
    );
    promoId = ((await res.json()) as { promotion: { id: number } }).promotion.id;
  });
  afterAll(async () => t.close());

  const body = () => ({ promotionIds: [promoId], from: "2025-11-01", to: "2025-11-11" });

  it("gives hand-checked discount cost, margin and threshold shares", async () => {
    const res = await op(`${base}/replay`, jsonInit("POST", body()));
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      orders: number;
      totals: Record<string, number>;
      skus: ({ sku: string } & Record<string, number>)[];
      thresholds: { thresholdFen: number; orders: number; share: number }[];
      promotions: { orders: number; discountFen: number }[];
    };
    expect(r.orders).toBe(3);
    expect(r.totals).toMatchObject({
      units: 7,
      listFen: 48000,
      discountFen: 4000,
      payableFen: 44000,
      giftCostFen: 0,
      merchantNetFen: 44000,
      costFen: 22000,
      marginFen: 22000,
    });
    const by = Object.fromEntries(r.skus.map((s) => [s.sku, s]));
    expect(by.A).toMatchObject({
      units: 3,
      listFen: 30000,
      discountFen: 3000,
      payableFen: 27000,
      costFen: 15000,
      marginFen: 12000,
    });
    expect(by.B).toMatchObject({
      units: 3,
      listFen: 15000,
      discountFen: 1000,
      payableFen: 14000,
      costFen: 6000,
      marginFen: 8000,
    });
    expect(by.C).toMatchObject({
      units: 1,
      listFen: 3000,
      discountFen: 0,
      payableFen: 3000,
      costFen: 1000,
      marginFen: 2000,
    });
    expect(r.thresholds).toEqual([
      expect.objectContaining({ thresholdFen: 20000, orders: 2, share: 0.6667 }),
    ]);
    expect(r.promotions[0]).toMatchObject({ orders: 2, discountFen: 4000 });
  });

  it("exports CSV and XLSX", async () => {
    const csv = await op(`${base}/replay/export?format=csv`, jsonInit("POST", body()));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const raw = new Uint8Array(await csv.arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(raw);
    expect(text.startsWith("SKU,")).toBe(true);
    expect(text).toContain("合计 total,7,48000,4000,44000,0,0,44000,22000,22000");
    const xlsx = await op(`${base}/replay/export?format=xlsx`, jsonInit("POST", body()));
    expect(xlsx.status).toBe(200);
    const bytes = new Uint8Array(await xlsx.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes.buffer as ArrayBuffer);
    expect(wb.getWorksheet("skus")!.getRow(5).values).toEqual([
      undefined,
      "合计 total",
      7,
      48000,
      4000,
      44000,
      0,
      0,
      44000,
      22000,
      22000,
    ]);
  });

  it("refuses a reversed period", async () => {
    const res = await op(`${base}/replay`, jsonInit("POST", { ...body(), from: "2025-11-12" }));
    expect(res.status).toBe(400);
  });
});
