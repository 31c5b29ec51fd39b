import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";
import { addCustomers, createShop } from "./helpers/segments.ts";

type Req = (path: string, init?: RequestInit) => Promise<Response>;
const json = (body: unknown, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe(`segments API (${testBackend})`, () => {
  let t: TestApp;
  let owner: Req;
  let operator: Req;
  let analyst: Req;
  let cs: Req;
  let ids: Record<string, number>;
  let segmentId: number;

  beforeAll(async () => {
    t = await openTestApp();
    const shop = await createShop(t.database.db, "seg");
    ids = await addCustomers(t.database.db, shop.id, [
      {
        externalId: "zhang",
        name: "张伟",
        phone: "13812345678",
        email: "zw@example.com",
        province: "浙江",
        orders: [
          { paidAt: "2026-11-10T16:30:00Z", fen: 30000, review: 5 },
          { paidAt: "2026-11-12T02:00:00Z", fen: 20000 },
          {
            paidAt: "2026-11-11T02:00:00Z",
            fen: 10000,
            afterSale: { kind: "refund_only", reason: "缺货" },
            status: "refunded",
          },
        ],
      },
      {
        externalId: "li",
        name: "李娜",
        phone: "13987654321",
        province: "浙江",
        tags: ['=HYPERLINK("x")'],
        orders: [{ paidAt: "2026-06-01T02:00:00Z", fen: 5000, review: 2 }],
      },
      { externalId: "wang", name: "王芳", phone: "13700001111", province: "江苏" },
    ]);
    owner = await t.as("owner");
    operator = await t.as("operator");
    analyst = await t.as("analyst");
    cs = await t.as("cs");
  });
  afterAll(async () => t.close());

  it("refuses anonymous requests (401) and changes by analysts or CS (403)", async () => {
    expect((await t.app.request("/api/shops/seg/rfm")).status).toBe(401);
    expect((await t.app.request("/api/shops/seg/segments/1/export")).status).toBe(401);
    const def = { name: "x", definition: { kind: "member", value: true } };
    expect((await analyst("/api/shops/seg/segments", json(def))).status).toBe(403);
    expect((await cs("/api/shops/seg/segments", json(def))).status).toBe(403);
    expect((await cs("/api/shops/seg/segments/refresh", { method: "POST" })).status).toBe(403);
    const put = await analyst("/api/shops/seg/segment-settings", json({ activeDays: 30 }, "PUT"));
    expect(put.status).toBe(403);
    expect((await put.json()).error.messageEn).toContain("owner or operator");
  });

  it("summarises RFM groups and the heat map", async () => {
    const res = await analyst("/api/shops/seg/rfm");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.buyers).toBe(2);
    expect(body.groups).toHaveLength(8);
    expect(body.groups.reduce((a: number, g: { customers: number }) => a + g.customers, 0)).toBe(2);
    expect(body.heatmap.reduce((a: number, h: { gmvFen: number }) => a + h.gmvFen, 0)).toBe(55000);
  });

  it("sizes playbook segments with GMV share and new vs returning", async () => {
    const res = await analyst("/api/shops/seg/playbook-segments?from=2026-11-11&to=2026-11-11");
    const body = await res.json();
    expect(
      body.segments.map((s: { code: string; customers: number }) => [s.code, s.customers]),
    ).toEqual([
      ["loyal", 0],
      ["active", 1],
      ["general", 2],
    ]);
    expect(body.segments[1].gmvShare).toBeCloseTo(50000 / 55000, 3);
    expect(body.period).toMatchObject({ newCustomers: 1, returningCustomers: 0 });
  });

  it("lists post-promotion layers for a period", async () => {
    const res = await analyst("/api/shops/seg/layers?from=2026-11-11&to=2026-11-12");
    const body = await res.json();
    const byCode = Object.fromEntries(
      body.layers.map((l: { code: string; customers: number }) => [l.code, l.customers]),
    );
    expect(byCode).toEqual({
      positive_review: 1,
      negative_review: 0,
      stock_out: 1,
      late_shipment: 0,
      big_order: 0,
    });
    expect((await analyst("/api/shops/seg/layers?from=2026-11-12&to=2026-11-11")).status).toBe(400);
  });

  it("counts a definition live, masking the sample for analysts and naming a bad field", async () => {
    const def = { definition: { kind: "region", provinces: ["浙江"] } };
    const a = await (await analyst("/api/shops/seg/segments/count", json(def))).json();
    expect(a.count).toBe(2);
    expect(a.sample.map((s: { phone: string }) => s.phone)).toEqual(["138****5678", "139****4321"]);
    const o = await (await owner("/api/shops/seg/segments/count", json(def))).json();
    expect(o.sample[0].phone).toBe("13812345678");
    const bad = await owner(
      "/api/shops/seg/segments/count",
      json({ definition: { kind: "and", conditions: [{ kind: "paidOrders" }] } }),
    );
    expect(bad.status).toBe(400);
    const err = (await bad.json()).error;
    expect(err.field).toBe("definition.conditions.0.min");
    expect(err.messageZh).toContain("definition.conditions.0.min");
  });

  it("saves, refreshes, lists members and history, audited", async () => {
    const res = await operator(
      "/api/shops/seg/segments",
      json({ name: "浙江客户", definition: { kind: "region", provinces: ["浙江"] } }),
    );
    expect(res.status).toBe(201);
    const seg = (await res.json()).segment;
    segmentId = seg.id;
    expect(seg.size).toBe(2);
    const dup = await operator(
      "/api/shops/seg/segments",
      json({ name: "浙江客户", definition: { kind: "member", value: true } }),
    );
    expect(dup.status).toBe(409);
    const put = await owner(
      `/api/shops/seg/segments/${segmentId}`,
      json(
        { name: "浙江客户", definition: { kind: "region", provinces: ["浙江", "江苏"] } },
        "PUT",
      ),
    );
    expect(put.status).toBe(200);
    const refresh = await analyst(`/api/shops/seg/segments/${segmentId}/refresh`, {
      method: "POST",
    });
    expect((await refresh.json()).segments).toMatchObject([{ id: segmentId, size: 3, added: 1 }]);
    const history = (await (await analyst(`/api/shops/seg/segments/${segmentId}/history`)).json())
      .history;
    expect(history.map((h: { size: number; trigger: string }) => [h.size, h.trigger])).toEqual([
      [2, "create"],
      [3, "api"],
    ]);
    const members = await (
      await analyst(`/api/shops/seg/segments/${segmentId}/members?pageSize=2`)
    ).json();
    expect(members).toMatchObject({ total: 3, piiMasked: true });
    expect(members.items.map((m: { name: string }) => m.name)).toEqual(["张*", "李*"]);
    const audit = await t.database.db
      .selectFrom("audit_log")
      .select(["action", "entity"])
      .where("entity", "=", "segment")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["create", "update"]);
  });

  it("exports CSV and XLSX with PII masked by role", async () => {
    const raw = new Uint8Array(
      await (await analyst(`/api/shops/seg/segments/${segmentId}/export`)).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM for Excel
    const csvA = new TextDecoder().decode(raw);
    expect(csvA).toContain("138****5678");
    expect(csvA).not.toContain("13812345678");
    expect(csvA).toContain("z***@example.com");
    // a formula-looking tag is neutralised
    expect(csvA).toContain(`"'=HYPERLINK(""x"")"`);
    const csvO = await (await owner(`/api/shops/seg/segments/${segmentId}/export`)).text();
    expect(csvO).toContain("13812345678");
    expect(csvO.trim().split("\r\n")).toHaveLength(4);

    const x = await analyst(`/api/shops/seg/segments/${segmentId}/export?format=xlsx`);
    expect(x.headers.get("content-type")).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount).toBe(4);
    const phones = [2, 3, 4].map((r) => ws.getRow(r).getCell(4).value);
    expect(phones).toContain("138****5678");
    expect(phones).not.toContain("13812345678");
    expect((await analyst(`/api/shops/seg/segments/${segmentId}/export?format=pdf`)).status).toBe(
      400,
    );
    const exports = await t.database.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "export")
      .execute();
    expect(exports).toHaveLength(3); // the refused format is not an export
  });

  it("changes settings (owner/operator), validating fields", async () => {
    const ok = await operator("/api/shops/seg/segment-settings", json({ activeDays: 400 }, "PUT"));
    expect(ok.status).toBe(200);
    expect((await ok.json()).settings).toMatchObject({ activeDays: 400, loyalMinOrders: 3 });
    const pb = await (await analyst("/api/shops/seg/playbook-segments")).json();
    expect(pb.segments[1]).toMatchObject({ code: "active", customers: 2 });
    const bad = await operator(
      "/api/shops/seg/segment-settings",
      json({ rfm: { recencyDays: [90, 30, 180, 365] } }, "PUT"),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("rfm.recencyDays");
  });

  it("shows a customer's timeline in time order, masked for analysts", async () => {
    const res = await analyst(`/api/shops/seg/customers/${ids.zhang}/timeline`);
    const body = await res.json();
    expect(body.customer.phone).toBe("138****5678");
    expect(body.events.map((e: { type: string }) => e.type)).toEqual([
      "order",
      "review",
      "order",
      "after_sale",
      "order",
    ]);
    const ats = body.events.map((e: { at: string }) => e.at);
    expect([...ats].sort()).toEqual(ats);
    expect(body.events[0].receiverPhone).toBe("138****5678");
    expect((await analyst("/api/shops/seg/customers/999999/timeline")).status).toBe(404);
  });

  it("tags the customers of a layer so later campaigns can exclude or prioritise them", async () => {
    const body = {
      tag: "缺货补偿",
      definition: {
        kind: "layer",
        layer: "stock_out",
        period: { from: "2026-11-11", to: "2026-11-12" },
      },
    };
    expect((await analyst("/api/shops/seg/segments/tag", json(body))).status).toBe(403);
    const res = await operator("/api/shops/seg/segments/tag", json(body));
    expect(await res.json()).toEqual({ tagged: 1 });
    // idempotent
    expect(await (await operator("/api/shops/seg/segments/tag", json(body))).json()).toEqual({
      tagged: 0,
    });
    const count = await (
      await analyst(
        "/api/shops/seg/segments/count",
        json({ definition: { kind: "tags", match: "any", tags: ["缺货补偿"] } }),
      )
    ).json();
    expect(count.sample.map((s: { externalId: string }) => s.externalId)).toEqual(["zhang"]);
  });

  it("documents the segment API in OpenAPI", async () => {
    const doc = await (await t.app.request("/api/openapi.json")).json();
    for (const path of [
      "/api/shops/{shop}/rfm",
      "/api/shops/{shop}/playbook-segments",
      "/api/shops/{shop}/layers",
      "/api/shops/{shop}/segments/count",
      "/api/shops/{shop}/segments/{id}/members",
      "/api/shops/{shop}/segments/{id}/export",
      "/api/shops/{shop}/customers/{id}/timeline",
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it("deletes a segment (owner/operator)", async () => {
    expect(
      (await analyst(`/api/shops/seg/segments/${segmentId}`, { method: "DELETE" })).status,
    ).toBe(403);
    expect((await owner(`/api/shops/seg/segments/${segmentId}`, { method: "DELETE" })).status).toBe(
      200,
    );
    expect((await owner(`/api/shops/seg/segments/${segmentId}`)).status).toBe(404);
  });
});
