/** Outreach over HTTP: CRUD (audited), plan, launch, progress, hooks and the call list. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unsubscribeToken } from "../../src/app/outreach/suppression.ts";
import { hookToken } from "../../src/http/routes/outreach.ts";
import { openTestApp, type TestApp } from "../helpers/app.ts";
import { testBackend } from "../helpers/db.ts";
import { seedOutreachShop } from "../helpers/outreach.ts";

describe(`outreach API (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
  });
  afterAll(async () => t.close());

  it("journeys CRUD, plan, launch, progress, call list, results, inbound opt-out, unsubscribe", async () => {
    const { shopId, segmentId } = await seedOutreachShop(t.database, 12, { code: "api" });
    const owner = await t.as("owner");
    const json = (body: unknown, method = "POST") => ({
      method,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const base = "/api/shops/api/outreach";
    const created = await owner(
      `${base}/journeys`,
      json({
        name: "T-1",
        tDate: "2026-11-11",
        steps: [
          {
            name: "短信",
            channel: "sms",
            smsType: "notification",
            audience: { kind: "segment", segmentId },
            template: "【小店】{name}，您的积分已到账。",
            offsetDays: -1,
            windowFrom: "10:00",
            windowTo: "11:00",
          },
          {
            name: "电话",
            channel: "phone",
            audience: { kind: "playbook", playbook: "loyal" },
            template: "{name}您好，这里是{shop}。",
            offsetDays: -1,
            windowFrom: "19:00",
            windowTo: "20:00",
          },
        ],
      }),
    );
    expect(created.status).toBe(201);
    const j = (await created.json()) as { id: number; steps: { id: number }[] };
    const audit = await t.database.pool.query(
      "select action from audit_log where shop_id = $1 and entity = 'outreach_journey'",
      [shopId],
    );
    expect(audit.rows.map((r) => r.action)).toContain("outreach.journey.create");

    const analyst = await t.as("analyst");
    expect((await analyst(`${base}/journeys`, json({ name: "x", steps: [] }))).status).toBe(403);

    const plan = (await (await owner(`${base}/journeys/${j.id}/plan`, json({}))).json()) as {
      dryRun: boolean;
      steps: { counts: { recipients: number } }[];
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.steps.map((s) => s.counts.recipients)).toEqual([12, 4]);

    // An inbound "TD" before launch: that number is excluded.
    const hook = `/hooks/shops/api/sms/inbound?token=${hookToken("api")}`;
    expect((await t.app.request(hook, json({ phone: "13900000001", text: "TD" }))).status).toBe(
      200,
    );
    expect(
      (
        await t.app.request(
          "/hooks/shops/api/sms/inbound?token=x",
          json({ phone: "13900000001", text: "T" }),
        )
      ).status,
    ).toBe(403);

    const launched = await owner(`${base}/journeys/${j.id}/launch`, json({}));
    expect(launched.status).toBe(200);
    const progress = (await (await owner(`${base}/journeys/${j.id}/progress`)).json()) as {
      steps: { queued: number; total: number }[];
    };
    expect(progress.steps.map((s) => s.total)).toEqual([11, 4]);

    const phoneStep = j.steps[1]?.id;
    const csv = await (await owner(`${base}/journeys/${j.id}/steps/${phoneStep}/calls.csv`)).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe("message_id,customer,phone,script,best_time,outcome,notes");
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(
      /^\d+,客户\d+,139\d{8},客户\d+您好，这里是小店。,2026-11-11 19:00–20:00,,$/,
    );
    const ids = lines.slice(1).map((l) => l.split(",")[0]);
    const results = await owner(
      `${base}/journeys/${j.id}/steps/${phoneStep}/call-results`,
      json({ csv: `message_id,outcome,notes\n${ids[0]},reached,\n${ids[1]},refused,不要再打` }),
    );
    expect(await results.json()).toEqual({ updated: 2 });

    // A launched journey cannot be changed.
    expect((await owner(`${base}/journeys/${j.id}`, { method: "DELETE" })).status).toBe(409);

    // One-click unsubscribe.
    const u = await t.app.request(`/u/${unsubscribeToken(shopId, "C1@example.com")}`, {
      method: "POST",
    });
    expect(u.status).toBe(200);
    const sup = await t.database.pool.query(
      "select channel, address, reason from outreach_suppressions where shop_id = $1 order by channel",
      [shopId],
    );
    expect(sup.rows).toEqual([
      { channel: "email", address: "c1@example.com", reason: "email_unsubscribe" },
      { channel: "phone", address: expect.stringMatching(/^139/), reason: "phone_refused" },
      { channel: "sms", address: "13900000001", reason: "sms_reply" },
    ]);
    expect((await t.app.request("/u/forged.token", { method: "POST" })).status).toBe(400);
  });
});
