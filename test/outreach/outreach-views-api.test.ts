/** The outreach read endpoints the UI uses: text check, nurture timeline, consent, suppressions, call list. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskCallCsv } from "../../src/http/routes/outreach.ts";
import { openTestApp, type TestApp } from "../helpers/app.ts";
import { testBackend } from "../helpers/db.ts";
import { seedOutreachShop } from "../helpers/outreach.ts";

const json = (body: unknown, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe(`outreach read endpoints (${testBackend})`, () => {
  let t: TestApp;
  let shopId = 0;
  let segmentId = 0;
  const base = "/api/shops/views/outreach";
  beforeAll(async () => {
    t = await openTestApp();
    ({ shopId, segmentId } = await seedOutreachShop(t.database, 9, {
      code: "views",
      timeZone: "America/New_York",
    }));
  });
  afterAll(async () => t.close());

  it("checks an SMS per rule, then passes once fixed; windows in Beijing time", async () => {
    const owner = await t.as("owner");
    const bad = (await (
      await owner(
        `${base}/sms/check`,
        json({ template: "【小店】{name}，双11好评返现，{link}", smsType: "marketing" }),
      )
    ).json()) as {
      ok: boolean;
      lintOk: boolean;
      problems: { code: string; severity: string; message: { zh: string; en: string } }[];
      start: string | null;
    };
    expect(bad.ok).toBe(false);
    expect(bad.lintOk).toBe(false);
    expect(bad.problems.map((p) => p.code)).toEqual(["banned_phrase", "missing_unsubscribe"]);
    expect(bad.problems[1]?.message.zh).toContain("退订");
    expect(bad.problems[1]?.severity).toBe("error");
    expect(bad.start).toBeNull();

    const good = (await (
      await owner(
        `${base}/sms/check`,
        json({
          template: "【小店】{name}，双11今晚0点开始，{link} 回T退订",
          smsType: "marketing",
          tDate: "2026-11-11",
          offsetDays: -1,
          windowFrom: "07:00",
          windowTo: "08:00",
          provider: "aliyun",
        }),
      )
    ).json()) as {
      ok: boolean;
      problems: unknown[];
      segments: number;
      chars: number;
      sample: string;
      warnings: { code: string }[];
      start: string;
      timeZone: string;
    };
    expect(good.problems).toEqual([]);
    expect(good.ok).toBe(true);
    expect(good.sample).toContain("张伟");
    expect(good.segments).toBe(1);
    expect(good.chars).toBe(good.sample.length);
    // 07:00 in New York on 11-10 is 20:00 in Beijing: outside Alibaba Cloud's 08:00–20:00.
    expect(good.timeZone).toBe("America/New_York");
    expect(good.start).toBe("2026-11-10T12:00:00.000Z");
    expect(good.warnings.map((w) => w.code)).toContain("sms_window_blocked");

    const badInput = await owner(`${base}/sms/check`, json({ template: "x", windowFrom: "25:00" }));
    expect(badInput.status).toBe(400);
  });

  it("places the nurture timeline after a peak day", async () => {
    const owner = await t.as("owner");
    const r = (await (await owner(`${base}/nurture?peak=2026-11-11`)).json()) as {
      touches: { key: string; from: string }[];
    };
    expect(r.touches[0]).toMatchObject({ key: "shipping-reminder", from: "2026-11-11" });
    expect(r.touches.at(-1)?.key).toBe("spring-festival-wakeup");
  });

  it("counts consent and lists suppressions, masked for analysts", async () => {
    const owner = await t.as("owner");
    await t.database.pool.query(
      "update customer_consents set granted = false where shop_id = $1 and channel = 'email' and customer_id in (select id from customers where shop_id = $1 order by id limit 2)",
      [shopId],
    );
    expect(
      (await owner(`${base}/suppressions`, json({ channel: "sms", address: "13900000003" })))
        .status,
    ).toBe(200);
    const consents = (await (await owner(`${base}/consents`)).json()) as {
      channels: {
        channel: string;
        customers: number;
        granted: number;
        refused: number;
        suppressed: number;
      }[];
    };
    expect(consents.channels).toEqual([
      { channel: "sms", customers: 9, withAddress: 9, granted: 9, refused: 0, suppressed: 1 },
      { channel: "email", customers: 9, withAddress: 9, granted: 7, refused: 2, suppressed: 0 },
      { channel: "phone", customers: 9, withAddress: 9, granted: 9, refused: 0, suppressed: 0 },
    ]);
    const list = (await (await owner(`${base}/suppressions?channel=sms`)).json()) as {
      total: number;
      items: { address: string; reason: string }[];
    };
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ address: "13900000003", reason: "manual" });
    const analyst = await t.as("analyst");
    const masked = (await (await analyst(`${base}/suppressions`)).json()) as {
      items: { address: string }[];
      piiMasked: boolean;
    };
    expect(masked.piiMasked).toBe(true);
    expect(masked.items[0]?.address).toBe("139****0003");
  });

  it("lists a phone step's calls, masked for analysts, and masks the CSV for them", async () => {
    const owner = await t.as("owner");
    const created = (await (
      await owner(
        `${base}/journeys`,
        json({
          name: "电话",
          tDate: "2026-11-11",
          steps: [
            {
              name: "电话",
              channel: "phone",
              audience: { kind: "segment", segmentId },
              template: "{name}您好，这里是{shop}。",
              offsetDays: -1,
              windowFrom: "10:00",
              windowTo: "11:00",
            },
          ],
        }),
      )
    ).json()) as { id: number; steps: { id: number }[] };
    const stepId = created.steps[0]?.id;
    expect((await owner(`${base}/journeys/${created.id}/launch`, json({}))).status).toBe(200);
    const calls = (await (
      await owner(`${base}/journeys/${created.id}/steps/${stepId}/calls?pageSize=5`)
    ).json()) as { total: number; items: { customer: string; phone: string; state: string }[] };
    // 9 customers, one number suppressed for SMS only: every one gets a call.
    expect(calls.total).toBe(9);
    expect(calls.items).toHaveLength(5);
    expect(calls.items[0]).toMatchObject({
      customer: "客户1",
      phone: "13900000001",
      state: "queued",
    });

    const analyst = await t.as("analyst");
    const masked = (await (
      await analyst(`${base}/journeys/${created.id}/steps/${stepId}/calls`)
    ).json()) as { items: { customer: string; phone: string }[] };
    expect(masked.items[0]).toMatchObject({ customer: "客**", phone: "139****0001" });

    const csv = await (
      await analyst(`${base}/journeys/${created.id}/steps/${stepId}/calls.csv`)
    ).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines).toHaveLength(10);
    expect(lines[1]).toMatch(/^\d+,客\*\*,139\*\*\*\*0001,客户1您好，这里是小店。,/);
    expect(csv).not.toContain("13900000001");
    const ownerCsv = await (
      await owner(`${base}/journeys/${created.id}/steps/${stepId}/calls.csv`)
    ).text();
    expect(ownerCsv).toContain(",13900000001,");

    const notPhone = await owner(`${base}/journeys/${created.id}/steps/999999/calls`);
    expect(notPhone.status).toBe(400);
  });

  it("masks quoted names in a call CSV", () => {
    const csv =
      '\uFEFFmessage_id,customer,phone,script,best_time\r\n7,"王,五",13812345678,"您好,王五",x\r\n';
    expect(maskCallCsv(csv)).toBe(
      '\uFEFFmessage_id,customer,phone,script,best_time\r\n7,王**,138****5678,"您好,王五",x\r\n',
    );
  });
});
