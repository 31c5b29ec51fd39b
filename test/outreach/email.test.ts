/**
 * The e-mail channel against a real local SMTP server: settings (password never returned),
 * the composed message (headers, zh body, one-click unsubscribe), consent and unsubscribe
 * honoured, a refused recipient retried later, and no second delivery after a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.ts";
import { getShopSetting } from "../../src/adapters/db/repositories/shop-settings.ts";
import { type EmailTransport, smtpTransport } from "../../src/adapters/email/smtp.ts";
import { FakeSmsProvider } from "../../src/adapters/sms/fake/client.ts";
import {
  type DeliveryOptions,
  processChunk,
  recoverAndReconcile,
  stepProgress,
} from "../../src/app/outreach/delivery.ts";
import {
  loadEmailSendSettings,
  saveEmailSettings,
  shopMailers,
} from "../../src/app/outreach/email-settings.ts";
import { createJourney, launchJourney } from "../../src/app/outreach/journeys.ts";
import { createHttpApp } from "../../src/http/app.ts";
import type { Api } from "../../src/http/context.ts";
import { openTestApp, type TestApp } from "../helpers/app.ts";
import { testBackend } from "../helpers/db.ts";
import { seedOutreachShop } from "../helpers/outreach.ts";
import { parseMail, startTestSmtpServer, type TestSmtpServer } from "../helpers/smtp.ts";

/** Noon in Beijing today: outside the default quiet hours (21:00–09:00). */
const noon = () => {
  const d = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${d}T12:00:00+08:00`);
};
const today = () => noon().toISOString().slice(0, 10);

describe(`e-mail outreach over SMTP (${testBackend})`, () => {
  let t: TestApp;
  let database: Database;
  let smtp: TestSmtpServer;
  let owner: Awaited<ReturnType<TestApp["as"]>>;
  let app: Api;
  const mailers: ReturnType<typeof shopMailers>[] = [];

  beforeAll(async () => {
    t = await openTestApp(() => noon());
    database = t.database;
    app = createHttpApp({ database, now: () => noon() });
    smtp = await startTestSmtpServer({ user: "mailer", password: "s3cret-pw" });
    owner = await t.as("owner");
  });
  afterAll(async () => {
    for (const m of mailers) m.close();
    await smtp.close();
    await t.close();
  });

  async function setUpShop(code: string, n: number) {
    const seeded = await seedOutreachShop(database, n, { code });
    const put = await owner(`/api/shops/${code}/outreach/email-settings`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        user: "mailer",
        password: "s3cret-pw",
        from: "shop@dacu-test.example",
        fromName: "小店",
        language: "zh",
        publicUrl: "https://dacu.example.com/",
      }),
    });
    expect(put.status).toBe(200);
    return seeded;
  }

  function options(extra: Partial<DeliveryOptions> = {}): DeliveryOptions {
    const m = shopMailers(database);
    mailers.push(m);
    return {
      provider: new FakeSmsProvider({ baseUrl: "http://127.0.0.1:9" }),
      mailer: m.get,
      now: () => noon(),
      leaseSeconds: 30,
      ...extra,
    };
  }

  async function launchEmailStep(shopId: number, segmentId: number) {
    const j = await createJourney(database, shopId, null, {
      name: "邮件领券",
      tDate: today(),
      settings: { link: "https://shop.example/coupon?c=DC11" },
      steps: [
        {
          name: "第二波·邮件领券",
          channel: "email",
          audience: { kind: "segment", segmentId },
          subject: "{shop} 双11 提前领券",
          template: "{name}您好：\n\n双11 现在即可提前领券：{link}\n\n退订：{unsubscribe}",
          offsetDays: 0,
          windowFrom: "00:00",
          windowTo: "23:59",
        },
      ],
    });
    const plan = await launchJourney(database, shopId, null, j.id, { force: true });
    const stepId = j.steps[0]?.id ?? 0;
    const r = await database.pool.query<{ a: number; b: number }>(
      "select min(id)::int as a, max(id)::int as b from outreach_messages where step_id = $1",
      [stepId],
    );
    const job = { shopId, stepId, fromId: r.rows[0]?.a ?? 0, toId: r.rows[0]?.b ?? 0 };
    return { plan, stepId, job };
  }

  it("settings: the password is stored encrypted and never returned", async () => {
    const { shopId } = await setUpShop("em0", 1);
    const get = await owner("/api/shops/em0/outreach/email-settings");
    const body = (await get.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ configured: true, passwordSet: true, user: "mailer" });
    expect(JSON.stringify(body)).not.toContain("s3cret-pw");
    expect("password" in body).toBe(false);
    const stored = await getShopSetting<Record<string, unknown>>(
      database.db,
      shopId,
      "outreach.email",
    );
    expect(JSON.stringify(stored)).not.toContain("s3cret-pw");
    expect((await loadEmailSendSettings(database, shopId))?.smtp.password).toBe("s3cret-pw");
    // Saving again without a password keeps it; a bad sender names the field.
    const again = await owner("/api/shops/em0/outreach/email-settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        host: "127.0.0.1",
        port: smtp.port,
        secure: false,
        user: "mailer",
        from: "shop@dacu-test.example",
        publicUrl: "https://dacu.example.com",
      }),
    });
    expect(((await again.json()) as { passwordSet: boolean }).passwordSet).toBe(true);
    const bad = await owner("/api/shops/em0/outreach/email-settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        host: "127.0.0.1",
        port: 25,
        secure: false,
        from: "not an address",
        publicUrl: "https://dacu.example.com",
      }),
    });
    expect(bad.status).toBe(400);
    const err = (await bad.json()) as { error: { field: string; messageZh: string } };
    expect(err.error.field).toBe("from");
    const operator = await t.as("operator");
    const denied = await operator("/api/shops/em0/outreach/email-settings", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        host: "h",
        port: 25,
        secure: false,
        from: "a@b.cn",
        publicUrl: "https://x.cn",
      }),
    });
    expect(denied.status).toBe(403);
  });

  it("planning warns when the shop has no SMTP settings; the rows wait instead of failing", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 2, { code: "em9" });
    const { plan, job, stepId } = await launchEmailStep(shopId, segmentId);
    expect(plan.steps[0]?.check.warnings.map((w) => w.code)).toContain("email_not_configured");
    const r = await processChunk(database, job, options());
    expect(r).toMatchObject({ claimed: 0, deferred: 2 });
    const rows = await database.pool.query<{ state: string; error: string }>(
      "select state, error from outreach_messages where step_id = $1",
      [stepId],
    );
    expect(rows.rows.every((x) => x.state === "queued" && /no SMTP settings/.test(x.error))).toBe(
      true,
    );
  });

  it("sends through SMTP: headers, Chinese body, one-click unsubscribe; consent honoured", async () => {
    const { shopId, segmentId } = await setUpShop("em1", 4);
    // Customer 4 withdrew e-mail consent before planning: not planned.
    await database.pool.query(
      `update customer_consents set granted = false where shop_id = $1 and channel = 'email'
         and customer_id = (select id from customers where shop_id = $1 and external_id = 'c4')`,
      [shopId],
    );
    const { plan, job, stepId } = await launchEmailStep(shopId, segmentId);
    expect(plan.steps[0]?.counts).toMatchObject({ audience: 4, noConsent: 1, recipients: 3 });
    // Customer 3 unsubscribes (one-click POST) after planning: failed before sending.
    const first = smtp.received.length;
    const before = await processChunk(database, { ...job, toId: job.fromId }, options());
    expect(before.sent).toBe(1);
    const mail = smtp.received.at(-1);
    expect(mail?.to).toEqual(["c1@example.com"]);
    expect(mail?.from).toBe("shop@dacu-test.example");
    expect(mail?.user).toBe("mailer");
    const m = parseMail(mail?.raw ?? "");
    expect(m.headers.get("subject")).toBe("小店 双11 提前领券");
    expect(m.headers.get("from")).toBe("小店 <shop@dacu-test.example>");
    expect(m.headers.get("message-id")).toMatch(
      new RegExp(`^<j${plan.journeyId}:s${stepId}:c\\d+:email@dacu-test\\.example>$`),
    );
    const lu = m.headers.get("list-unsubscribe") ?? "";
    expect(lu).toMatch(/^<https:\/\/dacu\.example\.com\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>$/);
    expect(m.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const url = lu.slice(1, -1);
    expect(m.text).toContain("客户1您好：");
    expect(m.text).toContain("双11 现在即可提前领券：https://shop.example/coupon?c=DC11");
    expect(m.text).toContain(`退订：${url}`);
    expect(m.text).toContain("您收到这封邮件，是因为您同意接收「小店」的消息。");
    expect(m.html).toContain(`<a href="${url}">一键退订</a>`);

    // The recipient of c3 clicks one-click unsubscribe (POST to the link's path).
    const c3 = await database.pool.query<{ id: number }>(
      "select id from customers where shop_id = $1 and external_id = 'c3'",
      [shopId],
    );
    const token3 = (await import("../../src/app/outreach/suppression.ts")).unsubscribeToken(
      shopId,
      "C3@example.com",
    );
    const res = await app.request(`/u/${token3}`, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
    });
    expect(res.status).toBe(200);
    const consent = await database.pool.query<{ granted: boolean; source: string }>(
      "select granted, source from customer_consents where shop_id = $1 and customer_id = $2 and channel = 'email'",
      [shopId, c3.rows[0]?.id],
    );
    expect(consent.rows[0]).toEqual({ granted: false, source: "link" });

    const rest = await processChunk(database, job, options());
    expect(rest.sent).toBe(1);
    expect(smtp.received.slice(first).map((x) => x.to[0])).toEqual([
      "c1@example.com",
      "c2@example.com",
    ]);
    const p = await stepProgress(database, shopId, stepId);
    expect(p).toMatchObject({ total: 3, sent: 2, failed: 1, queued: 0 });
    const failed = await database.pool.query<{ error: string }>(
      "select error from outreach_messages where step_id = $1 and state = 'failed'",
      [stepId],
    );
    expect(failed.rows[0]?.error).toMatch(/^suppressed:/);
  });

  it("a recipient refused with 451 waits and is sent on a later run; never twice", async () => {
    const { shopId, segmentId } = await setUpShop("em2", 3);
    const { job, stepId } = await launchEmailStep(shopId, segmentId);
    const first = smtp.received.length;
    smtp.refuseOnce("c2@example.com", 451);
    const r1 = await processChunk(database, job, options());
    expect(r1).toMatchObject({ claimed: 3, sent: 2 });
    const waiting = await database.pool.query<{ state: string; not_before: Date; error: string }>(
      "select state, not_before, error from outreach_messages where step_id = $1 and address = 'c2@example.com'",
      [stepId],
    );
    expect(waiting.rows[0]?.state).toBe("queued");
    expect(waiting.rows[0]?.error).toMatch(/^smtp_451/);
    expect(new Date(waiting.rows[0]?.not_before ?? 0).getTime()).toBeGreaterThan(noon().getTime());
    // Not due yet at noon; due ten minutes later.
    expect((await processChunk(database, job, options())).claimed).toBe(0);
    const later = new Date(noon().getTime() + 10 * 60_000);
    const r2 = await processChunk(database, job, options({ now: () => later }));
    expect(r2.sent).toBe(1);
    const got = smtp.received.slice(first).map((x) => x.to[0]);
    expect(got.sort()).toEqual(["c1@example.com", "c2@example.com", "c3@example.com"]);
    expect((await stepProgress(database, shopId, stepId)).sent).toBe(3);
  });

  it("an SMTP server that is down: the chunk stops, every row stays queued, none unknown", async () => {
    const { shopId, segmentId } = await setUpShop("em4", 5);
    await saveEmailSettings(database, shopId, null, {
      host: "127.0.0.1",
      port: 9,
      secure: false,
      from: "shop@dacu-test.example",
      publicUrl: "https://dacu.example.com",
    });
    const { job, stepId } = await launchEmailStep(shopId, segmentId);
    const r = await processChunk(database, job, options({ emailConcurrency: 1 }));
    expect(r).toMatchObject({ claimed: 1, sent: 0, failed: 0 });
    const p = await stepProgress(database, shopId, stepId);
    expect(p).toMatchObject({ total: 5, queued: 5, unknown: 0, sending: 0 });
    const retried = await database.pool.query<{ error: string; attempts: number }>(
      "select error, attempts from outreach_messages where step_id = $1 and attempts > 0",
      [stepId],
    );
    expect(retried.rows).toHaveLength(1);
    expect(retried.rows[0]?.error).toMatch(/^ESOCKET: connect ECONNREFUSED/);
  });

  it("a worker that dies after the server accepted a message: recovery never sends it again", async () => {
    const { shopId, segmentId } = await setUpShop("em3", 8);
    const { job, stepId } = await launchEmailStep(shopId, segmentId);
    const first = smtp.received.length;
    const settings = await loadEmailSendSettings(database, shopId);
    if (!settings) throw new Error("no settings");
    // The first worker's transport: the 4th message reaches the server, then the worker
    // "dies" (its send never returns, so the outcome is never recorded).
    const real = smtpTransport(settings.smtp);
    let sends = 0;
    const dying: EmailTransport = {
      async send(mail) {
        const accepted = await real.send(mail);
        sends++;
        if (sends === 4) return new Promise(() => {});
        return accepted;
      },
      close: () => real.close(),
    };
    const mailer = {
      transport: dying,
      language: "zh" as const,
      publicUrl: settings.publicUrl,
      from: settings.smtp.from,
    };
    void processChunk(database, job, {
      ...options(),
      mailer: async () => mailer,
      emailConcurrency: 1,
      workerId: "dead-worker",
    });
    for (let i = 0; i < 200 && smtp.received.length - first < 4; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(smtp.received.length - first).toBe(4);
    const mid = await stepProgress(database, shopId, stepId);
    expect(mid).toMatchObject({ sent: 3, sending: 1, queued: 4 });

    // A new worker, after the lease: the row in flight is `unknown`, not re-sent; the rest go.
    const later = new Date(noon().getTime() + 5 * 60_000);
    const rec = await recoverAndReconcile(database, options({ now: () => later }));
    expect(rec.abandoned).toBe(1);
    const r = await processChunk(database, job, options({ now: () => later, workerId: "w2" }));
    expect(r.sent).toBe(4);
    // And once more: nothing left to send.
    expect((await processChunk(database, job, options({ now: () => later }))).claimed).toBe(0);
    real.close();

    const got = smtp.received.slice(first).map((x) => x.to[0] ?? "");
    expect(got).toHaveLength(8);
    expect(new Set(got).size).toBe(8);
    expect(await stepProgress(database, shopId, stepId)).toMatchObject({
      total: 8,
      sent: 7,
      unknown: 1,
      queued: 0,
      sending: 0,
    });
    const unknown = await database.pool.query<{ address: string; error: string }>(
      "select address, error from outreach_messages where step_id = $1 and state = 'unknown'",
      [stepId],
    );
    expect(unknown.rows[0]?.address).toBe(got[3]);
  });
});
