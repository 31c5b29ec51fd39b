/**
 * Kysely table types, mirroring the migrations. `Generated<T>` columns have a database
 * default. bigint columns are parsed to `number` (see database.ts): money is integer fen.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type GeneratedJson<T> = ColumnType<T, string | T | undefined, string | T>;

export type Platform = "tmall" | "taobao" | "jd" | "douyin" | "own";
export type Role = "owner" | "operator" | "cs" | "analyst";
export type OrderStatus =
  | "created"
  | "paid"
  | "shipped"
  | "signed"
  | "completed"
  | "refunding"
  | "refunded"
  | "closed";
export type ConsentChannel = "sms" | "email" | "phone";
export type LogisticsKind =
  | "collected"
  | "shipped"
  | "in_transit"
  | "arrived_city"
  | "delivering"
  | "signed"
  | "exception";
export type AfterSaleKind =
  | "refund_only"
  | "return_refund"
  | "exchange"
  | "reship"
  | "compensation";
export type AfterSaleStatus = "requested" | "approved" | "rejected" | "completed" | "closed";

export interface ShopsTable {
  id: Generated<number>;
  code: string;
  name: string;
  platform: Platform;
  time_zone: Generated<string>;
  fee_rate_bp: Generated<number>;
  is_demo: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  locale: Generated<"zh-CN" | "en">;
  disabled: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
}

export interface ProductsTable {
  shop_id: number;
  id: Generated<number>;
  code: string;
  title: string;
  category: string;
  created_at: GeneratedTimestamp;
}

export interface SkusTable {
  shop_id: number;
  id: Generated<number>;
  product_id: number;
  code: string;
  spec: Generated<string>;
  price_fen: number;
  cost_fen: Generated<number>;
  floor_price_fen: number | null;
  stock: Generated<number>;
  is_hero: Generated<boolean>;
  created_at: GeneratedTimestamp;
}

export interface CustomersTable {
  shop_id: number;
  id: Generated<number>;
  external_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  tags: Generated<string[]>;
  is_member: Generated<boolean>;
  created_at: GeneratedTimestamp;
  first_paid_at: Timestamp | null;
  last_paid_at: Timestamp | null;
  paid_orders: Generated<number>;
  paid_fen: Generated<number>;
  refund_fen: Generated<number>;
}

export interface CustomerConsentsTable {
  shop_id: number;
  customer_id: number;
  channel: ConsentChannel;
  granted: boolean;
  source: string;
  at: Timestamp;
}

export interface OrdersTable {
  shop_id: number;
  id: Generated<number>;
  order_no: string;
  customer_id: number | null;
  status: OrderStatus;
  source: Generated<string>;
  list_fen: Generated<number>;
  discount_fen: Generated<number>;
  shipping_fen: Generated<number>;
  payable_fen: Generated<number>;
  paid_fen: Generated<number>;
  refund_fen: Generated<number>;
  created_at: Timestamp;
  paid_at: Timestamp | null;
  shipped_at: Timestamp | null;
  signed_at: Timestamp | null;
  completed_at: Timestamp | null;
  closed_at: Timestamp | null;
  carrier: string | null;
  tracking_no: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  address: string | null;
  buyer_message: string | null;
  campaign_id: number | null;
  /** Fingerprint of the order as last imported (null when written by other paths). */
  import_hash: Generated<string | null>;
}

export interface OrderLinesTable {
  shop_id: number;
  id: Generated<number>;
  order_id: number;
  line_no: number;
  sku_id: number | null;
  sku_code: string | null;
  title: string;
  unit_price_fen: number;
  quantity: number;
  list_fen: number;
  discount_fen: Generated<number>;
  payable_fen: number;
  /** Frozen discount split: promotion key → fen taken off this line. */
  shares: GeneratedJson<Record<string, number>>;
  platform_fen: Generated<number>;
  gift_cost_fen: Generated<number>;
  merchant_net_fen: number | null;
  is_gift: Generated<boolean>;
  refunded_qty: Generated<number>;
  refund_fen: Generated<number>;
}

