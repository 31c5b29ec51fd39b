import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import {
  playbookTotals,
  rfmHeatMap,
  saveSegmentSettings,
} from "../src/adapters/db/repositories/segment-scores.ts";
import { refreshShopSegments } from "../src/app/segments/refresh.ts";
import { quintileScores, rfmGroupOf } from "../src/domain/segments/rfm.ts";
import { SegmentSettingsSchema } from "../src/domain/segments/settings.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";
import { addCustomers, createShop, daysBeforeNow } from "./helpers/segments.ts";

const now = new Date("2026-11-23T04:00:00Z"); // 2026-11-23 12:00 in Beijing

describe(`RFM and playbook segments (${testBackend})`, () => {
  let database: Database;
  let rfmShop: number;
  let rulesShop: number;
  let ids: Record<string, number>;
  let rules: Record<string, number>;

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    rfmShop = (await createShop(db, "rfm")).id;
    // Hand-made shop: recency (days) / paid orders / paid fen
    //   A 2 / 5 / 100000   B 10 / 3 / 30000   C 40 / 1 / 50000
    //   D 100 / 1 / 5000   E 200 / 2 / 200000 F never paid   G only a refunded order
    const orders = (days: number, count: number, total: number) =>
      Array.from({ length: count }, (_, i) => ({
        paidAt: daysBeforeNow(days), // all on the same day
        fen: i === 0 ? total - Math.floor(total / count) * (count - 1) : Math.floor(total / count),
      }));
    ids = await addCustomers(db, rfmShop, [
      { externalId: "A", orders: orders(2, 5, 100000) },
      { externalId: "B", orders: orders(10, 3, 30000) },
      { externalId: "C", orders: orders(40, 1, 50000) },
      { externalId: "D", orders: orders(100, 1, 5000) },
      { externalId: "E", orders: orders(200, 2, 200000) },
      { externalId: "F" },
      { externalId: "G", orders: [{ paidAt: daysBeforeNow(1), fen: 9900, status: "refunded" }] },
    ]);

    rulesShop = (await createShop(db, "rules")).id;
    rules = await addCustomers(db, rulesShop, [
      // Beijing midnight: 2026-08-25 00:00 local = 90 local days before 2026-11-23
      { externalId: "day90", orders: [{ paidAt: "2026-08-24T16:00:00Z", fen: 100 }] },
      // one second earlier: 2026-08-24 23:59:59 local = 91 days
      { externalId: "day91", orders: [{ paidAt: "2026-08-24T15:59:59Z", fen: 100 }] },
      {
        externalId: "k3",
        orders: [
          { paidAt: "2025-01-01T00:00:00Z", fen: 100 },
          { paidAt: "2025-02-01T00:00:00Z", fen: 100 },
          { paidAt: "2025-03-01T00:00:00Z", fen: 100 },
        ],
      },
      {
        externalId: "k2refund",
        orders: [
          { paidAt: "2025-01-01T00:00:00Z", fen: 100 },
          { paidAt: "2025-02-01T00:00:00Z", fen: 100 },
          { paidAt: "2025-03-01T00:00:00Z", fen: 100, status: "refunded" },
        ],
      },
      {
        externalId: "recentLoyal",
        orders: [1, 2, 3].map((d) => ({ paidAt: daysBeforeNow(d), fen: 100 })),
      },
      { externalId: "never" },
    ]);
  });
  afterAll(async () => database.close());

  async function scores(shopId: number) {
    const r = await sql<{
      external_id: string;
      r: number | null;
      f: number | null;
      m: number | null;
      rfm_group: string | null;
      playbook: string;
    }>`select c.external_id, s.r, s.f, s.m, s.rfm_group, s.playbook
       from customer_scores s join customers c on c.shop_id = s.shop_id and c.id = s.customer_id
       where s.shop_id = ${shopId} order by c.external_id`.execute(database.db);
    return Object.fromEntries(r.rows.map((x) => [x.external_id, x]));
  }

  it("scores quintiles by rank and names the eight groups (hand-computed)", async () => {
    const res = await refreshShopSegments(database.db, rfmShop, { now });
    expect(res).toMatchObject({ customers: 7, buyers: 5, scoresChanged: 7 });
    const s = await scores(rfmShop);
    // R by days desc: E1 D2 C3 B4 A5. F: C,D tie at rank 1 → 1; E rank 3 → 3; B 4; A 5.
    // M asc: D1 B2 C3 A4 E5. High = score ≥ 3.
    expect(s.A).toMatchObject({
      r: 5,
      f: 5,
      m: 4,
      rfm_group: "important_value",
      playbook: "loyal",
    });
    expect(s.B).toMatchObject({ r: 4, f: 4, m: 2, rfm_group: "general_value", playbook: "loyal" });
    expect(s.C).toMatchObject({
      r: 3,
      f: 1,
      m: 3,
      rfm_group: "important_develop",
      playbook: "active",
    });
    expect(s.D).toMatchObject({
      r: 2,
      f: 1,
      m: 1,
      rfm_group: "general_retain",
      playbook: "general",
    });
    expect(s.E).toMatchObject({
      r: 1,
      f: 3,
      m: 5,
      rfm_group: "important_keep",
      playbook: "general",
    });
    expect(s.F).toMatchObject({ r: null, f: null, m: null, rfm_group: null, playbook: "general" });
    // a refunded order is not a paid order
    expect(s.G).toMatchObject({ r: null, rfm_group: null, playbook: "general" });
    expect(ids.A).toBeGreaterThan(0);
  });

  it("writes only changed rows on a second run and builds the R × F heat map", async () => {
    const res = await refreshShopSegments(database.db, rfmShop, { now });
    expect(res.scoresChanged).toBe(0);
    const heat = await rfmHeatMap(database.db, rfmShop);
    expect(heat).toEqual([
      { r: 1, f: 3, customers: 1, gmv_fen: 200000 },
      { r: 2, f: 1, customers: 1, gmv_fen: 5000 },
      { r: 3, f: 1, customers: 1, gmv_fen: 50000 },
      { r: 4, f: 4, customers: 1, gmv_fen: 30000 },
      { r: 5, f: 5, customers: 1, gmv_fen: 100000 },
    ]);
  });

  it("scores by merchant thresholds", async () => {
    const settings = SegmentSettingsSchema.parse({ rfm: { method: "thresholds" } });
    await saveSegmentSettings(database.db, rfmShop, settings);
    await refreshShopSegments(database.db, rfmShop, { now });
    const s = await scores(rfmShop);
    // recency cuts 30/90/180/365, frequency 2/3/5/8, monetary 200/500/1000/3000 元
    expect([s.A, s.B, s.C, s.D, s.E].map((x) => [x!.r, x!.f, x!.m])).toEqual([
      [5, 4, 4],
      [5, 3, 2],
      [4, 1, 3],
      [3, 1, 1],
      [2, 2, 4],
    ]);
  });

  it("can call a dimension high when it beats the shop average", async () => {
    const settings = SegmentSettingsSchema.parse({ rfm: { highRule: "average" } });
    await saveSegmentSettings(database.db, rfmShop, settings);
    await refreshShopSegments(database.db, rfmShop, { now });
    const s = await scores(rfmShop);
    // averages: recency 70.4 days, 2.4 orders, 77000 fen
    expect([s.A, s.B, s.C, s.D, s.E].map((x) => x!.rfm_group)).toEqual([
      "important_value",
      "general_value",
      "general_develop",
      "general_retain",
      "important_retain",
    ]);
    await saveSegmentSettings(database.db, rfmShop, SegmentSettingsSchema.parse({}));
  });

  it("applies N days and K orders at their boundaries, by Beijing calendar day", async () => {
    await refreshShopSegments(database.db, rulesShop, { now });
    const s = await scores(rulesShop);
    expect(s.day90?.playbook).toBe("active");
    expect(s.day91?.playbook).toBe("general");
    expect(s.k3?.playbook).toBe("loyal");
    expect(s.k2refund?.playbook).toBe("general");
    expect(s.recentLoyal?.playbook).toBe("loyal"); // loyal wins over active
    expect(s.never?.playbook).toBe("general");
    expect(rules.day90).toBeDefined();
  });

  it("sizes playbook segments live with GMV, following the shop's parameters", async () => {
    const shop = { id: rulesShop, time_zone: "Asia/Shanghai" };
    const base = SegmentSettingsSchema.parse({});
    const totals = async (activeDays: number, loyalMinOrders: number) =>
      Object.fromEntries(
        (await playbookTotals(database.db, shop, { ...base, activeDays, loyalMinOrders }, now)).map(
          (t) => [t.segment, t.customers],
        ),
      );
    expect(await totals(90, 3)).toEqual({ loyal: 2, active: 1, general: 3 });
    expect(await totals(91, 3)).toEqual({ loyal: 2, active: 2, general: 2 });
    expect(await totals(91, 4)).toEqual({ active: 3, general: 3 });
  });

  it("matches the pure quintile reference on a shop full of ties", async () => {
    const shopId = (await createShop(database.db, "ties")).id;
    // 37 buyers: few distinct recencies, order counts and amounts, so ties everywhere
    await addCustomers(
      database.db,
      shopId,
      Array.from({ length: 37 }, (_, i) => ({
        externalId: `t${i}`,
        orders: Array.from({ length: 1 + ((i * 7) % 4) }, () => ({
          paidAt: daysBeforeNow(((i * 13) % 9) * 10),
          fen: 1000 * (1 + ((i * 5) % 6)),
        })),
      })),
    );
    await refreshShopSegments(database.db, shopId, { now });
    const rows = (
      await sql<{
        recency: number;
        paid_orders: number;
        paid_fen: number;
        r: number;
        f: number;
        m: number;
        rfm_group: string;
      }>`select ('2026-11-23'::date - (c.last_paid_at at time zone 'Asia/Shanghai')::date) as recency,
           c.paid_orders, c.paid_fen, s.r, s.f, s.m, s.rfm_group
         from customers c join customer_scores s on s.shop_id = c.shop_id and s.customer_id = c.id
         where c.shop_id = ${shopId} order by c.id`.execute(database.db)
    ).rows;
    const r = quintileScores(rows.map((x) => -x.recency));
    const f = quintileScores(rows.map((x) => x.paid_orders));
    const m = quintileScores(rows.map((x) => Number(x.paid_fen)));
    expect(rows.map((x) => [x.r, x.f, x.m])).toEqual(rows.map((_, i) => [r[i], f[i], m[i]]));
    expect(rows.map((x) => x.rfm_group)).toEqual(
      rows.map((_, i) => rfmGroupOf(r[i]! >= 3, f[i]! >= 3, m[i]! >= 3)),
    );
  });
});
