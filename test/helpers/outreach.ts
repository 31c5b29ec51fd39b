/** Seeding helpers for outreach tests: a shop with N customers holding phones and SMS consent. */
import type { Database } from "../../src/adapters/db/database.ts";
import { insertShop } from "../../src/adapters/db/repositories/shops.ts";

/** Phone number of the i-th seeded customer. */
export const seededPhone = (i: number) => `139${String(i).padStart(8, "0")}`;

/**
 * A shop with `n` customers (phone `139…`, e-mail, SMS/email/phone consent), a saved segment
 * holding all of them and playbook scores (every third loyal, every third active).
 */
export async function seedOutreachShop(
  database: Database,
  n: number,
  opts: { code?: string; timeZone?: string } = {},
) {
  const shop = await insertShop(database.db, {
    code: opts.code ?? "outreach",
    name: "小店",
    platform: "tmall",
    ...(opts.timeZone ? { time_zone: opts.timeZone } : {}),
  });
  const q = (text: string, params: unknown[] = []) => database.pool.query(text, params);
  await q(
    `insert into customers (shop_id, external_id, name, phone, email)
     select $1, 'c' || i, '客户' || i, '139' || lpad(i::text, 8, '0'), 'c' || i || '@example.com'
     from generate_series(1, $2::int) i`,
    [shop.id, n],
  );
  await q(
    `insert into customer_consents (shop_id, customer_id, channel, granted, source, at)
     select c.shop_id, c.id, ch, true, 'test', now() from customers c, unnest(array['sms','email','phone']) ch
     where c.shop_id = $1`,
    [shop.id],
  );
  await q(
    `insert into customer_scores (shop_id, customer_id, playbook)
     select shop_id, id, case id % 3 when 0 then 'loyal' when 1 then 'active' else 'general' end
     from customers where shop_id = $1`,
    [shop.id],
  );
  const seg = await q(
    `insert into segments (shop_id, name, definition) values ($1, 'all', '{}') returning id`,
    [shop.id],
  );
  const segmentId = Number(seg.rows[0].id);
  await q(
    `insert into segment_members (shop_id, segment_id, customer_id) select shop_id, $2, id from customers where shop_id = $1`,
    [shop.id, segmentId],
  );
  return { shopId: shop.id, segmentId };
}
