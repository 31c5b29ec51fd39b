/** Order listing (server-side filter and paging) and one order with its lines and events. */
import type { Kysely } from "kysely";
import type { DB, OrderStatus } from "../schema.ts";

export interface OrderListQuery {
  shopId: number;
  status?: OrderStatus | undefined;
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

export async function listOrders(db: Kysely<DB>, query: OrderListQuery) {
  let base = db
    .selectFrom("orders")
    .leftJoin("customers", (j) =>
      j
        .onRef("customers.shop_id", "=", "orders.shop_id")
        .onRef("customers.id", "=", "orders.customer_id"),
    )
    .where("orders.shop_id", "=", query.shopId);
  if (query.status) base = base.where("orders.status", "=", query.status);
  if (query.from) base = base.where("orders.created_at", ">=", query.from);
  if (query.to) base = base.where("orders.created_at", "<", query.to);
  if (query.q) {
    const q = query.q;
    base = base.where((eb) =>
      eb.or([
        eb("orders.order_no", "=", q),
        eb("customers.external_id", "=", q),
        eb("orders.tracking_no", "=", q),
        eb("orders.receiver_phone", "=", q),
      ]),
    );
  }
  const total = await base
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      "orders.id",
      "orders.order_no",
      "orders.status",
      "orders.list_fen",
      "orders.discount_fen",
      "orders.paid_fen",
      "orders.refund_fen",
      "orders.created_at",
      "orders.paid_at",
      "orders.shipped_at",
      "orders.carrier",
      "orders.tracking_no",
      "orders.receiver_name",
      "orders.receiver_phone",
      "orders.province",
      "orders.city",
      "customers.external_id as buyer",
    ])
    .orderBy("orders.created_at", "desc")
    .orderBy("orders.id", "desc")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export async function getOrderDetail(db: Kysely<DB>, shopId: number, orderId: number) {
  const order = await db
    .selectFrom("orders")
    .selectAll()
    .where("shop_id", "=", shopId)
    .where("id", "=", orderId)
    .executeTakeFirst();
  if (!order) return undefined;
  const [lines, events, afterSales, reviews] = [
    await db
      .selectFrom("order_lines")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("order_id", "=", orderId)
      .orderBy("line_no")
      .execute(),
    await db
      .selectFrom("logistics_events")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("order_id", "=", orderId)
      .orderBy("at")
      .execute(),
    await db
      .selectFrom("after_sales")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("order_id", "=", orderId)
      .orderBy("requested_at")
      .execute(),
    await db
      .selectFrom("reviews")
      .selectAll()
      .where("shop_id", "=", shopId)
      .where("order_id", "=", orderId)
      .orderBy("at")
      .execute(),
  ];
  return { order, lines, events, afterSales, reviews };
}
