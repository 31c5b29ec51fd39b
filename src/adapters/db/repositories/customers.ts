/** Customer listing and lookup. */
import type { Kysely } from "kysely";
import type { DB } from "../schema.ts";

export interface CustomerListQuery {
  shopId: number;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listCustomers(db: Kysely<DB>, query: CustomerListQuery) {
  let base = db.selectFrom("customers").where("shop_id", "=", query.shopId);
  if (query.q) {
    const like = `%${query.q}%`;
    base = base.where((eb) =>
      eb.or([
        eb("name", "ilike", like),
        eb("external_id", "ilike", like),
        eb("phone", "like", like),
        eb("email", "ilike", like),
      ]),
    );
  }
  const total = await base
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const rows = await base
    .select([
      "id",
      "external_id",
      "name",
      "phone",
      "email",
      "province",
      "city",
      "tags",
      "is_member",
      "first_paid_at",
      "last_paid_at",
      "paid_orders",
      "paid_fen",
      "refund_fen",
    ])
    .orderBy("last_paid_at", (ob) => ob.desc().nullsLast())
    .orderBy("id")
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

/** One customer of a shop with its order statistics (the customer page's header). */
export async function findCustomerSummary(db: Kysely<DB>, shopId: number, id: number) {
  return db
    .selectFrom("customers")
    .select([
      "id",
      "external_id",
      "name",
      "phone",
      "email",
      "province",
      "city",
      "tags",
      "is_member",
      "paid_orders",
      "paid_fen",
      "last_paid_at",
    ])
    .where("shop_id", "=", shopId)
    .where("id", "=", id)
    .executeTakeFirst();
}
