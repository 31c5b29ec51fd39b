/**
 * Outreach journeys: journeys (per shop, optionally tied to a campaign), their steps, one
 * message row per (journey, step, customer, channel) written before any provider call, the
 * suppression list (opt-outs) and phone-call results. See `src/app/outreach/README.md` for
 * the message state machine.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table outreach_journeys (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  name text not null,
  campaign_id bigint,
  t_date date,
  status text not null default 'draft' check (status in ('draft','launched','done','cancelled')),
  settings jsonb not null default '{}',
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (shop_id, id),
  unique (id)
);

create table outreach_steps (
  shop_id bigint not null,
  id bigint generated always as identity,
  journey_id bigint not null,
  position integer not null default 0,
  name text not null,
  channel text not null check (channel in ('sms','email','phone')),
  sms_type text not null default 'marketing' check (sms_type in ('marketing','notification')),
  audience jsonb not null,
  template text not null,
  subject text,
  offset_days integer not null default 0,
  span_days integer not null default 0,
  window_from text,
  window_to text,
  condition jsonb,
  holdout_bp integer not null default 0 check (holdout_bp between 0 and 10000),
  status text not null default 'draft' check (status in ('draft','planned','launched','done')),
  planned_at timestamptz,
  launched_at timestamptz,
  primary key (shop_id, id),
  unique (id),
  foreign key (shop_id, journey_id) references outreach_journeys(shop_id, id) on delete cascade
);

create table outreach_messages (
  shop_id bigint not null,
  id bigint generated always as identity,
  journey_id bigint not null,
  step_id bigint not null,
  customer_id bigint not null,
  channel text not null check (channel in ('sms','email','phone')),
  address text,
  state text not null default 'queued'
    check (state in ('queued','sending','sent','delivered','failed','unknown','held_out')),
  provider_id text,
  attempts integer not null default 0,
  error text,
  worker_id text,
  lease_until timestamptz,
  not_before timestamptz,
  enqueued_at timestamptz,
  queued_at timestamptz not null default now(),
  sending_at timestamptz,
  sent_at timestamptz,
  done_at timestamptz,
  primary key (shop_id, id),
  unique (journey_id, step_id, customer_id, channel),
  foreign key (shop_id, step_id) references outreach_steps(shop_id, id) on delete cascade
);
create index outreach_messages_step_state on outreach_messages(shop_id, step_id, state, id);
create index outreach_messages_provider on outreach_messages(provider_id) where provider_id is not null;
create index outreach_messages_sending on outreach_messages(lease_until) where state = 'sending';
create index outreach_messages_customer on outreach_messages(shop_id, customer_id, channel, sent_at);

create table outreach_suppressions (
  shop_id bigint not null references shops(id),
  channel text not null check (channel in ('sms','email','phone')),
  address text not null,
  reason text not null,
  source text not null default '',
  at timestamptz not null default now(),
  primary key (shop_id, channel, address)
);
`.execute(db);
}
