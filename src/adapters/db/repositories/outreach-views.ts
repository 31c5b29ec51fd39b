/**
 * Read-only views of outreach data for the UI: consent per channel, the suppression list
 * and a phone step's call list.
 */
import type pg from "pg";

/** Outreach channels. */
export type ViewChannel = "sms" | "email" | "phone";

/** Consent of a shop's customers on one channel. */
export interface ConsentSummaryRow {
  channel: ViewChannel;
  /** Customers of the shop. */
  customers: number;
  /** Customers with an address usable on the channel (phone for sms/phone, e-mail for email). */
  withAddress: number;
  granted: number;
  /** An explicit refusal (a consent row with granted = false). */
  refused: number;
  /** Addresses on the suppression list for the channel. */
  suppressed: number;
}

/** Consent and suppression counts per channel. */
export async function consentSummary(pool: pg.Pool, shopId: number): Promise<ConsentSummaryRow[]> {
  const r = await pool.query<{
    channel: ViewChannel;
    customers: number;
    with_address: number;
    granted: number;
    refused: number;
    suppressed: number;
  }>(
    `select ch.channel,
       (select count(*)::int from customers c where c.shop_id = $1) as customers,
       (select count(*)::int from customers c where c.shop_id = $1 and
          case when ch.channel = 'email' then coalesce(trim(c.email), '') <> ''
               else coalesce(trim(c.phone), '') <> '' end) as with_address,
       (select count(*)::int from customer_consents cc where cc.shop_id = $1 and cc.channel = ch.channel and cc.granted) as granted,
       (select count(*)::int from customer_consents cc where cc.shop_id = $1 and cc.channel = ch.channel and not cc.granted) as refused,
       (select count(*)::int from outreach_suppressions s where s.shop_id = $1 and s.channel = ch.channel) as suppressed
     from (values ('sms'), ('email'), ('phone')) as ch(channel)`,
    [shopId],
  );
  return r.rows.map((x) => ({
    channel: x.channel,
    customers: Number(x.customers),
    withAddress: Number(x.with_address),
    granted: Number(x.granted),
    refused: Number(x.refused),
    suppressed: Number(x.suppressed),
  }));
}

/** One suppressed address. */
export interface SuppressionRow {
  channel: ViewChannel;
  address: string;
  reason: string;
  source: string;
  at: string;
}

/** The suppression list, newest first, paged. */
export async function listSuppressions(
  pool: pg.Pool,
  shopId: number,
  q: { channel?: ViewChannel | undefined; limit: number; offset: number },
): Promise<{ total: number; items: SuppressionRow[] }> {
  const params: unknown[] = [shopId];
  let where = "shop_id = $1";
  if (q.channel) {
    params.push(q.channel);
    where += ` and channel = $${params.length}`;
  }
  const total = await pool.query<{ n: number }>(
    `select count(*)::int as n from outreach_suppressions where ${where}`,
    params,
  );
  const rows = await pool.query<{
    channel: ViewChannel;
    address: string;
    reason: string;
    source: string;
    at: Date | string;
  }>(
    `select channel, address, reason, source, at from outreach_suppressions where ${where}
     order by at desc, channel, address limit $${params.length + 1} offset $${params.length + 2}`,
    [...params, q.limit, q.offset],
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.rows.map((x) => ({
      ...x,
      at: x.at instanceof Date ? x.at.toISOString() : new Date(x.at).toISOString(),
    })),
  };
}

/** One row of a phone step's call list. */
export interface CallRow {
  messageId: number;
  customer: string | null;
  phone: string | null;
  state: string;
  error: string | null;
}

/** A phone step's messages with the customer's name and number, paged, in message order. */
export async function listStepCalls(
  pool: pg.Pool,
  shopId: number,
  stepId: number,
  q: { limit: number; offset: number },
): Promise<{ total: number; items: CallRow[] }> {
  const total = await pool.query<{ n: number }>(
    `select count(*)::int as n from outreach_messages
     where shop_id = $1 and step_id = $2 and channel = 'phone' and state <> 'held_out'`,
    [shopId, stepId],
  );
  const rows = await pool.query<{
    id: number;
    name: string | null;
    address: string | null;
    state: string;
    error: string | null;
  }>(
    `select m.id, c.name, m.address, m.state, m.error from outreach_messages m
     join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
     where m.shop_id = $1 and m.step_id = $2 and m.channel = 'phone' and m.state <> 'held_out'
     order by m.id limit $3 offset $4`,
    [shopId, stepId, q.limit, q.offset],
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.rows.map((x) => ({
      messageId: Number(x.id),
      customer: x.name,
      phone: x.address,
      state: x.state,
      error: x.error,
    })),
  };
}
