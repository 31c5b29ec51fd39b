/**
 * Attribution of a journey's steps against their random holdout: conversions (a paid order
 * within a window after the send, or after the planned send for held-out customers),
 * conversion rates, and incremental orders and GMV per step (a step is one wave and one
 * segment). All in SQL.
 */

import type { Database } from "../../adapters/db/database.ts";

/** Attribution of one step. */
export interface StepAttribution {
  stepId: number;
  name: string;
  channel: string;
  audience: unknown;
  treated: number;
  heldOut: number;
  treatedBuyers: number;
  heldOutBuyers: number;
  treatedOrders: number;
  heldOutOrders: number;
  treatedGmvFen: number;
  heldOutGmvFen: number;
  /** Treated orders minus what the holdout's rate predicts for the treated group. */
  incrementalOrders: number;
  incrementalGmvFen: number;
}

/**
 * Compares treated (sent or delivered) and held-out customers of each step over
 * `windowDays` after the send (the planned send time for held-out rows).
 *
 * @example
 * const rows = await journeyAttribution(database, shop.id, journey.id, 7);
 */
export async function journeyAttribution(
  database: Database,
  shopId: number,
  journeyId: number,
  windowDays = 7,
): Promise<StepAttribution[]> {
  const r = await database.pool.query<{
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
  }>(
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
  return r.rows.map((x) => {
    const treated = Number(x.treated);
    const held = Number(x.held_out);
    const expectedOrders = held > 0 ? (Number(x.held_out_orders) / held) * treated : 0;
    const expectedGmv = held > 0 ? (Number(x.held_out_gmv) / held) * treated : 0;
    return {
      stepId: Number(x.step_id),
      name: x.name,
      channel: x.channel,
      audience: x.audience,
      treated,
      heldOut: held,
      treatedBuyers: Number(x.treated_buyers),
      heldOutBuyers: Number(x.held_out_buyers),
      treatedOrders: Number(x.treated_orders),
      heldOutOrders: Number(x.held_out_orders),
      treatedGmvFen: Number(x.treated_gmv),
      heldOutGmvFen: Number(x.held_out_gmv),
      incrementalOrders: Math.round((Number(x.treated_orders) - expectedOrders) * 100) / 100,
      incrementalGmvFen: Math.round(Number(x.treated_gmv) - expectedGmv),
    };
  });
}
