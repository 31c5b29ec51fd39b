/**
 * SQL of logistics-triggered outreach: the shop's logistics journey, the orders that reached
 * a notified stage (from `logistics_events`, or from the order's own `shipped_at` /
 * `signed_at` when only the order records it) and the message rows planned for them.
 */
import type { Database } from "../database.ts";

type Db = Pick<Database, "pool">;

/** The shop's logistics journey (settings.logistics = true), newest first. */
export async function findLogisticsJourney(
  database: Db,
  shopId: number,
): Promise<{ id: number; status: string; since: string } | undefined> {
  const r = await database.pool.query<{ id: number; status: string; since: Date }>(
    `select id, status, updated_at as since from outreach_journeys
     where shop_id = $1 and (settings->>'logistics')::boolean is true order by id desc limit 1`,
    [shopId],
  );
  const row = r.rows[0];
  return row
    ? { id: Number(row.id), status: row.status, since: new Date(row.since).toISOString() }
    : undefined;
}

/** Sets the status of a journey and of all its steps. */
export async function setJourneyStatus(
  database: Db,
  shopId: number,
  journeyId: number,
  journey: "draft" | "launched" | "cancelled",
  steps: "draft" | "launched" | "done",
): Promise<void> {
  await database.pool.query(
    "update outreach_journeys set status = $3, updated_at = now() where shop_id = $1 and id = $2",
    [shopId, journeyId, journey],
  );
  await database.pool.query(
    `update outreach_steps set status = $3, launched_at = case when $3 = 'launched' then now() else launched_at end
     where shop_id = $1 and journey_id = $2`,
    [shopId, journeyId, steps],
  );
}

/** Shops with a launched logistics journey. */
export async function shopsWithLogisticsJourney(database: Db): Promise<number[]> {
  const r = await database.pool.query<{ shop_id: number }>(
    `select distinct shop_id from outreach_journeys
     where status = 'launched' and (settings->>'logistics')::boolean is true`,
  );
  return r.rows.map((x) => Number(x.shop_id));
}

/** An order that reached a notified stage, with the customer's SMS eligibility. */
export interface LogisticsCandidate {
  orderId: number;
  event: string;
  at: string;
  customerId: number;
  stepId: number;
  address: string | null;
  noConsent: boolean;
  suppressed: boolean;
}

/**
 * Orders of the shop that reached a stage with a step of the journey in `[since, until]` and
 * have no message for that step yet: the earliest instant per order and stage.
 */
export async function logisticsCandidates(
  database: Db,
  shopId: number,
  journeyId: number,
  since: string,
  until: string,
): Promise<LogisticsCandidate[]> {
  const r = await database.pool.query<{
    order_id: number;
    event: string;
    at: Date;
    customer_id: number;
    step_id: number;
    address: string | null;
    no_consent: boolean;
    suppressed: boolean;
  }>(
    `with ev as (
       select e.order_id, case e.kind when 'exception' then 'delayed' else e.kind end as event, e.at
       from logistics_events e
       where e.shop_id = $1 and e.kind in ('shipped', 'arrived_city', 'signed', 'exception')
         and e.at >= $3 and e.at <= $4
       union all
       select o.id, 'shipped', o.shipped_at from orders o
       where o.shop_id = $1 and o.shipped_at >= $3 and o.shipped_at <= $4
       union all
       select o.id, 'signed', o.signed_at from orders o
       where o.shop_id = $1 and o.signed_at >= $3 and o.signed_at <= $4),
     first as (select order_id, event, min(at) as at from ev group by order_id, event),
     cand as (
       select f.order_id, f.event, f.at, o.customer_id, s.id as step_id,
         nullif(right(regexp_replace(coalesce(c.phone, ''), '\\D', '', 'g'), 11), '') as address
       from first f
       join orders o on o.shop_id = $1 and o.id = f.order_id and o.customer_id is not null
       join customers c on c.shop_id = $1 and c.id = o.customer_id
       join outreach_steps s on s.shop_id = $1 and s.journey_id = $2 and s.channel = 'sms'
         and s.audience->>'kind' = 'event' and s.audience->>'event' = f.event
       where not exists (select 1 from outreach_messages m where m.journey_id = $2
         and m.step_id = s.id and m.customer_id = o.customer_id and m.channel = 'sms'
         and m.order_ref = f.order_id))
     select cand.*,
       (cand.address is null or not exists (select 1 from customer_consents cc
          where cc.shop_id = $1 and cc.customer_id = cand.customer_id and cc.channel = 'sms'
            and cc.granted)) as no_consent,
       (cand.address is not null and exists (select 1 from outreach_suppressions x
          where x.shop_id = $1 and x.channel = 'sms' and x.address = cand.address)) as suppressed
     from cand order by cand.at, cand.order_id`,
    [shopId, journeyId, since, until],
  );
  return r.rows.map((x) => ({
    orderId: Number(x.order_id),
    event: x.event,
    at: new Date(x.at).toISOString(),
    customerId: Number(x.customer_id),
    stepId: Number(x.step_id),
    address: x.address,
    noConsent: x.no_consent,
    suppressed: x.suppressed,
  }));
}

/** Writes `queued` logistics messages (unique per step, customer and order). */
export async function insertLogisticsMessages(
  database: Db,
  shopId: number,
  journeyId: number,
  rows: readonly {
    stepId: number;
    customerId: number;
    orderId: number;
    address: string;
    notBefore: string;
  }[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await database.pool.query(
    `insert into outreach_messages (shop_id, journey_id, step_id, customer_id, channel, address,
       state, not_before, order_ref)
     select $1, $2, v.step_id, v.customer_id, 'sms', v.address, 'queued', v.not_before, v.order_id
     from (select unnest($3::bigint[]) as step_id, unnest($4::bigint[]) as customer_id,
                  unnest($5::text[]) as address, unnest($6::timestamptz[]) as not_before,
                  unnest($7::bigint[]) as order_id) v
     on conflict (journey_id, step_id, customer_id, channel, order_ref) do nothing`,
    [
      shopId,
      journeyId,
      rows.map((x) => x.stepId),
      rows.map((x) => x.customerId),
      rows.map((x) => x.address),
      rows.map((x) => x.notBefore),
      rows.map((x) => x.orderId),
    ],
  );
  return r.rowCount ?? 0;
}

/**
 * Fails `queued` notifications of an order's earlier stages once it is signed (a "shipped"
 * text after the parcel arrived helps nobody). Returns rows failed.
 */
export async function supersedeEarlierStages(
  database: Db,
  shopId: number,
  journeyId: number,
  orderIds: readonly number[],
): Promise<number> {
  if (orderIds.length === 0) return 0;
  const r = await database.pool.query(
    `update outreach_messages m set state = 'failed', done_at = now(), error = 'superseded: order signed'
     from outreach_steps s
     where m.shop_id = $1 and m.journey_id = $2 and m.state = 'queued' and m.order_ref = any($3::bigint[])
       and s.shop_id = m.shop_id and s.id = m.step_id and s.audience->>'event' in ('shipped', 'arrived_city', 'delayed')`,
    [shopId, journeyId, orderIds],
  );
  return r.rowCount ?? 0;
}
