import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshCustomerStats } from "../src/adapters/db/repositories/customer-stats.ts";
import { ensureOwner } from "../src/app/auth/service.ts";
import { openTestApp, seedSmallShop, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";

describe(`HTTP API (${testBackend})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp();
    const { shop } = await seedSmallShop(t.database);
    await refreshCustomerStats(t.database.db, shop.id);
  });
  afterAll(async () => t.close());

  it("refuses the API without a session, in both languages", async () => {
    const res = await t.app.request("/api/me");
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error.code).toBe("unauthenticated");
    expect(body.error.messageZh).toBe("请先登录");
    expect(body.error.messageEn).toBe("Please log in first");
  });

  it("logs in with an httpOnly session cookie and rejects a wrong password", async () => {
    await ensureOwner(t.database.db, {
      DACU_ADMIN_USER: "boss",
      DACU_ADMIN_PASSWORD: "correct horse",
    });
    const bad = await t.app.request("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "boss", password: "wrong" }),
    });
    expect(bad.status).toBe(401);
    expect((await bad.json()).error.field).toBe("password");
    const ok = await t.app.request("http://127.0.0.1/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "boss", password: "correct horse" }),
    });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/dacu_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await t.app.request("/api/me", { headers: { cookie: cookie.split(";")[0]! } });
    expect((await me.json()).user).toMatchObject({ username: "boss", role: "owner" });
    // a stored session is a hash, not the token itself
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const stored = await t.database.db.selectFrom("sessions").select("id").execute();
    expect(stored.map((s) => s.id)).not.toContain(token);
  });

  it("ends a session on logout, even one the server has cached", async () => {
    const req = await t.as("cs");
    expect((await req("/api/me")).status).toBe(200);
    expect((await req("/api/auth/logout", { method: "POST" })).status).toBe(200);
    expect((await req("/api/me")).status).toBe(401);
  });

  it("names the invalid field in a validation error", async () => {
    const req = await t.as("owner");
    const res = await req("/api/shops/small/orders?pageSize=5000");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.field).toBe("pageSize");
    expect(body.error.messageZh).toContain("pageSize");
  });

  it("computes the overview by local day, counting refunded orders' refunds and skipping unpaid", async () => {
    const req = await t.as("analyst");
    const res = await req("/api/shops/small/overview?from=2026-11-10&to=2026-11-12");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.daily).toEqual([
      { day: "2026-11-10", gmvFen: 0, orders: 0 },
      { day: "2026-11-11", gmvFen: 39800, orders: 2 },
      { day: "2026-11-12", gmvFen: 0, orders: 0 },
    ]);
    expect(body.kpis).toMatchObject({
      gmvFen: 39800,
      orders: 2,
      buyers: 2,
      refundFen: 19900,
      aovFen: 19900,
    });
    expect(body.topSkus[0]).toMatchObject({ skuCode: "P1-RED", units: 2, gmvFen: 39800 });
  });

  it("masks phones and names for analysts but not for customer service", async () => {
    const analyst = await t.as("analyst");
    const masked = await (await analyst("/api/shops/small/customers")).json();
    expect(masked.piiMasked).toBe(true);
    expect(masked.items.map((c: { phone: string }) => c.phone).sort()).toEqual([
      "100****4321",
      "100****5678",
    ]);
    const orders = await (await analyst("/api/shops/small/orders")).json();
    expect(orders.items.every((o: { receiverName: string }) => o.receiverName.endsWith("*"))).toBe(
      true,
    );
    const cs = await t.as("cs");
    const plain = await (await cs("/api/shops/small/customers?q=张")).json();
    expect(plain.items).toHaveLength(1);
    expect(plain.items[0]).toMatchObject({
      name: "张伟",
      phone: "10012345678",
      paidOrders: 1,
      paidFen: 19900,
    });
  });

  it("filters and pages orders on the server", async () => {
    const req = await t.as("operator");
    const all = await (await req("/api/shops/small/orders?pageSize=2")).json();
    expect(all.total).toBe(3);
    expect(all.items).toHaveLength(2);
    const refunded = await (await req("/api/shops/small/orders?status=refunded")).json();
    expect(refunded.items.map((o: { orderNo: string }) => o.orderNo)).toEqual([
      "100000000000000002",
    ]);
    const byDay = await (await req("/api/shops/small/orders?from=2026-11-12&to=2026-11-12")).json();
    expect(byDay.items.map((o: { orderNo: string }) => o.orderNo)).toEqual(["100000000000000003"]);
    const detail = await (await req(`/api/shops/small/orders/${byDay.items[0].id}`)).json();
    expect(detail.order.lines).toHaveLength(1);
    expect((await req("/api/shops/nope/orders")).status).toBe(404);
  });

  it("lets only an owner create a shop, and audits it", async () => {
    const op = await t.as("operator");
    const body = JSON.stringify({ code: "jd-main", name: "京东店", platform: "jd" });
    const headers = { "content-type": "application/json" };
    expect((await op("/api/shops", { method: "POST", headers, body })).status).toBe(403);
    const owner = await t.as("owner");
    const res = await owner("/api/shops", { method: "POST", headers, body });
    expect(res.status).toBe(201);
    expect((await res.json()).shop).toMatchObject({ code: "jd-main", timeZone: "Asia/Shanghai" });
    const audit = await t.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("entity", "=", "shop")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe("create");
    expect((await owner("/api/shops", { method: "POST", headers, body })).status).toBe(409);
  });

  it("publishes an OpenAPI 3.1 document", async () => {
    const res = await t.app.request("/api/openapi.json");
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/auth/login",
        "/api/shops/{shop}/overview",
        "/api/shops/{shop}/orders",
      ]),
    );
  });
});
