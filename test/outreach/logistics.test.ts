/**
 * Logistics notifications: an order shipped (by a logistics event or only by the order's
 * `shipped_at`), delayed (a carrier exception) or signed plans the matching notification SMS
 * for its customer — consent, opt-outs and quiet hours honoured, once per order and stage —
 * and the SMS goes out with the order's number and tracking number.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.ts";
import { FakeSmsProvider } from "../../src/adapters/sms/fake/client.ts";
import { type FakeSmsServer, startFakeSmsServer } from "../../src/adapters/sms/fake/server.ts";
import { processChunk, stepProgress } from "../../src/app/outreach/delivery.ts";
import { planLogisticsMessages } from "../../src/app/outreach/logistics.ts";
import { handleInboundSms } from "../../src/app/outreach/suppression.ts";
import { openTestApp, type TestApp } from "../helpers/app.ts";
import { testBackend } from "../helpers/db.ts";
import { seededPhone, seedOutreachShop } from "../helpers/outreach.ts";

/** The first 22:00 Beijing time at least `hours` after `from`. */
function beijing22After(from: number, hours: number): Date {
  const min = from + hours * 3_600_000;
  const day = new Date(min + 8 * 3_600_000).toISOString().slice(0, 10);
  let t = Date.parse(`${day}T22:00:00+08:00`);
  if (t < min) t += 86_400_000;
  return new Date(t);
}

describe(`logistics notifications (${testBackend})`, () => {
  let t: TestApp;
  let database: Database;
  let fake: FakeSmsServer;
  beforeAll(async () => {
    t = await openTestApp();
    database = t.database;
    fake = await startFakeSmsServer({ seed: 3 });
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });

  it("shipped / delayed / signed events plan notification SMS once, by the rules, and they go out", async () => {
    const { shopId } = await seedOutreachShop(database, 5, { code: "lg1" });
    const q = (text: string, params: unknown[] = []) => database.pool.query(text, params);
    const cid = async (i: number) =>
      Number(
        (
          await q("select id from customers where shop_id = $1 and external_id = $2", [
            shopId,
            `c${i}`,
          ])
        ).rows[0].id,
      );
    const order = async (no: string, customer: number) =>
      Number(
        (
          await q(
            `insert into orders (shop_id, order_no, customer_id, status, created_at, paid_at, carrier, tracking_no)
             values ($1, $2, $3, 'paid', now() - interval '3 days', now() - interval '3 days', 'SF', $4) returning id`,
            [shopId, no, customer, `SF${no}`],
          )
        ).rows[0].id,
      );
    const event = (orderId: number, kind: string, at: Date) =>
      q("insert into logistics_events (shop_id, order_id, at, kind) values ($1, $2, $3, $4)", [
        shopId,
        orderId,
        at,
        kind,
      ]);
    const o1 = await order("9001", await cid(1));
    const o2 = await order("9002", await cid(2));
    const o3 = await order("9003", await cid(3));
    const o4 = await order("9004", await cid(4));
    const o5 = await order("9005", await cid(1));
    // Shipped before the notifications were turned on: never notified.
    await event(o4, "shipped", new Date(Date.now() - 3_600_000));

    const operator = await t.as("operator");
    const on = await operator("/api/shops/lg1/outreach/logistics", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ enabled: true }),
    });
    expect(on.status).toBe(200);
    const status = (await on.json()) as {
      enabled: boolean;
      journey: { steps: { id: number; name: string; audience: { event: string } }[] };
    };
    expect(status.enabled).toBe(true);
    const stepOf = (e: string) => status.journey.steps.find((s) => s.audience.event === e)?.id ?? 0;
    expect(status.journey.steps.map((s) => s.audience.event)).toEqual([
      "shipped",
      "arrived_city",
      "delayed",
      "signed",
    ]);

    // Customer 3 replied "T"; customer 4 has no SMS consent.
    await handleInboundSms(database, shopId, { phone: seededPhone(3), text: "T" });
    await q(
      "update customer_consents set granted = false where shop_id = $1 and customer_id = $2 and channel = 'sms'",
      [shopId, await cid(4)],
    );
    const now = beijing22After(Date.now(), 3);
    const at = (minBefore: number) => new Date(now.getTime() - minBefore * 60_000);
    await event(o1, "shipped", at(120)); // logistics event
    await q(
      "update orders set status = 'shipped', shipped_at = $3 where shop_id = $1 and id = $2",
      [shopId, o2, at(90)],
    ); // only the order records it
    await event(o3, "shipped", at(80)); // opted out
    await event(o4, "signed", at(70)); // no consent
    await event(o5, "exception", at(60)); // delayed
    await event(o5, "in_transit", at(50)); // not notified

    const r = await planLogisticsMessages(database, shopId, now);
    expect(r).toMatchObject({ events: 5, planned: 3, noConsent: 1, suppressed: 1, superseded: 0 });
    const rows = await q(
      `select m.order_ref, m.step_id, m.customer_id, m.state, m.not_before from outreach_messages m
       where m.shop_id = $1 order by m.order_ref, m.step_id`,
      [shopId],
    );
    expect(rows.rows.map((x) => [Number(x.order_ref), Number(x.step_id)])).toEqual([
      [o1, stepOf("shipped")],
      [o2, stepOf("shipped")],
      [o5, stepOf("delayed")],
    ]);
    // 22:00 Beijing is inside the default quiet hours (21:00–09:00): next morning at 09:00.
    const nine = Date.parse(
      `${new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10)}T09:00:00+08:00`,
    );
    for (const x of rows.rows) expect(new Date(x.not_before).getTime()).toBe(nine);
    // Idempotent.
    expect((await planLogisticsMessages(database, shopId, now)).planned).toBe(0);

    // Order 1 is signed: its care message is planned and the queued "shipped" one dropped.
    await event(o1, "signed", new Date(now.getTime() + 60_000));
    const later = new Date(now.getTime() + 120_000);
    expect(await planLogisticsMessages(database, shopId, later)).toMatchObject({
      planned: 1,
      superseded: 1,
    });

    // The delayed notice goes out the next morning with the tracking number.
    const step = stepOf("delayed");
    const job = { shopId, stepId: step, fromId: 0, toId: Number.MAX_SAFE_INTEGER };
    const provider = new FakeSmsProvider({ baseUrl: fake.url });
    const early = await processChunk(database, job, { provider, now: () => later });
    expect(early.claimed).toBe(0);
    const sent = await processChunk(database, job, {
      provider,
      now: () => new Date(nine + 60_000),
    });
    expect(sent.sent).toBe(1);
    const msg = fake.log().at(-1);
    expect(msg?.phone).toBe(seededPhone(1));
    expect(msg?.text).toBe(
      "【小店】客户1，很抱歉，您的包裹SF9005运输途中出现延误，我们正在跟进处理，如有疑问请联系客服。",
    );
    expect(msg?.key).toMatch(new RegExp(`:c${await cid(1)}:sms:o${o5}$`));
    expect(await stepProgress(database, shopId, step)).toMatchObject({ total: 1, sent: 1 });

    // Turned off: new events are not planned.
    const off = await operator("/api/shops/lg1/outreach/logistics", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ enabled: false }),
    });
    expect(((await off.json()) as { enabled: boolean }).enabled).toBe(false);
    await event(o2, "signed", new Date(later.getTime() + 60_000));
    expect(
      (await planLogisticsMessages(database, shopId, new Date(later.getTime() + 120_000))).planned,
    ).toBe(0);
  });
});
