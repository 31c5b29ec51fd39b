/**
 * Outreach messages triggered by an order's logistics events: a message may belong to an
 * order (`order_ref`, 0 for journey waves), so one customer gets the "shipped" notice of each
 * of their orders. The unique key becomes (journey, step, customer, channel, order_ref).
 * `outreach_event_scans` remembers, per shop, up to which logistics event id the trigger has
 * planned messages.
 */
import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table outreach_messages add column order_ref bigint not null default 0;
alter table outreach_messages drop constraint outreach_messages_journey_id_step_id_customer_id_channel_key;
alter table outreach_messages add constraint outreach_messages_key
  unique (journey_id, step_id, customer_id, channel, order_ref);
create index outreach_messages_order on outreach_messages(shop_id, order_ref) where order_ref <> 0;
`.execute(db);
}
