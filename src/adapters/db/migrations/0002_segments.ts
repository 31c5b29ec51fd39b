/**
 * Customer segments: per-shop settings, RFM scores and playbook segment per customer (derived
 * data, rewritten by a refresh), saved segment definitions, their members and the history of
 * their size. Keys lead with `shop_id` like every business table.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table segment_settings (
  shop_id bigint primary key references shops(id) on delete cascade,
  settings jsonb not null,
  updated_at timestamptz not null default now()
);

create table customer_scores (
  shop_id bigint not null,
  customer_id bigint not null,
  r smallint check (r between 1 and 5),
  f smallint check (f between 1 and 5),
  m smallint check (m between 1 and 5),
  rfm_group text,
  playbook text not null check (playbook in ('loyal','active','general')),
  primary key (shop_id, customer_id),
  foreign key (shop_id, customer_id) references customers(shop_id, id) on delete cascade
);

create table score_runs (
  shop_id bigint not null references shops(id) on delete cascade,
  id bigint generated always as identity,
  scored_at timestamptz not null,
  settings jsonb not null,
  buyers integer not null,
  customers integer not null,
  changed integer not null,
  avg_recency_days double precision,
  avg_frequency double precision,
  avg_monetary_fen double precision,
  duration_ms integer not null,
  primary key (shop_id, id)
);

create table segments (
  shop_id bigint not null references shops(id) on delete cascade,
  id bigint generated always as identity,
  name text not null,
  description text not null default '',
  definition jsonb not null,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  refreshed_at timestamptz,
  size integer,
  primary key (shop_id, id),
  unique (shop_id, name)
);

create table segment_members (
  shop_id bigint not null,
  segment_id bigint not null,
  customer_id bigint not null,
  primary key (shop_id, segment_id, customer_id),
  foreign key (shop_id, segment_id) references segments(shop_id, id) on delete cascade
);

create table segment_history (
  shop_id bigint not null,
  segment_id bigint not null,
  id bigint generated always as identity,
  refreshed_at timestamptz not null,
  size integer not null,
  added integer not null,
  removed integer not null,
  duration_ms integer not null,
  trigger text not null,
  primary key (shop_id, segment_id, id),
  foreign key (shop_id, segment_id) references segments(shop_id, id) on delete cascade
);
`.execute(db);
}
