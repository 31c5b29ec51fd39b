/** Campaign plans (活动方案), their schedule tasks (进度表) and per-shop settings. */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table campaigns (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  name text not null,
  node_key text,
  peak_date date not null,
  warmup_start date not null,
  warmup_end date not null,
  peak_end date not null,
  thanks_start date not null,
  thanks_end date not null,
  theme text not null default '',
  benefit_points text[] not null default '{}',
  mechanics text[] not null default '{}',
  plan jsonb not null default '{}',
  hourly_plan_fen bigint[] not null default '{}',
  status text not null default 'draft' check (status in ('draft','active','archived')),
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (shop_id, id),
  check (warmup_start <= warmup_end and warmup_end < peak_date and peak_date <= peak_end
         and peak_end < thanks_start and thanks_start <= thanks_end)
);
create index campaigns_peak on campaigns(shop_id, peak_date);

create table campaign_tasks (
  shop_id bigint not null,
  id bigint generated always as identity,
  campaign_id bigint not null,
  template_key text,
  title_zh text not null,
  title_en text not null,
  role text not null check (role in ('owner','operator','cs','analyst')),
  offset_days integer,
  start_date date,
  due_date date not null,
  status text not null default 'todo' check (status in ('todo','doing','done','skipped')),
  done_at timestamptz,
  assignee text,
  notes text not null default '',
  sort integer not null default 0,
  primary key (shop_id, id),
  foreign key (shop_id, campaign_id) references campaigns(shop_id, id) on delete cascade
);
create index campaign_tasks_campaign on campaign_tasks(shop_id, campaign_id, due_date);

create table shop_settings (
  shop_id bigint not null references shops(id),
  key text not null,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (shop_id, key)
);
`.execute(db);
}
