import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertShop } from "../src/adapters/db/repositories/shops.ts";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";

const json = (body: unknown, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe(`campaign plans (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    // "now" is 2026-11-05 10:00 in Shanghai: inside Double 11's warm-up
    t = await openTestApp(() => new Date("2026-11-05T02:00:00Z"));
    await insertShop(t.database.db, { code: "s", name: "店", platform: "tmall" });
  });
  afterAll(async () => t.close());

  it("creates a Double 11 plan with phases, forecast, hourly curve and an audit entry", async () => {
    const req = await t.as("operator");
    const res = await req(
      "/api/shops/s/campaigns",
      json({
        name: "2026 双11",
        nodeKey: "double-11",
        peakDate: "2026-11-11",
        theme: "囤货季",
        mechanics: ["man-jian", "shop-coupon"],
        plan: {
          channelTargets: [{ channel: "tmall", gmvFen: 100_000_00 }],
          budget: [{ kind: "onsite_ads", amountFen: 8_000_00 }],
          expectedDiscountBp: 2000,
          costRateBp: 4000,
        },
      }),
    );
    expect(res.status).toBe(201);
    const { campaign, tasks } = await res.json();
    expect(campaign.phases).toMatchObject({ warmupStart: "2026-11-01", thanksEnd: "2026-11-21" });
    // the playbook's schedule, moved off the National Day break
    const due = Object.fromEntries(
      tasks.map((x: { templateKey: string; dueDate: string }) => [x.templateKey, x.dueDate]),
    );
    expect(due["slot-negotiation"]).toBe("2026-09-30");
    expect(tasks.length).toBeGreaterThan(20);
    expect(campaign.forecast.roi.x100).toBe(1250);
    expect(campaign.hourlyPlanFen).toHaveLength(24);
    expect(campaign.hourlyPlanFen.reduce((a: number, b: number) => a + b, 0)).toBe(60_000_00);
    expect(campaign.mechanicsWarning).toBeNull();
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("entity", "=", "campaign")
      .execute();
    expect(audit).toEqual([{ action: "create", entity: "campaign" }]);
  });

  it("warns when a campaign uses more than three mechanics", async () => {
    const req = await t.as("owner");
    const res = await req(
      "/api/shops/s/campaigns",
      json({ name: "618", peakDate: "2026-06-18", mechanics: ["a", "b", "c", "d"] }),
    );
    const { campaign } = await res.json();
    expect(campaign.mechanicsWarning.zh).toContain("建议 1–3 种");
  });

  it("refuses bad input naming the field, and analysts' changes", async () => {
    const req = await t.as("owner");
    const bad = await req("/api/shops/s/campaigns", json({ name: "x", peakDate: "11/11/2026" }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("peakDate");
    const neg = await req(
      "/api/shops/s/campaigns",
      json({
        name: "x",
        peakDate: "2026-11-11",
        plan: { budget: [{ kind: "sms", amountFen: -5 }] },
      }),
    );
    expect((await neg.json()).error.field).toBe("plan.budget.0.amountFen");
    const analyst = await t.as("analyst");
    expect(
      (await analyst("/api/shops/s/campaigns", json({ name: "x", peakDate: "2026-11-11" }))).status,
    ).toBe(403);
  });

  it("tracks tasks: late when open past due, early when done before", async () => {
    const req = await t.as("operator");
    const list = await (await req("/api/shops/s/campaigns")).json();
    const id = list.campaigns.find((c: { name: string }) => c.name === "2026 双11").id;
    const late = await (
      await req(
        `/api/shops/s/campaigns/${id}/tasks`,
        json({ titleZh: "备货", role: "operator", dueDate: "2026-11-01" }),
      )
    ).json();
    expect(late.task.late).toBe(true);
    const early = await (
      await req(
        `/api/shops/s/campaigns/${id}/tasks`,
        json({ titleZh: "短信充值", role: "owner", dueDate: "2026-11-08" }),
      )
    ).json();
    const done = await (
      await req(
        `/api/shops/s/campaigns/${id}/tasks/${early.task.id}`,
        json({ status: "done" }, "PATCH"),
      )
    ).json();
    expect(done.task).toMatchObject({ status: "done", early: true, late: false });
    const detail = await (await req(`/api/shops/s/campaigns/${id}`)).json();
    expect(detail.tasks.map((x: { titleZh: string }) => x.titleZh)).toEqual(
      expect.arrayContaining(["备货", "短信充值"]),
    );
    const after = await (await req("/api/shops/s/campaigns")).json();
    expect(
      after.campaigns.find((c: { id: number }) => c.id === id).tasks.late,
    ).toBeGreaterThanOrEqual(1);
  });

  it("schedules a Spring Festival campaign around the 调休 make-up Saturday, from the shop's template", async () => {
    const req = await t.as("owner");
    const put = (body: unknown) => ({
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const bad = await req(
      "/api/shops/s/schedule-template",
      put([
        {
          key: "Bad Key",
          title: "x",
          titleEn: "x",
          role: "owner",
          category: "planning",
          dueOffset: 1,
          adjust: "none",
        },
      ]),
    );
    expect(bad.status).toBe(400);
    const template = [
      {
        key: "stock-up",
        title: "备货",
        titleEn: "Stock up",
        role: "operator",
        category: "stock",
        dueOffset: -3,
        adjust: "previousWorkingDay",
      },
      {
        key: "review",
        title: "复盘",
        titleEn: "Retrospective",
        role: "owner",
        category: "review",
        dueOffset: 2,
        adjust: "nextWorkingDay",
      },
    ];
    expect((await req("/api/shops/s/schedule-template", put(template))).status).toBe(200);
    const res = await req(
      "/api/shops/s/campaigns",
      json({ name: "年货节", nodeKey: "spring-festival", peakDate: "2026-02-17" }),
    );
    const { tasks } = await res.json();
    // T-3 = 02-14 is the make-up workday (a Saturday): a working day, no move.
    // T+2 = 02-19 is inside the 02-15…02-23 break: moves to 02-24.
    expect(
      tasks.map((x: { templateKey: string; dueDate: string }) => [x.templateKey, x.dueDate]),
    ).toEqual([
      ["stock-up", "2026-02-14"],
      ["review", "2026-02-24"],
    ]);
  });

  it("refuses phases out of order", async () => {
    const req = await t.as("owner");
    const list = await (await req("/api/shops/s/campaigns")).json();
    const id = list.campaigns[0].id;
    const res = await req(
      `/api/shops/s/campaigns/${id}`,
      json(
        {
          phases: {
            warmupStart: "2026-11-01",
            warmupEnd: "2026-11-12",
            peakDate: "2026-11-11",
            peakEnd: "2026-11-11",
            thanksStart: "2026-11-12",
            thanksEnd: "2026-11-21",
          },
        },
        "PATCH",
      ),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).error.field).toBe("phases");
  });
});
