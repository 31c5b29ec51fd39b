/**
 * SQL of outreach delivery: send-job chunks, claims (`queued` → `sending`, committed before a
 * provider is called), outcomes, recovery of abandoned rows, receipts and progress. See
 * `src/app/outreach/README.md` for the message state machine.
 */
import type { Database } from "../database.ts";

type Db = Pick<Database, "pool">;

/** The message key as SQL over `outreach_messages m` (same as `messageKey`). */
export const MESSAGE_KEY_SQL = `'j' || m.journey_id || ':s' || m.step_id || ':c' || m.customer_id || ':' || m.channel || case when m.order_ref <> 0 then ':o' || m.order_ref else '' end`;

/**
 * Marks a step's due `queued` rows (not covered by a recent job) as enqueued and returns
 * their id ranges in chunks of `chunkSize` rows.
 */
export async function claimChunkRanges(
  database: Db,
  shopId: number,
  stepId: number,
  chunkSize: number,
): Promise<{ fromId: number; toId: number }[]> {
  const r = await database.pool.query<{ from_id: number; to_id: number }>(
    `with c as (
       select id, (row_number() over (order by id) - 1) / $3::int as g
       from outreach_messages where shop_id = $1 and step_id = $2 and state = 'queued'
         and (not_before is null or not_before <= now())
         and (enqueued_at is null or enqueued_at < now() - interval '10 minutes')),
     u as (update outreach_messages m set enqueued_at = now() from c where m.shop_id = $1 and m.id = c.id)
     select min(id) as from_id, max(id) as to_id from c group by g order by 1`,
    [shopId, stepId, chunkSize],
  );
  return r.rows.map((c) => ({ fromId: Number(c.from_id), toId: Number(c.to_id) }));
}

/** Launched steps with due `queued` rows of the given channels that no job covers. */
export async function dueLaunchedSteps(
  database: Db,
  channels: readonly string[],
): Promise<{ shopId: number; stepId: number }[]> {
  const r = await database.pool.query<{ shop_id: number; step_id: number }>(
    `select distinct m.shop_id, m.step_id from outreach_messages m
     join outreach_steps s on s.shop_id = m.shop_id and s.id = m.step_id
     where s.status = 'launched' and m.state = 'queued' and m.channel = any($1::text[])
       and (m.not_before is null or m.not_before <= now())
       and (m.enqueued_at is null or m.enqueued_at < now() - interval '10 minutes')`,
    [channels],
  );
  return r.rows.map((s) => ({ shopId: Number(s.shop_id), stepId: Number(s.step_id) }));
}

/** What a sender needs to know about a step. */
export interface DeliveryStepInfo {
  channel: "sms" | "email" | "phone";
  template: string;
  subject: string | null;
  sms_type: "marketing" | "notification";
  shop_name: string;
  time_zone: string;
  settings: Record<string, unknown>;
}

export async function loadDeliveryStep(
  database: Db,
  shopId: number,
  stepId: number,
): Promise<DeliveryStepInfo | undefined> {
  const r = await database.pool.query<DeliveryStepInfo>(
    `select s.channel, s.template, s.subject, s.sms_type, sh.name as shop_name, sh.time_zone, j.settings
     from outreach_steps s join outreach_journeys j on j.shop_id = s.shop_id and j.id = s.journey_id
     join shops sh on sh.id = s.shop_id where s.shop_id = $1 and s.id = $2`,
    [shopId, stepId],
  );
  return r.rows[0];
}

/** A chunk of a step, by id range. */
export interface ChunkRange {
  shopId: number;
  stepId: number;
  fromId: number;
  toId: number;
}

/** Moves a chunk's `queued` rows of a channel to a later `not_before` (window closed). */
export async function deferChunk(
  database: Db,
  job: ChunkRange,
  channel: string,
  notBefore: string,
  note: string | null = null,
): Promise<number> {
  const r = await database.pool.query(
    `update outreach_messages set not_before = $5, enqueued_at = null, error = coalesce($7, error)
     where shop_id = $1 and step_id = $2 and id between $3 and $4 and state = 'queued' and channel = $6`,
    [job.shopId, job.stepId, job.fromId, job.toId, notBefore, channel, note],
  );
  return r.rowCount ?? 0;
}

/** A claimed message with what rendering needs. */
export interface ClaimedMessage {
  id: number;
  journey_id: number;
  step_id: number;
  customer_id: number;
  channel: string;
  address: string | null;
  name: string | null;
  order_no: string | null;
  tracking_no: string | null;
  key: string;
  /** Attempts so far, this claim included (e-mail claims). */
  attempts?: number;
}

const CLAIM_RETURNING = `m.id, m.journey_id, m.step_id, m.customer_id, m.channel, m.address, c.name,
  o.order_no, o.tracking_no, ${MESSAGE_KEY_SQL} as key`;