export interface LogisticsEventsTable {
  shop_id: number;
  id: Generated<number>;
  order_id: number;
  at: Timestamp;
  kind: LogisticsKind;
  location: string | null;
  description: Generated<string>;
}

export interface ReviewsTable {
  shop_id: number;
  id: Generated<number>;
  order_id: number;
  customer_id: number | null;
  sku_id: number | null;
  rating: number;
  text: Generated<string>;
  has_images: Generated<boolean>;
  at: Timestamp;
}

export interface AfterSalesTable {
  shop_id: number;
  id: Generated<number>;
  order_id: number;
  order_line_id: number | null;
  kind: AfterSaleKind;
  reason: Generated<string>;
  status: AfterSaleStatus;
  quantity: Generated<number>;
  amount_fen: Generated<number>;
  requested_at: Timestamp;
  resolved_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  shop_id: number | null;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  reason: string | null;
  at: GeneratedTimestamp;
}

export interface ImportMappingsTable {
  shop_id: number;
  name: string;
  mapping: Json<Record<string, unknown>>;
  updated_at: GeneratedTimestamp;
}

export type ImportStatus = "running" | "done" | "rejected" | "failed";
export type ImportMode = "all_or_nothing" | "valid_only";

export interface ImportJobsTable {
  shop_id: number;
  id: Generated<number>;
  format: string;
  file_name: string;
  mode: ImportMode;
  status: ImportStatus;
  total_rows: Generated<number>;
  processed_rows: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  bad_rows: Generated<number>;
  errors: GeneratedJson<unknown[]>;
  bytes_read: Generated<number>;
  total_bytes: number | null;
  message: string | null;
  user_id: number | null;
  started_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

export interface AppSettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: GeneratedTimestamp;
}

export type CampaignStatus = "draft" | "active" | "archived";
export type TaskStatus = "todo" | "doing" | "done" | "skipped";
type DateColumn = ColumnType<string, string, string>;

export interface CampaignsTable {
  shop_id: number;
  id: Generated<number>;
  name: string;
  node_key: string | null;
  peak_date: DateColumn;
  warmup_start: DateColumn;
  warmup_end: DateColumn;
  peak_end: DateColumn;
  thanks_start: DateColumn;
  thanks_end: DateColumn;
  theme: Generated<string>;
  benefit_points: Generated<string[]>;
  mechanics: Generated<string[]>;
  plan: GeneratedJson<unknown>;
  hourly_plan_fen: Generated<number[]>;
  status: Generated<CampaignStatus>;
  created_by: number | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface CampaignTasksTable {
  shop_id: number;
  id: Generated<number>;
  campaign_id: number;
  template_key: string | null;
  title_zh: string;
  title_en: string;
  role: Role;
  offset_days: number | null;
  start_date: DateColumn | null;
  due_date: DateColumn;
  status: Generated<TaskStatus>;
  done_at: Timestamp | null;
  assignee: string | null;
  notes: Generated<string>;
  sort: Generated<number>;
}

export interface ShopSettingsTable {
  shop_id: number;
  key: string;
  value: Json<unknown>;
  updated_at: GeneratedTimestamp;
}

export interface DB {
  shops: ShopsTable;
  users: UsersTable;
  sessions: SessionsTable;
  products: ProductsTable;
  skus: SkusTable;
  customers: CustomersTable;
  customer_consents: CustomerConsentsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  logistics_events: LogisticsEventsTable;
  reviews: ReviewsTable;
  after_sales: AfterSalesTable;
  audit_log: AuditLogTable;
  import_mappings: ImportMappingsTable;
  import_jobs: ImportJobsTable;
  app_settings: AppSettingsTable;
  campaigns: CampaignsTable;
  campaign_tasks: CampaignTasksTable;
  shop_settings: ShopSettingsTable;
}

export type Shop = Selectable<ShopsTable>;
export type NewShop = Insertable<ShopsTable>;
export type User = Selectable<UsersTable>;
export type Sku = Selectable<SkusTable>;
export type Customer = Selectable<CustomersTable>;
export type Order = Selectable<OrdersTable>;
export type OrderLine = Selectable<OrderLinesTable>;
export type ShopUpdate = Updateable<ShopsTable>;
