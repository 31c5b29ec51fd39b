/**
 * Promotions (促销) and coupon templates (优惠券), issued coupons, the counters checkout takes
 * atomically (promo stock, budgets, issue counts, per-customer usage), what each order took,
 * and refunds computed from the frozen split.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table promotions (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  campaign_id bigint,
  kind text not null,
  name text not null,
  definition jsonb not null,
  starts_at timestamptz,
  ends_at timestamptz,
  published boolean not null default false,
  is_coupon boolean not null default false,
  stock_limit integer check (stock_limit >= 0),
  stock_used integer not null default 0 check (stock_used >= 0),
  budget_fen bigint check (budget_fen >= 0),
  budget_used_fen bigint not null default 0 check (budget_used_fen >= 0),
  issue_limit integer check (issue_limit >= 0),
  issued integer not null default 0 check (issued >= 0),
  redeemed integer not null default 0 check (redeemed >= 0),
  per_customer_limit integer check (per_customer_limit >= 1),
  valid_from timestamptz,
  valid_until timestamptz,
  valid_days integer check (valid_days >= 1),
  claim_code text,
  created_by bigint,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (shop_id, id),
  unique (shop_id, claim_code),
  check (stock_limit is null or stock_used <= stock_limit),
  check (budget_fen is null or budget_used_fen <= budget_fen),
  check (issue_limit is null or issued <= issue_limit),
  check (starts_at is null or ends_at is null or starts_at < ends_at)
);
create index promotions_campaign on promotions(shop_id, campaign_id);
create index promotions_window on promotions(shop_id, published, ends_at);

create table promotion_usage (
  shop_id bigint not null,
  promotion_id bigint not null,
  customer_id bigint not null,
  used_qty integer not null default 0 check (used_qty >= 0),
  claimed integer not null default 0 check (claimed >= 0),
  primary key (shop_id, promotion_id, customer_id),
  foreign key (shop_id, promotion_id) references promotions(shop_id, id) on delete cascade
);

create table coupons (
  shop_id bigint not null,
  id bigint generated always as identity,
  promotion_id bigint not null,
  customer_id bigint not null,
  code text not null,
  status text not null default 'issued' check (status in ('issued','redeemed','void')),
  source text not null check (source in ('list','segment','claim','checkout')),
  valid_from timestamptz,
  valid_until timestamptz,
  issued_at timestamptz not null,
  redeemed_at timestamptz,
  order_id bigint,
  primary key (shop_id, id),
  unique (shop_id, code),
  foreign key (shop_id, promotion_id) references promotions(shop_id, id) on delete cascade
);
create index coupons_customer on coupons(shop_id, customer_id, status);
create index coupons_promotion on coupons(shop_id, promotion_id);

create table order_promotions (
  shop_id bigint not null,
  order_id bigint not null,
  engine_id text not null,
  promotion_id bigint,
  coupon_id bigint,
  kind text not null,
  discount_fen bigint not null,
  platform_fen bigint not null default 0,
  units integer not null default 0,
  tier_index integer not null default 0,
  gifts jsonb not null default '[]',
  rule jsonb not null,
  primary key (shop_id, order_id, engine_id),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade
);

create table order_refunds (
  shop_id bigint not null,
  id bigint generated always as identity,
  order_id bigint not null,
  policy text not null check (policy in ('keep','clawback')),
  lines jsonb not null,
  result jsonb not null,
  refund_fen bigint not null check (refund_fen >= 0),
  reason text not null default '',
  created_by bigint,
  created_at timestamptz not null,
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade
);
create index order_refunds_order on order_refunds(shop_id, order_id, id);
`.execute(db);
}
