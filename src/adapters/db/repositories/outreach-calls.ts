/** SQL of phone-call steps (call lists, imported results) and of journey attribution. */
import type { Database } from "../database.ts";

type Db = Pick<Database, "pool">;

/** A phone step's `queued` messages with the customer's name, by id. */
export async function queuedCallRows(
  database: Db,
  shopId: number,
  stepId: number,
): Promise<{ id: number; name: string | null; address: string | null }[]> {
  const r = await database.pool.query<{ id: number; name: string | null; address: string | null }>(
    `select m.id, c.name, m.address from outreach_messages m
     join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
     where m.shop_id = $1 and m.step_id = $2 and m.state = 'queued' order by m.id`,
    [shopId, stepId],
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/** Records one call result on a phone message; returns its address when a row changed. */
export async function recordCallResult(
  database: Db,
  shopId: number,
  messageId: number,
  state: "delivered" | "failed",
  note: string | null,
): Promise<{ updated: boolean; address: string | null }> {
  const r = await database.pool.query<{ address: string | null }>(
    `update outreach_messages set state = $3, error = $4, done_at = now(), sent_at = coalesce(sent_at, now()),
       attempts = attempts + 1
     where shop_id = $1 and id = $2 and channel = 'phone' and state in ('queued', 'sent', 'failed')
     returning address`,
    [shopId, messageId, state, note],
  );
  return { updated: (r.rowCount ?? 0) > 0, address: r.rows[0]?.address ?? null };
}

/** Per step: treated / held-out customers, buyers, orders and GMV within the window. */
export interface AttributionRow {
  step_id: number;
  name: string;
  channel: string;
  audience: unknown;
  treated: number;
  held_out: number;
  treated_buyers: number;
  held_out_buyers: number;
  treated_orders: number;
  held_out_orders: number;
  treated_gmv: number;
  held_out_gmv: number;
}

export async function attributionRows(
  database: Db,
  shopId: number,
  journeyId: number,
  windowDays: number,
): Promise<AttributionRow[]> {
  const r = await database.pool.query<AttributionRow>(
    `with m as (
       select m.step_id, m.customer_id, m.state = 'held_out' as held,
         coalesce(m.sent_at, m.not_before, m.queued_at) as t0
       from outreach_messages m
       where m.shop_id = $1 and m.journey_id = $2 and m.state in ('sent', 'delivered', 'held_out')
     ),
     conv as (
       select m.step_id, m.customer_id, m.held, count(o.id) as orders,
         coalesce(sum(o.paid_fen - o.refund_fen), 0) as gmv
       from m left join orders o on o.shop_id = $1 and o.customer_id = m.customer_id
         and o.paid_at >= m.t0 and o.paid_at < m.t0 + make_interval(days => $3)
       group by m.step_id, m.customer_id, m.held
     )
     select s.id as step_id, s.name, s.channel, s.audience,
       count(*) filter (where not c.held)::int as treated,
       count(*) filter (where c.held)::int as held_out,
       count(*) filter (where not c.held and c.orders > 0)::int as treated_buyers,
       count(*) filter (where c.held and c.orders > 0)::int as held_out_buyers,
       coalesce(sum(c.orders) filter (where not c.held), 0)::bigint as treated_orders,
       coalesce(sum(c.orders) filter (where c.held), 0)::bigint as held_out_orders,
       coalesce(sum(c.gmv) filter (where not c.held), 0)::bigint as treated_gmv,
       coalesce(sum(c.gmv) filter (where c.held), 0)::bigint as held_out_gmv
     from outreach_steps s left join conv c on c.step_id = s.id
     where s.shop_id = $1 and s.journey_id = $2
     group by s.id, s.name, s.channel, s.audience, s.position
     order by s.position, s.id`,
    [shopId, journeyId, windowDays],
  );
  return r.rows;
}
