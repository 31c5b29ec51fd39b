/**
 * SQL of the outreach suppression list (opt-outs honoured by every plan) and of consent
 * withdrawals. Addresses arrive normalised (see `normalizeAddress`).
 */
import type { Database } from "../database.ts";

type Db = Pick<Database, "pool">;

/** Adds an address to the shop's suppression list (idempotent). */
export async function insertSuppression(
  database: Db,
  row: { shopId: number; channel: string; address: string; reason: string; source: string },
): Promise<void> {
  await database.pool.query(
    `insert into outreach_suppressions (shop_id, channel, address, reason, source)
     values ($1, $2, $3, $4, $5) on conflict (shop_id, channel, address) do nothing`,
    [row.shopId, row.channel, row.address, row.reason, row.source],
  );
}

/** True when the normalised address is suppressed for the channel. */
export async function suppressionExists(
  database: Db,
  shopId: number,
  channel: string,
  address: string,
): Promise<boolean> {
  const r = await database.pool.query(
    "select 1 from outreach_suppressions where shop_id = $1 and channel = $2 and address = $3",
    [shopId, channel, address],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Fails the `queued` SMS of a normalised mobile number (an opt-out reply). */
export async function cancelQueuedSms(
  database: Db,
  shopId: number,
  phone11: string,
  error: string,
): Promise<number> {
  const r = await database.pool.query(
    `update outreach_messages set state = 'failed', error = $3, done_at = now()
     where shop_id = $1 and channel = 'sms' and state = 'queued' and address is not null
       and right(regexp_replace(address, '\\D', '', 'g'), 11) = $2`,
    [shopId, phone11, error],
  );
  return r.rowCount ?? 0;
}

/**
 * Withdraws the e-mail consent of the shop's customers with this (lower-case) address and
 * fails their `queued` e-mails. Returns customers updated and messages cancelled.
 */
export async function withdrawEmailConsent(
  database: Db,
  shopId: number,
  email: string,
  source: string,
): Promise<{ customers: number; cancelled: number }> {
  const c = await database.pool.query(
    `insert into customer_consents (shop_id, customer_id, channel, granted, source, at)
     select shop_id, id, 'email', false, $3, now() from customers
     where shop_id = $1 and lower(trim(email)) = $2
     on conflict (shop_id, customer_id, channel)
     do update set granted = false, source = excluded.source, at = excluded.at`,
    [shopId, email, source],
  );
  const m = await database.pool.query(
    `update outreach_messages set state = 'failed', error = 'suppressed: unsubscribed', done_at = now()
     where shop_id = $1 and channel = 'email' and state = 'queued' and address = $2`,
    [shopId, email],
  );
  return { customers: c.rowCount ?? 0, cancelled: m.rowCount ?? 0 };
}
