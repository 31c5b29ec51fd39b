/**
 * The start path's background work: with the built-in fake SMS provider, a launched
 * journey's SMS and e-mail steps and a logistics notification really go out through the
 * pg-boss send jobs, and receipts mark the SMS delivered — nothing sent twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.ts";
import { loadConfig } from "../../src/app/config.ts";
import {
  type OutreachBackground,
  startOutreachBackground,
} from "../../src/app/outreach/background.ts";
import { stepProgress } from "../../src/app/outreach/delivery.ts";
import { saveEmailSettings } from "../../src/app/outreach/email-settings.ts";
import { createJourney, launchJourney } from "../../src/app/outreach/journeys.ts";
import { enableLogisticsNotifications } from "../../src/app/outreach/logistics.ts";
import { openTestDatabase, testBackend } from "../helpers/db.ts";
import { seededPhone, seedOutreachShop } from "../helpers/outreach.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../helpers/smtp.ts";

async function waitFor(cond: () => Promise<boolean>, ms: number, what: string) {
  const until = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe(`outreach background of dacu start (${testBackend})`, () => {
  let database: Database;
  let smtp: TestSmtpServer;
  let bg: OutreachBackground | null = null;
  beforeAll(async () => {
    database = await openTestDatabase();
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await bg?.stop();
    await smtp.close();
    await database.close();
  });

  it("reads the SMS provider from the environment", () => {
    expect(loadConfig({}).sms).toEqual({ provider: "builtin" });
    expect(loadConfig({}).worker).toBe(true);
    expect(loadConfig({ DACU_WORKER: "0" }).worker).toBe(false);
    expect(() => loadConfig({ DACU_SMS_PROVIDER: "aliyun" })).toThrow(/DACU_SMS_ACCESS_KEY_ID/);
    expect(() => loadConfig({ DACU_SMS_PROVIDER: "carrier-pigeon" })).toThrow(/builtin, fake/);
  });

  it("launched steps and logistics events go out through the worker", async () => {
    const n = 30;
    const { shopId, segmentId } = await seedOutreachShop(database, n, { code: "bg1" });
    await saveEmailSettings(database, shopId, null, {
      host: "127.0.0.1",
      port: smtp.port,
      secure: false,
      from: "shop@dacu-test.example",
      publicUrl: "https://dacu.example.com",
    });
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const noQuiet = { start: "00:00", end: "00:00" };
    const j = await createJourney(database, shopId, null, {
      name: "会员通知",
      tDate: today,
      settings: { quietHours: noQuiet },
      steps: [
        {
          name: "积分到账",
          channel: "sms",
          smsType: "notification",
          audience: { kind: "segment", segmentId },
          template: "【小店】{name}，您的会员积分已到账，请在店铺首页查看。",
          offsetDays: 0,
          windowFrom: "00:00",
          windowTo: "23:59",
        },
        {
          name: "积分邮件",
          channel: "email",
          smsType: "notification",
          audience: { kind: "segment", segmentId },
          subject: "{shop} 会员积分",
          template: "{name}您好：您的会员积分已到账。",
          offsetDays: 0,
          windowFrom: "00:00",
          windowTo: "23:59",
        },
      ],
    });
    await launchJourney(database, shopId, null, j.id, { force: true });
    const [smsStep, emailStep] = j.steps.map((s) => s.id) as [number, number];

    bg = await startOutreachBackground(database, {
      sms: { provider: "builtin" },
      maintenanceSeconds: 1,
      receiptPullMs: 200,
    });
    expect(bg.builtinSmsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    // An order ships after the logistics notifications were turned on.
    await enableLogisticsNotifications(database, shopId, null, { quietHours: noQuiet });
    const c5 = await database.pool.query<{ id: number }>(
      "select id from customers where shop_id = $1 and external_id = 'c5'",
      [shopId],
    );
    const o = await database.pool.query<{ id: number }>(
      `insert into orders (shop_id, order_no, customer_id, status, created_at, paid_at, tracking_no)
       values ($1, 'BG1', $2, 'shipped', now(), now(), 'YT42') returning id`,
      [shopId, c5.rows[0]?.id],
    );
    await database.pool.query(
      "insert into logistics_events (shop_id, order_id, at, kind) values ($1, $2, now(), 'shipped')",
      [shopId, o.rows[0]?.id],
    );

    await waitFor(
      async () => {
        const s = await stepProgress(database, shopId, smsStep);
        const e = await stepProgress(database, shopId, emailStep);
        return s.delivered === n && e.sent === n;
      },
      60_000,
      "the journey to go out",
    );
    const fakeUrl = bg.builtinSmsUrl ?? "";
    const waitLog = async () => {
      const r = await fetch(`${fakeUrl}/v1/log`);
      return ((await r.json()) as { messages: { key: string; phone: string; text: string }[] })
        .messages;
    };
    await waitFor(
      async () => (await waitLog()).some((m) => m.text.includes("YT42")),
      30_000,
      "the shipped notification",
    );
    const log = await waitLog();
    expect(log).toHaveLength(n + 1);
    expect(new Set(log.map((m) => m.key)).size).toBe(n + 1);
    const shipped = log.find((m) => m.text.includes("YT42"));
    expect(shipped?.phone).toBe(seededPhone(5));
    expect(shipped?.text).toBe("【小店】客户5，您的订单BG1已发货，运单号YT42，请留意查收。");
    expect(smtp.received).toHaveLength(n);
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(n);
  }, 90_000);
});
