import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertShop } from "../src/adapters/db/repositories/shops.ts";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";

const put = (body: unknown) => ({
  method: "PUT",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe(`calendar API (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-11-23T04:00:00Z"));
    await insertShop(t.database.db, { code: "s", name: "茶叶店", platform: "tmall" });
  });
  afterAll(async () => t.close());

  it("lists a year's nodes with the shop's own, and the official holidays", async () => {
    const owner = await t.as("owner");
    const saved = await owner(
      "/api/shops/s/calendar/custom-nodes",
      put([
        {
          key: "shop-anniversary",
          name: "店庆",
          nameEn: "Shop anniversary",
          recurrence: { type: "yearly", month: 5, day: 20 },
        },
      ]),
    );
    expect(saved.status).toBe(200);
    const stored = await (await owner("/api/shops/s/calendar/custom-nodes")).json();
    expect(stored.nodes.map((n: { key: string }) => n.key)).toEqual(["shop-anniversary"]);
    const cal = await (await owner("/api/shops/s/calendar?year=2026")).json();
    const byKey = Object.fromEntries(
      cal.nodes.map((n: { key: string; date: string }) => [n.key, n.date]),
    );
    expect(byKey["mid-autumn"]).toBe("2026-09-25");
    expect(byKey["shop-anniversary"]).toBe("2026-05-20");
    expect(cal.holidays.status).toBe("announced");
    expect(cal.holidays.days).toContainEqual({ date: "2026-02-14", name: "春节", isOffDay: false });
  });

  it("says a year without data is not announced until an owner enters it", async () => {
    const owner = await t.as("owner");
    expect((await (await owner("/api/holidays/2027")).json()).status).toBe("not_announced");
    const year = {
      source: { title: "国务院办公厅关于2027年部分节假日安排的通知", origin: "owner" },
      arrangements: [
        {
          name: "元旦",
          nameEn: "New Year's Day",
          offFrom: "2027-01-01",
          offTo: "2027-01-03",
          makeUpWorkdays: [],
        },
      ],
    };
    const analyst = await t.as("analyst");
    expect((await analyst("/api/holidays/2027", put(year))).status).toBe(403);
    const res = await owner("/api/holidays/2027", put(year));
    expect(res.status).toBe(200);
    const after = await res.json();
    expect(after.status).toBe("announced");
    expect(after.days.map((d: { date: string }) => d.date)).toEqual([
      "2027-01-01",
      "2027-01-02",
      "2027-01-03",
    ]);
    const bad = await owner(
      "/api/holidays/2027",
      put({ ...year, arrangements: [{ ...year.arrangements[0], offTo: "2026-12-01" }] }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toContain("arrangements");
  });

  it("refuses a custom node that clashes with a built-in key", async () => {
    const owner = await t.as("operator");
    const res = await owner(
      "/api/shops/s/calendar/custom-nodes",
      put([
        {
          key: "double-11",
          name: "x",
          nameEn: "x",
          recurrence: { type: "once", date: "2026-01-01" },
        },
      ]),
    );
    expect(res.status).toBe(400);
  });

  it("serves an iCal feed only with the shop's secret token", async () => {
    const owner = await t.as("owner");
    const { path } = await (await owner("/api/shops/s/calendar/feed")).json();
    expect(path).toMatch(/^\/ical\/s\/[\w-]+\.ics$/);
    const res = await t.app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/calendar");
    const ics = await res.text();
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART;VALUE=DATE:20260925");
    expect((await t.app.request("/ical/s/wrong-token.ics")).status).toBe(404);
  });
});
