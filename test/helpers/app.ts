/** An HTTP app over a fresh test database, with helpers to log in as each role. */
import type { Database } from "../../src/adapters/db/database.ts";
import { insertShop } from "../../src/adapters/db/repositories/shops.ts";
import { insertUser } from "../../src/adapters/db/repositories/users.ts";
import type { Role } from "../../src/adapters/db/schema.ts";
import { hashPassword } from "../../src/app/auth/passwords.ts";
import { createHttpApp } from "../../src/http/app.ts";
import type { Api, AppContext } from "../../src/http/context.ts";
import { openTestDatabase } from "./db.ts";

export interface TestApp {
  database: Database;
  app: Api;
  /** Logs in as a new user of `role` and returns a request function carrying its cookie. */
  as(role: Role): Promise<(path: string, init?: RequestInit) => Promise<Response>>;
  close(): Promise<void>;
}

export async function openTestApp(
  now = () => new Date("2026-11-23T04:00:00Z"),
  /** More of the app's context, given its database (e.g. a job queue's hooks). */
  extend: (database: Database) => Promise<Partial<AppContext>> = async () => ({}),
): Promise<TestApp> {
  const database = await openTestDatabase();
  const app = createHttpApp({ ...(await extend(database)), database, now });
  const passwordHash = await hashPassword("secret-pass");
  let n = 0;
  return {
    database,
    app,
    async as(role) {
      n += 1;
      const username = `${role}${n}`;
      await insertUser(database.db, {
        username,
        display_name: username,
        password_hash: passwordHash,
        role,
      });
      const res = await app.request("/api/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password: "secret-pass" }),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
      const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
      return async (path, init = {}) =>
        app.request(path, { ...init, headers: { ...(init.headers ?? {}), cookie } });
    },
    close: () => database.close(),
  };
}

/** A shop with two customers and three orders (one refunded, one unpaid) for read tests. */
export async function seedSmallShop(database: Database) {
  const db = database.db;
  const shop = await insertShop(db, { code: "small", name: "小店", platform: "tmall" });
  const product = await db
    .insertInto("products")
    .values({ shop_id: shop.id, code: "P1", title: "羊毛围巾", category: "配饰" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const sku = await db
    .insertInto("skus")
    .values({
      shop_id: shop.id,
      product_id: product.id,
      code: "P1-RED",
      spec: "颜色:红",
      price_fen: 19900,
      cost_fen: 8000,
      stock: 50,
      is_hero: true,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [c1, c2] = await db
    .insertInto("customers")
    .values([
      { shop_id: shop.id, external_id: "tb_zhang", name: "张伟", phone: "10012345678" },
      { shop_id: shop.id, external_id: "tb_li", name: "李娜", phone: "10087654321" },
    ])
    .returning("id")
    .execute();
  const orders = [
    // 2026-11-11 00:05 Beijing, paid
    {
      no: "100000000000000001",
      c: c1!.id,
      status: "completed",
      paid: "2026-11-10T16:05:00Z",
      fen: 19900,
      refund: 0,
    },
    // 2026-11-11 23:59 Beijing, paid then fully refunded
    {
      no: "100000000000000002",
      c: c2!.id,
      status: "refunded",
      paid: "2026-11-11T15:59:00Z",
      fen: 19900,
      refund: 19900,
    },
    // 2026-11-12 10:00 Beijing, never paid
    { no: "100000000000000003", c: c2!.id, status: "closed", paid: null, fen: 0, refund: 0 },
  ] as const;
  for (const o of orders) {
    const row = await db
      .insertInto("orders")
      .values({
        shop_id: shop.id,
        order_no: o.no,
        customer_id: o.c,
        status: o.status,
        list_fen: 19900,
        payable_fen: 19900,
        paid_fen: o.fen,
        refund_fen: o.refund,
        created_at: o.paid ?? "2026-11-12T02:00:00Z",
        paid_at: o.paid,
        receiver_name: o.c === c1!.id ? "张伟" : "李娜",
        receiver_phone: o.c === c1!.id ? "10012345678" : "10087654321",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("order_lines")
      .values({
        shop_id: shop.id,
        order_id: row.id,
        line_no: 1,
        sku_id: sku.id,
        sku_code: "P1-RED",
        title: "羊毛围巾 红",
        unit_price_fen: 19900,
        quantity: 1,
        list_fen: 19900,
        payable_fen: 19900,
      })
      .execute();
  }
  return { shop, skuId: sku.id };
}
