import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import { countSegment } from "../src/adapters/db/repositories/segment-query.ts";
import {
  insertSegment,
  layerCounts,
  listMembers,
  newVsReturning,
  segmentHistory,
  updateSegment,
} from "../src/adapters/db/repositories/segments.ts";
import { refreshShopSegments } from "../src/app/segments/refresh.ts";
import { SegmentDefinitionSchema, type SegmentNode } from "../src/domain/segments/definition.ts";
import { defaultSegmentSettings } from "../src/domain/segments/settings.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";
import { addCustomers, createShop } from "./helpers/segments.ts";

const now = new Date("2026-11-23T04:00:00Z");
const double11 = { from: "2026-11-11", to: "2026-11-11" };

describe(`segment builder and saved segments (${testBackend})`, () => {
  let database: Database;
  let shopId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    database = await openTestDatabase();
    shopId = (await createShop(database.db, "builder")).id;
    ids = await addCustomers(database.db, shopId, [
      {
        externalId: "zhang",
        province: "浙江",
        city: "杭州",
        tags: ["VIP", "批发"],
        isMember: true,
        consents: [
          { channel: "sms", granted: true },
          { channel: "email", granted: false },
        ],
        orders: [
          {
            paidAt: "2025-06-01T02:00:00Z",
            fen: 10000,
            lines: [{ sku: "SCARF", qty: 1, category: "配饰" }],
          },
          // Double 11 at Beijing midnight, a big order with a good review
          {
            paidAt: "2026-11-10T16:00:00Z",
            fen: 600000,
            lines: [{ sku: "HAT", qty: 30, category: "帽子" }],
            review: 5,
          },
          { paidAt: "2026-11-20T02:00:00Z", fen: 10000 },
        ],
      },
      {
        externalId: "li",
        province: "上海",
        city: "上海",
        tags: ["x'); drop table customers; --"],
        consents: [{ channel: "sms", granted: false }],
        orders: [
          // first ever order on Double 11, last second of the day in Beijing; stock-out refund
          {
            paidAt: "2026-11-11T15:59:59Z",
            fen: 20000,
            status: "refunded",
            lines: [{ sku: "SCARF", qty: 2 }],
            afterSale: { kind: "refund_only", reason: "商品缺货，无法发货" },
          },
          { paidAt: "2026-11-11T15:00:00Z", fen: 5000, review: 2 },
        ],
      },
      {
        externalId: "wang",
        province: "浙江",
        city: "宁波",
        orders: [
          // 2026-11-12 00:00 Beijing: outside Double 11
          {
            paidAt: "2026-11-11T16:00:00Z",
            fen: 8000,
            afterSale: { kind: "return_refund", reason: "发货太慢" },
          },
        ],
      },
      {
        externalId: "zhao",
        province: "广东",
        orders: [{ paidAt: "2024-01-01T00:00:00Z", fen: 3000 }],
      },
      { externalId: "qian" },
    ]);
  });
  afterAll(async () => database.close());

  const ctx = () => ({
    shopId,
    timeZone: "Asia/Shanghai",
    now,
    settings: defaultSegmentSettings,
  });
  async function who(def: unknown): Promise<string[]> {
    const node = SegmentDefinitionSchema.parse(def);
    const { count, sample } = await countSegment(database.db, ctx(), node, 100);
    expect(sample.length).toBe(count);
    return sample.map((s) => s.external_id).sort();
  }

  it("filters on paid orders and amounts, overall and in a period", async () => {
    expect(await who({ kind: "paidOrders", min: 3 })).toEqual(["zhang"]);
    expect(await who({ kind: "paidOrders", min: 1, max: 1 })).toEqual(["li", "wang", "zhao"]);
    expect(await who({ kind: "paidOrders", max: 0 })).toEqual(["qian"]);
    expect(await who({ kind: "paidOrders", min: 1, period: double11 })).toEqual(["li", "zhang"]);
    // li's refunded order does not count: 5000 fen on Double 11
    expect(await who({ kind: "paidAmount", minFen: 5000, maxFen: 5000, period: double11 })).toEqual(
      ["li"],
    );
    expect(await who({ kind: "paidAmount", maxFen: 5000, period: double11 })).toEqual([
      "li",
      "qian",
      "wang",
      "zhao",
    ]);
    expect(await who({ kind: "paidAmount", minFen: 600000 })).toEqual(["zhang"]);
  });

  it("filters on first and last paid dates by Beijing day", async () => {
    expect(await who({ kind: "firstPaid", period: double11 })).toEqual(["li"]);
    expect(
      await who({ kind: "lastPaid", period: { from: "2026-11-12", to: "2026-11-30" } }),
    ).toEqual(["wang", "zhang"]);
    expect(await who({ kind: "notBoughtFor", days: 365 })).toEqual(["zhao"]);
    expect(await who({ kind: "customerType", type: "new", period: double11 })).toEqual(["li"]);
    expect(await who({ kind: "customerType", type: "returning", period: double11 })).toEqual([
      "zhang",
    ]);
    expect(await newVsReturning(database.db, ctx(), double11)).toEqual({
      newCustomers: 1,
      returningCustomers: 1,
    });
  });

  it("filters on SKUs and categories bought", async () => {
    // li's SCARF order was refunded: not a purchase
    expect(await who({ kind: "bought", skuCodes: ["SCARF"] })).toEqual(["zhang"]);
    expect(await who({ kind: "bought", categories: ["帽子"], period: double11 })).toEqual([
      "zhang",
    ]);
    expect(await who({ kind: "bought", productCodes: ["P-HAT"], period: { lastDays: 7 } })).toEqual(
      [],
    );
  });

  it("filters on profile, consent and membership", async () => {
    expect(await who({ kind: "region", provinces: ["浙江"] })).toEqual(["wang", "zhang"]);
    expect(await who({ kind: "region", provinces: ["广东"], cities: ["杭州"] })).toEqual([
      "zhang",
      "zhao",
    ]);
    expect(await who({ kind: "tags", match: "any", tags: ["VIP", "新客"] })).toEqual(["zhang"]);
    expect(await who({ kind: "tags", match: "all", tags: ["VIP", "新客"] })).toEqual([]);
    expect(await who({ kind: "tags", match: "none", tags: ["VIP"] })).toEqual([
      "li",
      "qian",
      "wang",
      "zhao",
    ]);
    expect(await who({ kind: "member", value: true })).toEqual(["zhang"]);
    expect(await who({ kind: "consent", channel: "sms" })).toEqual(["zhang"]);
    expect(await who({ kind: "consent", channel: "email" })).toEqual([]);
    expect(await who({ kind: "consent", channel: "sms", granted: false })).toEqual([
      "li",
      "qian",
      "wang",
      "zhao",
    ]);
  });

  it("filters on RFM group and playbook segment", async () => {
    await refreshShopSegments(database.db, shopId, { now });
    const groups = await sql<{ external_id: string; rfm_group: string | null }>`
      select c.external_id, s.rfm_group from customer_scores s join customers c on c.id = s.customer_id
      where s.shop_id = ${shopId}`.execute(database.db);
    const zhangGroup = groups.rows.find((g) => g.external_id === "zhang")?.rfm_group;
    expect(await who({ kind: "rfmGroup", groups: [zhangGroup] })).toContain("zhang");
    expect(await who({ kind: "playbook", segments: ["loyal"] })).toEqual(["zhang"]);
    expect(await who({ kind: "playbook", segments: ["active"] })).toEqual(["li", "wang"]);
    expect(await who({ kind: "playbook", segments: ["general"] })).toEqual(["qian", "zhao"]);
  });

  it("finds the post-promotion layers of a period", async () => {
    const p = { from: "2026-11-11", to: "2026-11-12" };
    expect(await who({ kind: "layer", layer: "positive_review", period: p })).toEqual(["zhang"]);
    expect(await who({ kind: "layer", layer: "negative_review", period: p })).toEqual(["li"]);
    expect(await who({ kind: "layer", layer: "stock_out", period: p })).toEqual(["li"]);
    expect(await who({ kind: "layer", layer: "late_shipment", period: p })).toEqual(["wang"]);
    expect(await who({ kind: "layer", layer: "late_shipment", period: double11 })).toEqual([]);
    expect(await who({ kind: "layer", layer: "big_order", period: p })).toEqual(["zhang"]);
    const counts = await layerCounts(database.db, ctx(), p, ["stock_out", "big_order"]);
    expect(counts).toEqual([
      { layer: "stock_out", customers: 1, newCustomers: 1 },
      { layer: "big_order", customers: 1, newCustomers: 0 },
    ]);
    // matching is configurable
    const custom = {
      ...ctx(),
      settings: {
        ...defaultSegmentSettings,
        layers: {
          ...defaultSegmentSettings.layers,
          lateShipmentReasons: ["缺货"],
          bigOrderMinQuantity: 2,
        },
      },
    };
    const late = await countSegment(database.db, custom, {
      kind: "layer",
      layer: "late_shipment",
      period: { from: "2026-11-11", to: "2026-11-12" },
    });
    expect(late.sample.map((s) => s.external_id)).toEqual(["li"]);
  });

  it("combines AND, OR and NOT groups", async () => {
    expect(
      await who({
        kind: "and",
        conditions: [
          { kind: "region", provinces: ["浙江", "上海"] },
          {
            kind: "or",
            conditions: [
              { kind: "member", value: true },
              { kind: "not", condition: { kind: "paidOrders", min: 1, period: double11 } },
            ],
          },
        ],
      }),
    ).toEqual(["wang", "zhang"]);
    expect(await who({ kind: "and", conditions: [] })).toHaveLength(5);
    expect(
      await who({ kind: "not", condition: { kind: "lastPaid", period: { lastDays: 30 } } }),
    ).toEqual(["qian", "zhao"]);
  });

  it("treats SQL-shaped values as data", async () => {
    expect(
      await who({ kind: "tags", match: "any", tags: ["x'); drop table customers; --"] }),
    ).toEqual(["li"]);
    expect(await who({ kind: "region", provinces: ["' or '1'='1"] })).toEqual([]);
    expect(await who({ kind: "bought", skuCodes: ["%", "SCARF' --"] })).toEqual([]);
    const still = await sql<{ n: number }>`select count(*)::int as n from customers`.execute(
      database.db,
    );
    expect(still.rows[0]?.n).toBeGreaterThanOrEqual(5);
  });

  it("refreshes saved segments by difference and keeps their size history", async () => {
    const def: SegmentNode = { kind: "region", provinces: ["浙江"] };
    const seg = await insertSegment(database.db, {
      shopId,
      name: "浙江客户",
      description: "",
      definition: def,
      createdBy: null,
    });
    const first = await refreshShopSegments(database.db, shopId, { now, trigger: "manual" });
    expect(first.segments.find((s) => s.id === seg.id)).toMatchObject({
      size: 2,
      added: 2,
      removed: 0,
    });
    await updateSegment(database.db, shopId, seg.id, {
      name: "浙江或上海",
      description: "",
      definition: { kind: "region", provinces: ["上海", "广东"] },
    });
    const later = new Date("2026-11-24T04:00:00Z");
    const second = await refreshShopSegments(database.db, shopId, {
      now: later,
      trigger: "schedule",
    });
    expect(second.segments.find((s) => s.id === seg.id)).toMatchObject({
      size: 2,
      added: 2,
      removed: 2,
    });
    const third = await refreshShopSegments(database.db, shopId, { now: later, trigger: "import" });
    expect(third.segments.find((s) => s.id === seg.id)).toMatchObject({
      size: 2,
      added: 0,
      removed: 0,
    });
    const history = await segmentHistory(database.db, shopId, seg.id);
    expect(history.map((h) => [h.size, h.added, h.removed, h.trigger])).toEqual([
      [2, 2, 0, "manual"],
      [2, 2, 2, "schedule"],
      [2, 0, 0, "import"],
    ]);
    const members = await listMembers(database.db, shopId, seg.id, 1, 10);
    expect(members.total).toBe(2);
    expect(members.rows.map((r) => r.external_id).sort()).toEqual(["li", "zhao"]);
    expect(ids.li).toBe(members.rows.find((r) => r.external_id === "li")?.id);
  });
});
