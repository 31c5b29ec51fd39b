/**
 * Browser-test data: the demo shop as `dacu start` creates it, plus a few weeks of orders when
 * the demo has none, so the overview chart has something to draw. Runs before the server
 * starts (the data directory is locked while it runs).
 */
import { sql } from "kysely";
import { openDatabase } from "../src/adapters/db/database.ts";
import { refreshCustomerStats } from "../src/adapters/db/repositories/customer-stats.ts";
import { listShops, shopHasOrders } from "../src/adapters/db/repositories/shops.ts";
import { loadConfig } from "../src/app/config.ts";
import { ensureDemoShop } from "../src/app/demo-on-start.ts";

export interface SeedResult {
  shopCode: string;
  /** Orders this seed inserted (0 when the demo already had orders). */
  insertedOrders: number;
}

export async function seedDataDir(dataDir: string, env: NodeJS.ProcessEnv): Promise<SeedResult> {
  const database = await openDatabase({ dataDir });
  try {
    await ensureDemoShop(database, loadConfig({ ...env, DACU_DATA_DIR: dataDir }));
    const shop = (await listShops(database.db))[0];
    if (!shop) throw new Error("no shop after the demo load");
    if (await shopHasOrders(database.db, shop.id))
      return { shopCode: shop.code, insertedOrders: 0 };
    return { shopCode: shop.code, insertedOrders: await insertOrders(database.db, shop.id) };
  } finally {
    await database.close();
  }
}

type Db = Awaited<ReturnType<typeof openDatabase>>["db"];

async function insertOrders(db: Db, shopId: number): Promise<number> {
  let seed = 20261111;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const product = await db
    .insertInto("products")
    .values({ shop_id: shopId, code: "P-TEA", title: "明前龙井礼盒", category: "茶叶" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const skuDefs = [
    { code: "TEA-250", spec: "250g", price: 26800, cost: 11000, hero: true },
    { code: "TEA-500", spec: "500g", price: 49800, cost: 21000, hero: false },
    { code: "TEA-GIFT", spec: "礼盒装", price: 69900, cost: 30000, hero: true },
  ];
  const skus = [];
  for (const s of skuDefs) {
    skus.push(
      await db
        .insertInto("skus")
        .values({
          shop_id: shopId,
          product_id: product.id,
          code: s.code,
          spec: s.spec,
          price_fen: s.price,
          cost_fen: s.cost,
          floor_price_fen: Math.round(s.price * 0.7),
          stock: 200 + Math.floor(rand() * 800),
          is_hero: s.hero,
        })
        .returning(["id", "code", "price_fen"])
        .executeTakeFirstOrThrow(),
    );
  }
  const cities = [
    ["浙江省", "杭州市"],
    ["上海市", "上海市"],
    ["广东省", "深圳市"],
    ["北京市", "北京市"],
  ] as const;
  const customers = [];
  for (let i = 1; i <= 12; i++) {
    const [province, city] = cities[i % cities.length]!;
    customers.push(
      await db
        .insertInto("customers")
        .values({
          shop_id: shopId,
          external_id: `buyer${String(i).padStart(3, "0")}`,
          name: `顾客${i}`,
          phone: `1380000${String(i).padStart(4, "0")}`,
          province,
          city,
          is_member: i % 3 === 0,
          email: i % 2 ? `buyer${i}@example.com` : null,
          tags: i % 4 === 0 ? ["老客"] : i % 5 === 0 ? ["大单客户"] : [],
        })
        .returning("id")
        .executeTakeFirstOrThrow(),
    );
  }
  const now = Date.now();
  const day = 86_400_000;
  const statuses = ["completed", "completed", "signed", "shipped", "paid", "refunded"] as const;
  let n = 0;
  for (let d = 45; d >= 1; d--) {
    const count = 1 + Math.floor(rand() * 3) + (d === 12 ? 6 : 0);
    for (let k = 0; k < count; k++) {
      n++;
      const sku = skus[Math.floor(rand() * skus.length)]!;
      const qty = 1 + Math.floor(rand() * 2);
      const list = sku.price_fen * qty;
      const discount = rand() < 0.4 ? 2000 : 0;
      const paidFen = list - discount;
      const status = statuses[Math.floor(rand() * statuses.length)]!;
      const createdAt = new Date(now - d * day + Math.floor(rand() * 14 * 3_600_000));
      const paidAt = new Date(createdAt.getTime() + 120_000);
      const shipped = status !== "paid";
      const customer = customers[n % customers.length]!;
      const [province, city] = cities[n % cities.length]!;
      const order = await db
        .insertInto("orders")
        .values({
          shop_id: shopId,
          order_no: `E2E${String(n).padStart(6, "0")}`,
          customer_id: customer.id,
          status,
          list_fen: list,
          discount_fen: discount,
          payable_fen: paidFen,
          paid_fen: paidFen,
          refund_fen: status === "refunded" ? paidFen : 0,
          created_at: createdAt,
          paid_at: paidAt,
          shipped_at: shipped ? new Date(paidAt.getTime() + day / 2) : null,
          carrier: shipped ? "中通快递" : null,
          tracking_no: shipped ? `ZT${7000000000 + n}` : null,
          receiver_name: `顾客${(n % 12) + 1}`,
          receiver_phone: `1380000${String((n % 12) + 1).padStart(4, "0")}`,
          province,
          city,
          address: `${province}${city}西湖区文三路 ${n} 号`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("order_lines")
        .values({
          shop_id: shopId,
          order_id: order.id,
          line_no: 1,
          sku_id: sku.id,
          sku_code: sku.code,
          title: "明前龙井礼盒",
          unit_price_fen: sku.price_fen,
          quantity: qty,
          list_fen: list,
          discount_fen: discount,
          payable_fen: paidFen,
          shares: sql`${JSON.stringify(discount ? { 店铺满减: discount } : {})}::jsonb`,
        })
        .execute();
      if (shipped) {
        await db
          .insertInto("logistics_events")
          .values([
            {
              shop_id: shopId,
              order_id: order.id,
              at: new Date(paidAt.getTime() + day / 2),
              kind: "shipped",
              location: "杭州市",
              description: "快件已从杭州转运中心发出",
            },
            {
              shop_id: shopId,
              order_id: order.id,
              at: new Date(paidAt.getTime() + day * 1.5),
              kind: "arrived_city",
              location: city,
              description: `快件已到达${city}`,
            },
          ])
          .execute();
      }
    }
  }
  await refreshCustomerStats(db, shopId);
  return n;
}