/** Claims a chunk's due `queued` SMS rows for a worker (committed before any provider call). */
export async function claimSmsChunk(
  database: Db,
  job: ChunkRange,
  workerId: string,
  now: string,
  leaseSeconds: number,
): Promise<ClaimedMessage[]> {
  const r = await database.pool.query<ClaimedMessage>(
    `with u as (
       update outreach_messages m set state = 'sending', worker_id = $5, attempts = m.attempts + 1,
         lease_until = $6::timestamptz + make_interval(secs => $7), sending_at = $6
       where m.shop_id = $1 and m.step_id = $2 and m.id between $3 and $4 and m.state = 'queued'
         and m.channel = 'sms' and (m.not_before is null or m.not_before <= $6)
       returning m.*)
     select ${CLAIM_RETURNING}
     from u m join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
     left join orders o on m.order_ref <> 0 and o.shop_id = m.shop_id and o.id = m.order_ref`,
    [job.shopId, job.stepId, job.fromId, job.toId, workerId, now, leaseSeconds],
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id) }));
}

/**
 * Fails a chunk's `queued` e-mail rows whose address is now suppressed or whose customer
 * withdrew e-mail consent (after planning). Returns rows failed.
 */
export async function failWithdrawnEmail(database: Db, job: ChunkRange): Promise<number> {
  const r = await database.pool.query(
    `update outreach_messages m set state = 'failed', done_at = now(), error = 'suppressed: consent withdrawn'
     where m.shop_id = $1 and m.step_id = $2 and m.id between $3 and $4 and m.state = 'queued'
       and m.channel = 'email'
       and (exists (select 1 from outreach_suppressions s where s.shop_id = m.shop_id
                      and s.channel = 'email' and s.address = m.address)
         or exists (select 1 from customer_consents cc where cc.shop_id = m.shop_id
                      and cc.customer_id = m.customer_id and cc.channel = 'email' and not cc.granted))`,
    [job.shopId, job.stepId, job.fromId, job.toId],
  );
  return r.rowCount ?? 0;
}

/**
 * Claims the next due `queued` e-mail row of a chunk, one at a time: the claim is committed
 * before the SMTP call, so a crash leaves at most the rows in flight `sending`.
 */
export async function claimNextEmail(
  database: Db,
  job: ChunkRange,
  workerId: string,
  now: string,
  leaseSeconds: number,
): Promise<ClaimedMessage | undefined> {
  const r = await database.pool.query<ClaimedMessage>(
    `with n as (
       select id from outreach_messages where shop_id = $1 and step_id = $2 and id between $3 and $4
         and state = 'queued' and channel = 'email' and (not_before is null or not_before <= $6)
       order by id limit 1 for update skip locked),
     u as (
       update outreach_messages m set state = 'sending', worker_id = $5, attempts = m.attempts + 1,
         lease_until = $6::timestamptz + make_interval(secs => $7), sending_at = $6
       from n where m.shop_id = $1 and m.id = n.id and m.state = 'queued'
       returning m.*)
     select ${CLAIM_RETURNING}, m.attempts
     from u m join customers c on c.shop_id = m.shop_id and c.id = m.customer_id
     left join orders o on m.order_ref <> 0 and o.shop_id = m.shop_id and o.id = m.order_ref`,
    [job.shopId, job.stepId, job.fromId, job.toId, workerId, now, leaseSeconds],
  );
  const row = r.rows[0];
  return row ? { ...row, id: Number(row.id) } : undefined;
}

/** Records accepted sends (`sending`/`unknown` → `sent`). */
export async function markSent(
  database: Db,
  shopId: number,
  ids: readonly number[],
  providerIds: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await database.pool.query(
    `update outreach_messages m set state = 'sent', provider_id = v.pid, sent_at = now(),
       lease_until = null, error = null
     from (select unnest($2::bigint[]) as id, unnest($3::text[]) as pid) v
     where m.shop_id = $1 and m.id = v.id and m.state in ('sending', 'unknown')`,
    [shopId, ids, providerIds],
  );
}

/** Records failed sends (`sending`/`unknown` → `failed`). */
export async function markFailed(
  database: Db,
  shopId: number,
  ids: readonly number[],
  errors: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await database.pool.query(
    `update outreach_messages m set state = 'failed', error = v.err, done_at = now(), lease_until = null
     from (select unnest($2::bigint[]) as id, unnest($3::text[]) as err) v
     where m.shop_id = $1 and m.id = v.id and m.state in ('sending', 'unknown')`,
    [shopId, ids, errors],
  );
}

/** Extends the lease of rows being retried and counts the attempt. */
export async function extendLease(
  database: Db,
  shopId: number,
  ids: readonly number[],
  leaseSeconds: number,
): Promise<void> {
  await database.pool.query(
    `update outreach_messages set attempts = attempts + 1,
       lease_until = now() + make_interval(secs => $3)
     where shop_id = $1 and id = any($2::bigint[]) and state = 'sending'`,
    [shopId, ids, leaseSeconds],
  );
}

