/** Small builders for segment tests: customers with orders, reviews, after-sales, consents. */
import type { Kysely } from "kysely";
import { refreshCustomerStats } from "../../src/adapters/db/repositories/customer-stats.ts";
import { insertShop } from "../../src/adapters/db/repositories/shops.ts";
import type { AfterSaleKind, DB, OrderStatus } from "../../src/adapters/db/schema.ts";

let orderSeq = 0;

export interface OrderSpec {
  /** UTC instant of payment (null: never paid). */
  paidAt: string | null;
  fen: number;
  status?: OrderStatus;
  /** SKU code and quantity per line (SKUs are created on demand in category `cat`). */
  lines?: { sku: string; qty: number; category?: string }[];
  review?: number;
  afterSale?: { kind: AfterSaleKind; reason: string };
}

export interface CustomerSpec {
  externalId: string;
  name?: string;
  phone?: string;
  email?: string;
  province?: string;
  city?: string;
  tags?: string[];
  isMember?: boolean;
  consents?: { channel: "sms" | "email" | "phone"; granted: boolean }[];
  orders?: OrderSpec[];
}

export async function createShop(db: Kysely<DB>, code: string) {
  return insertShop(db, { code, name: code, platform: "tmall" });
}

async function skuId(db: Kysely<DB>, shopId: number, code: string, category: string) {
  const found = await db
    .selectFrom("skus")
    .select("id")
    .where("shop_id", "=", shopId)
    .where("code", "=", code)
    .executeTakeFirst();
  if (found) return found.id;
  const p = await db
    .insertInto("products")
    .values({ shop_id: shopId, code: `P-${code}`, title: code, category })
    .returning("id")
    .executeTakeFirstOrThrow();
  const s = await db
    .insertInto("skus")
    .values({ shop_id: shopId, product_id: p.id, code, price_fen: 100 })
    .returning("id")
    .executeTakeFirstOrThrow();
  return s.id;
}

/** Inserts customers with their orders and refreshes their statistics; returns ids by externalId. */
export async function addCustomers(
  db: Kysely<DB>,
  shopId: number,
  specs: CustomerSpec[],
): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const s of specs) {
    const c = await db
      .insertInto("customers")
      .values({
        shop_id: shopId,
        external_id: s.externalId,
        name: s.name ?? null,
        phone: s.phone ?? null,
        email: s.email ?? null,
        province: s.province ?? null,
        city: s.city ?? null,
        tags: s.tags ?? [],
        is_member: s.isMember ?? false,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids[s.externalId] = c.id;
    for (const k of s.consents ?? []) {
      await db
        .insertInto("customer_consents")
        .values({
          shop_id: shopId,
          customer_id: c.id,
          channel: k.channel,
          granted: k.granted,
          source: "test",
          at: "2026-01-01T00:00:00Z",
        })
        .execute();
    }
    for (const o of s.orders ?? []) {
      orderSeq += 1;
      const status = o.status ?? (o.paidAt ? "completed" : "closed");
      const row = await db
        .insertInto("orders")
        .values({
          shop_id: shopId,
          order_no: `T${String(orderSeq).padStart(17, "0")}`,
          customer_id: c.id,
          status,
          list_fen: o.fen,
          payable_fen: o.fen,
          paid_fen: o.paidAt ? o.fen : 0,
          refund_fen: status === "refunded" ? o.fen : 0,
          created_at: o.paidAt ?? "2026-01-01T00:00:00Z",
          paid_at: o.paidAt,
          receiver_name: s.name ?? null,
          receiver_phone: s.phone ?? null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      let n = 0;
      for (const l of o.lines ?? []) {
        n += 1;
        await db
          .insertInto("order_lines")
          .values({
            shop_id: shopId,
            order_id: row.id,
            line_no: n,
            sku_id: await skuId(db, shopId, l.sku, l.category ?? "cat"),
            sku_code: l.sku,
            title: l.sku,
            unit_price_fen: Math.floor(o.fen / l.qty),
            quantity: l.qty,
            list_fen: o.fen,
            payable_fen: o.fen,
          })
          .execute();
      }
      if (o.review !== undefined) {
        await db
          .insertInto("reviews")
          .values({
            shop_id: shopId,
            order_id: row.id,
            customer_id: c.id,
            rating: o.review,
            text: o.review >= 4 ? "好评" : "差评",
            at: o.paidAt ?? "2026-01-01T00:00:00Z",
          })
          .execute();
      }
      if (o.afterSale) {
        await db
          .insertInto("after_sales")
          .values({
            shop_id: shopId,
            order_id: row.id,
            kind: o.afterSale.kind,
            reason: o.afterSale.reason,
            status: "completed",
            amount_fen: o.fen,
            requested_at: o.paidAt ?? "2026-01-01T00:00:00Z",
          })
          .execute();
      }
    }
  }
  await refreshCustomerStats(db, shopId);
  return ids;
}

/** `n` local days before 2026-11-23 at noon Beijing (the tests' clock), as a UTC instant. */
export function daysBeforeNow(n: number): string {
  return new Date(Date.parse("2026-11-23T04:00:00Z") - n * 86_400_000).toISOString();
}
