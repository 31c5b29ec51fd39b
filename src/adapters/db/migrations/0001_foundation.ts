/**
 * The foundation schema. Every business table carries `shop_id` and leads its primary key
 * and indexes with it, so one shop's data stays together (and the schema can later shard by
 * shop). Money is integer fen in `bigint`; rates in basis points; times `timestamptz` (UTC).
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table shops (
  id bigint generated always as identity primary key,
  code text not null unique check (code ~ '^[a-z0-9][a-z0-9_-]{0,39}$'),
  name text not null,
  platform text not null check (platform in ('tmall','taobao','jd','douyin','own')),
  time_zone text not null default 'Asia/Shanghai',
  fee_rate_bp integer not null default 0 check (fee_rate_bp between 0 and 10000),
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table users (
  id bigint generated always as identity primary key,
  username text not null unique,
  display_name text not null,
  password_hash text not null,
  role text not null check (role in ('owner','operator','cs','analyst')),
  locale text not null default 'zh-CN' check (locale in ('zh-CN','en')),
  disabled boolean not null default false,
  created_at timestamptz not null default now()
);

create table sessions (
  id text primary key,
  user_id bigint not null references users(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user on sessions(user_id);

create table products (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  code text not null,
  title text not null,
  category text not null,
  created_at timestamptz not null default now(),
  primary key (shop_id, id),
  unique (shop_id, code)
);

create table skus (
  shop_id bigint not null,
  id bigint generated always as identity,
  product_id bigint not null,
  code text not null,
  spec text not null default '',
  price_fen bigint not null check (price_fen >= 0),
  cost_fen bigint not null default 0 check (cost_fen >= 0),
  floor_price_fen bigint check (floor_price_fen >= 0),
  stock integer not null default 0,
  is_hero boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (shop_id, id),
  unique (shop_id, code),
  foreign key (shop_id, product_id) references products(shop_id, id)
);

create table customers (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  external_id text not null,
  name text,
  phone text,
  email text,
  province text,
  city text,
  district text,
  tags text[] not null default '{}',
  is_member boolean not null default false,
  created_at timestamptz not null default now(),
  first_paid_at timestamptz,
  last_paid_at timestamptz,
  paid_orders integer not null default 0,
  paid_fen bigint not null default 0,
  refund_fen bigint not null default 0,
  primary key (shop_id, id),
  unique (shop_id, external_id)
);
create index customers_phone on customers(shop_id, phone);
create index customers_last_paid on customers(shop_id, last_paid_at);

create table customer_consents (
  shop_id bigint not null,
  customer_id bigint not null,
  channel text not null check (channel in ('sms','email','phone')),
  granted boolean not null,
  source text not null,
  at timestamptz not null,
  primary key (shop_id, customer_id, channel),
  foreign key (shop_id, customer_id) references customers(shop_id, id)
);

create table orders (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  order_no text not null,
  customer_id bigint,
  status text not null check (status in ('created','paid','shipped','signed','completed','refunding','refunded','closed')),
  source text not null default 'api',
  list_fen bigint not null default 0 check (list_fen >= 0),
  discount_fen bigint not null default 0 check (discount_fen >= 0),
  shipping_fen bigint not null default 0 check (shipping_fen >= 0),
  payable_fen bigint not null default 0 check (payable_fen >= 0),
  paid_fen bigint not null default 0 check (paid_fen >= 0),
  refund_fen bigint not null default 0 check (refund_fen >= 0),
  created_at timestamptz not null,
  paid_at timestamptz,
  shipped_at timestamptz,
  signed_at timestamptz,
  completed_at timestamptz,
  closed_at timestamptz,
  carrier text,
  tracking_no text,
  receiver_name text,
  receiver_phone text,
  province text,
  city text,
  district text,
  address text,
  buyer_message text,
  campaign_id bigint,
  primary key (shop_id, id),
  unique (shop_id, order_no),
  foreign key (shop_id, customer_id) references customers(shop_id, id)
);
create index orders_paid on orders(shop_id, paid_at);
create index orders_created on orders(shop_id, created_at);
create index orders_customer on orders(shop_id, customer_id);
create index orders_status on orders(shop_id, status, created_at);

create table order_lines (
  shop_id bigint not null,
  id bigint generated always as identity,
  order_id bigint not null,
  line_no integer not null,
  sku_id bigint,
  sku_code text,
  title text not null,
  unit_price_fen bigint not null check (unit_price_fen >= 0),
  quantity integer not null check (quantity > 0),
  list_fen bigint not null check (list_fen >= 0),
  discount_fen bigint not null default 0 check (discount_fen >= 0),
  payable_fen bigint not null check (payable_fen >= 0),
  shares jsonb not null default '{}',
  platform_fen bigint not null default 0,
  gift_cost_fen bigint not null default 0,
  merchant_net_fen bigint,
  is_gift boolean not null default false,
  refunded_qty integer not null default 0 check (refunded_qty >= 0),
  refund_fen bigint not null default 0 check (refund_fen >= 0),
  primary key (shop_id, id),
  unique (shop_id, order_id, line_no),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade,
  foreign key (shop_id, sku_id) references skus(shop_id, id)
);
create index order_lines_sku on order_lines(shop_id, sku_id);

create table logistics_events (
  shop_id bigint not null,
  id bigint generated always as identity,
  order_id bigint not null,
  at timestamptz not null,
  kind text not null check (kind in ('collected','shipped','in_transit','arrived_city','delivering','signed','exception')),
  location text,
  description text not null default '',
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade
);
create index logistics_events_order on logistics_events(shop_id, order_id, at);

create table reviews (
  shop_id bigint not null,
  id bigint generated always as identity,
  order_id bigint not null,
  customer_id bigint,
  sku_id bigint,
  rating smallint not null check (rating between 1 and 5),
  text text not null default '',
  has_images boolean not null default false,
  at timestamptz not null,
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade
);
create index reviews_order on reviews(shop_id, order_id);
create index reviews_customer on reviews(shop_id, customer_id);

create table after_sales (
  shop_id bigint not null,
  id bigint generated always as identity,
  order_id bigint not null,
  order_line_id bigint,
  kind text not null check (kind in ('refund_only','return_refund','exchange','reship','compensation')),
  reason text not null default '',
  status text not null check (status in ('requested','approved','rejected','completed','closed')),
  quantity integer not null default 0,
  amount_fen bigint not null default 0 check (amount_fen >= 0),
  requested_at timestamptz not null,
  resolved_at timestamptz,
  primary key (shop_id, id),
  foreign key (shop_id, order_id) references orders(shop_id, id) on delete cascade
);
create index after_sales_order on after_sales(shop_id, order_id);
create index after_sales_requested on after_sales(shop_id, requested_at);

create table audit_log (
  id bigint generated always as identity primary key,
  shop_id bigint,
  user_id bigint,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  reason text,
  at timestamptz not null default now()
);
create index audit_log_shop on audit_log(shop_id, at);

create table import_mappings (
  shop_id bigint not null references shops(id),
  name text not null,
  mapping jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (shop_id, name)
);

create table import_jobs (
  shop_id bigint not null references shops(id),
  id bigint generated always as identity,
  format text not null,
  file_name text not null,
  mode text not null check (mode in ('all_or_nothing','valid_only')),
  status text not null check (status in ('running','done','rejected','failed')),
  total_rows integer not null default 0,
  processed_rows integer not null default 0,
  inserted integer not null default 0,
  unchanged integer not null default 0,
  bad_rows integer not null default 0,
  errors jsonb not null default '[]',
  message text,
  user_id bigint,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  primary key (shop_id, id)
);

create table app_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
`.execute(db);
}