/** Puts a claimed row back in the queue for later (the server refused it: nothing was sent). */
export async function requeueLater(
  database: Db,
  shopId: number,
  id: number,
  notBefore: string,
  error: string,
): Promise<void> {
  await database.pool.query(
    `update outreach_messages set state = 'queued', worker_id = null, lease_until = null,
       enqueued_at = null, not_before = $3, error = $4
     where shop_id = $1 and id = $2 and state = 'sending'`,
    [shopId, id, notBefore, error],
  );
}

/** A claimed row whose outcome is not known (the connection broke mid-send): `unknown`. */
export async function markUnknown(
  database: Db,
  shopId: number,
  id: number,
  error: string,
): Promise<void> {
  await database.pool.query(
    `update outreach_messages set state = 'unknown', lease_until = null, error = $3
     where shop_id = $1 and id = $2 and state = 'sending'`,
    [shopId, id, error],
  );
}

/** Rows `sending` whose lease expired before `now` (their worker died) become `unknown`. */
export async function abandonExpired(database: Db, now: string): Promise<number> {
  const r = await database.pool.query(
    `update outreach_messages set state = 'unknown', error = 'worker lost during send', lease_until = null
     where state = 'sending' and lease_until < $1`,
    [now],
  );
  return r.rowCount ?? 0;
}

/** A page of `unknown` SMS rows after an id. */
export async function unknownSmsPage(
  database: Db,
  afterId: number,
  limit: number,
): Promise<
  { id: number; shop_id: number; step_id: number; provider_id: string | null; key: string }[]
> {
  const r = await database.pool.query<{
    id: number;
    shop_id: number;
    step_id: number;
    provider_id: string | null;
    key: string;
  }>(
    `select m.id, m.shop_id, m.step_id, m.provider_id, ${MESSAGE_KEY_SQL} as key
     from outreach_messages m where m.state = 'unknown' and m.channel = 'sms' and m.id > $1
     order by m.id limit $2`,
    [afterId, limit],
  );
  return r.rows.map((x) => ({ ...x, id: Number(x.id), step_id: Number(x.step_id) }));
}

/** Settles `unknown` rows the provider knows: sent / delivered / failed with its id. */
export async function settleUnknown(
  database: Db,
  rows: readonly { id: number; pid: string; status: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await database.pool.query(
    `update outreach_messages m set provider_id = v.pid, error = null,
       state = case v.st when 'delivered' then 'delivered' when 'failed' then 'failed' else 'sent' end,
       sent_at = coalesce(m.sent_at, now()),
       done_at = case when v.st in ('delivered', 'failed') then now() else m.done_at end
     from (select unnest($1::bigint[]) as id, unnest($2::text[]) as pid, unnest($3::text[]) as st) v
     where m.id = v.id and m.state = 'unknown'`,
    [rows.map((s) => s.id), rows.map((s) => s.pid), rows.map((s) => s.status)],
  );
}

/** `unknown` rows the provider never accepted go back to `queued`. */
export async function requeueUnknown(database: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await database.pool.query(
    `update outreach_messages set state = 'queued', worker_id = null, enqueued_at = null, error = 'not accepted by the provider; queued again'
     where id = any($1::bigint[]) and state = 'unknown'`,
    [ids],
  );
}

/** Applies delivery receipts by provider id; returns rows updated. */
export async function applyReceiptRows(
  database: Db,
  receipts: readonly { providerId: string; status: string; at?: string; errorCode?: string }[],
): Promise<number> {
  if (receipts.length === 0) return 0;
  const r = await database.pool.query(
    `update outreach_messages m set state = v.st, done_at = coalesce(v.at, now()),
       error = case when v.st = 'failed' then coalesce(v.code, 'undeliverable') else null end
     from (select unnest($1::text[]) as pid, unnest($2::text[]) as st,
                  unnest($3::timestamptz[]) as at, unnest($4::text[]) as code) v
     where m.provider_id = v.pid and m.state in ('sent', 'unknown', 'sending')`,
    [
      receipts.map((x) => x.providerId),
      receipts.map((x) => x.status),
      receipts.map((x) => x.at ?? null),
      receipts.map((x) => x.errorCode ?? null),
    ],
  );
  return r.rowCount ?? 0;
}

/** Counts of a step's messages by state. */
export async function stepStateCounts(
  database: Db,
  shopId: number,
  stepId: number,
): Promise<{ state: string; n: number }[]> {
  const r = await database.pool.query<{ state: string; n: number }>(
    `select state, count(*)::int as n from outreach_messages where shop_id = $1 and step_id = $2 group by state`,
    [shopId, stepId],
  );
  return r.rows.map((x) => ({ state: x.state, n: Number(x.n) }));
}
