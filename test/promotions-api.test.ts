import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuoteInputSchema, quote } from "../src/domain/pricing/index.ts";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { jsonInit, type PromoShop, seedPromoShop } from "./helpers/promotions.ts";

type Req = (path: string, init?: RequestInit) => Promise<Response>;

describe("promotions API", () => {
  let t: TestApp;
  let owner: Req;
  let operator: Req;
  let analyst: Req;
  let shop: PromoShop;
  const base = "/api/shops/promo";
  // 2026-11-23 12:00 Beijing
  const now = new Date("2026-11-23T04:00:00Z");

  beforeAll(async () => {
    t = await openTestApp(() => now);
    owner = await t.as("owner");
    operator = await t.as("operator");
    analyst = await t.as("analyst");
    shop = await seedPromoShop(t.database);
  });
  afterAll(async () => t.close());

  const create = async (req: Req, body: unknown) =>
    req(`${base}/promotions`, jsonInit("POST", body));

  it("validates the definition with bilingual errors naming the field", async () => {
    const res = await create(operator, {
      name: "满减",
      definition: { kind: "manJian", tiers: [{ thresholdFen: -1, discountFen: 100 }] },
    });
    expect(res.status).toBe(400);
    const b = (await res.json()) as {
      error: { code: string; field: string; messageZh: string; messageEn: string };
    };
    expect(b.error.code).toBe("invalid_input");
    expect(b.error.field).toBe("definition.tiers[0].thresholdFen");
    expect(b.error.messageZh).toContain("非负整数");
    expect(b.error.messageEn).toContain("non-negative integer");

    const unknownKind = await create(operator, { name: "x", definition: { kind: "nope" } });
    expect(unknownKind.status).toBe(400);
    expect(
      (
        await analyst(
          `${base}/promotions`,
          jsonInit("POST", {
            name: "x",
            definition: { kind: "manJian", tiers: [{ thresholdFen: 1, discountFen: 1 }] },
          }),
        )
      ).status,
    ).toBe(403);
  });

  it("creates a draft, derives status from the window in the shop's time zone, audits", async () => {
    const res = await create(operator, {
      name: "双十二满减",
      start: "2026-12-12 00:00",
      end: "2026-12-13 00:00",
      definition: { kind: "manJian", tiers: [{ thresholdFen: 20000, discountFen: 2000 }] },
    });
    expect(res.status).toBe(201);
    const { promotion: p } = (await res.json()) as {
      promotion: { id: number; status: string; start: string };
    };
    expect(p.status).toBe("draft");
    expect(p.start).toBe("2026-12-11T16:00:00.000Z");
    const pub = await operator(`${base}/promotions/${p.id}/publish`, jsonInit("POST", {}));
    expect(pub.status).toBe(200);
    expect(((await pub.json()) as { promotion: { status: string } }).promotion.status).toBe(
      "scheduled",
    );
    const patch = await operator(
      `${base}/promotions/${p.id}`,
      jsonInit("PATCH", { end: "2026-12-14" }),
    );
    expect(patch.status).toBe(409);
    const un = await operator(`${base}/promotions/${p.id}/unpublish`, jsonInit("POST"));
    expect(((await un.json()) as { promotion: { status: string } }).promotion.status).toBe("draft");
    const del = await operator(`${base}/promotions/${p.id}`, { method: "DELETE" });
    expect(del.status).toBe(200);
    const audit = await sql<{ action: string }>`
select action from audit_log where entity = 'promotion' and entity_id = ${String(p.id)} order by id`.execute(
      t.database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      "promotion.create",
      "promotion.publish",
      "promotion.unpublish",
      "promotion.delete",
    ]);
  });

  let manJianId = 0;
  it("quote matches the engine and checkout freezes the split; refunds use it", async () => {
    const res = await create(operator, {
      name: "满200减20",
      start: "2026-11-01",
      end: "2026-12-01",
      definition: {
        kind: "manJian",
        tiers: [
          { thresholdFen: 20000, discountFen: 2000 },
          { thresholdFen: 30000, discountFen: 5000 },
        ],
      },
    });
    manJianId = ((await res.json()) as { promotion: { id: number } }).promotion.id;
    expect(
      (await operator(`${base}/promotions/${manJianId}/publish`, jsonInit("POST", {}))).status,
    ).toBe(200);

    const cart = {
      customerId: shop.customers[1],
      lines: [
        { sku: "A", qty: 1 },
        { sku: "B", qty: 1 },
        { sku: "C", qty: 2 },
      ],
    };
    const q = await operator(`${base}/quote`, jsonInit("POST", cart));
    expect(q.status).toBe(200);
    const got = (await q.json()) as {
      totals: { totalFen: number };
      lines: { payableFen: number }[];
      hints: unknown[];
    };
    const direct = quote(
      QuoteInputSchema.parse({
        now: now.toISOString(),
        customer: { id: String(shop.customers[1]), member: false, newCustomer: true, tags: [] },
        lines: [
          { sku: "A", categoryId: "配饰", listPriceFen: 10000, qty: 1 },
          { sku: "B", categoryId: "配饰", listPriceFen: 5000, qty: 1 },
          { sku: "C", categoryId: "配饰", listPriceFen: 3000, qty: 2 },
        ],
        promotions: [
          {
            kind: "manJian",
            id: `P${manJianId}`,
            name: "满200减20",
            start: "2026-10-31T16:00:00.000Z",
            end: "2026-11-30T16:00:00.000Z",
            tiers: [
              { thresholdFen: 20000, discountFen: 2000 },
              { thresholdFen: 30000, discountFen: 5000 },
            ],
          },
        ],
        state: { stockLeft: {}, customerUsedQty: {}, budgetLeftFen: {} },
      }),
    );
    expect(got).toEqual(JSON.parse(JSON.stringify(direct)));
    expect(got.totals.totalFen).toBe(21000 - 2000);

    const co = await operator(`${base}/orders`, jsonInit("POST", cart));
    expect(co.status).toBe(201);
    const { orderId } = (await co.json()) as { orderId: number };
    const lines = await sql<{
      line_no: number;
      payable_fen: number;
      shares: { promoId: string; amountFen: number }[];
      merchant_net_fen: number;
    }>`
select line_no, payable_fen, shares, merchant_net_fen from order_lines where order_id = ${orderId} order by line_no`.execute(
      t.database.db,
    );
    // 2000 split 10000:5000:6000 by largest remainder: 952.38, 476.19, 571.43 → 952, 476, 572
    expect(lines.rows.map((l) => l.payable_fen)).toEqual([9048, 4524, 5428]);
    expect(lines.rows.map((l) => l.shares[0]!.amountFen)).toEqual([952, 476, 572]);
    expect(lines.rows.map((l) => l.merchant_net_fen)).toEqual([9048, 4524, 5428]);

    // Refund one C under clawback: gross ⌊5428/2⌋ = 2714; kept basis 18000 < 20000, so the kept
    // units' shares 952 + 476 + 286 = 1714 are deducted.
    const rf = await operator(
      `${base}/orders/${orderId}/refunds`,
      jsonInit("POST", { lines: [{ lineNo: 3, qty: 1 }], policy: "clawback", reason: "不想要了" }),
    );
    expect(rf.status).toBe(201);
    const r = (await rf.json()) as {
      refund: { grossFen: number; deductionFen: number; refundFen: number };
    };
    expect(r.refund.grossFen).toBe(2714);
    expect(r.refund.deductionFen).toBe(1714);
    expect(r.refund.refundFen).toBe(1000);
    // Keep: line 1 refunds its frozen payable.
    const rf2 = await operator(
      `${base}/orders/${orderId}/refunds`,
      jsonInit("POST", { lines: [{ lineNo: 1, qty: 1 }] }),
    );
    expect(((await rf2.json()) as { refund: { refundFen: number } }).refund.refundFen).toBe(9048);
    const o = await sql<{ refund_fen: number; status: string }>`
select refund_fen, status from orders where id = ${orderId}`.execute(t.database.db);
    expect(o.rows[0]).toEqual({ refund_fen: 10048, status: "paid" });
    const after = await sql<{ n: number }>`
select count(*)::int as n from after_sales where order_id = ${orderId}`.execute(t.database.db);
    expect(after.rows[0]!.n).toBe(2);
    const over = await operator(
      `${base}/orders/${orderId}/refunds`,
      jsonInit("POST", { lines: [{ lineNo: 1, qty: 1 }] }),
    );
    expect(over.status).toBe(400);
    expect(
      (await operator(`${base}/promotions/${manJianId}/unpublish`, jsonInit("POST"))).status,
    ).toBe(200);
  });

  it("refuses publishing below the floor; an owner overrides with a reason in the audit log", async () => {
    const res = await create(operator, {
      name: "秒杀 A",
      start: "2026-11-20",
      end: "2026-11-30",
      definition: { kind: "flashSale", prices: { A: 6000 }, stock: 10, perCustomerLimit: 1 },
    });
    const id = ((await res.json()) as { promotion: { id: number } }).promotion.id;
    const wc = await operator(`${base}/worst-case?promotionId=${id}`);
    const table = (await wc.json()) as {
      result: {
        violations: { sku: string }[];
        skus: { sku: string; belowFloor: boolean; cart: { lines: unknown[] } }[];
      };
    };
    expect(table.result.violations.map((v) => v.sku)).toEqual(["A"]);
    expect(table.result.skus.find((s) => s.sku === "A")!.cart.lines.length).toBeGreaterThan(0);

    const refused = await operator(`${base}/promotions/${id}/publish`, jsonInit("POST", {}));
    expect(refused.status).toBe(409);
    const rb = (await refused.json()) as {
      error: { code: string; messageZh: string; messageEn: string };
    };
    expect(rb.error.code).toBe("below_floor");
    expect(rb.error.messageEn).toContain("A");
    expect(
      (
        await operator(
          `${base}/promotions/${id}/publish`,
          jsonInit("POST", { override: true, reason: "引流款" }),
        )
      ).status,
    ).toBe(403);
    expect(
      (await owner(`${base}/promotions/${id}/publish`, jsonInit("POST", { override: true })))
        .status,
    ).toBe(400);
    const ok = await owner(
      `${base}/promotions/${id}/publish`,
      jsonInit("POST", { override: true, reason: "引流款，亏损可接受" }),
    );
    expect(ok.status).toBe(200);
    const audit = await sql<{ action: string; reason: string }>`
select action, reason from audit_log where entity = 'promotion' and entity_id = ${String(id)} order by id desc limit 1`.execute(
      t.database.db,
    );
    expect(audit.rows[0]).toEqual({
      action: "promotion.publish_override",
      reason: "引流款，亏损可接受",
    });

    // Per-customer limit 1: the second unit is at list price; a second order gets no flash price.
    const c = shop.customers[2]!;
    const first = await operator(
      `${base}/orders`,
      jsonInit("POST", { customerId: c, lines: [{ sku: "A", qty: 2 }] }),
    );
    const fb = (await first.json()) as { orderId: number; quote: { totals: { totalFen: number } } };
    expect(fb.quote.totals.totalFen).toBe(16000);
    const second = await operator(
      `${base}/quote`,
      jsonInit("POST", { customerId: c, lines: [{ sku: "A", qty: 1 }] }),
    );
    const sq = (await second.json()) as {
      totals: { totalFen: number };
      notApplied: { promoId: string; reason: string }[];
    };
    expect(sq.totals.totalFen).toBe(10000);
    expect(sq.notApplied.find((n) => n.promoId === `P${id}`)!.reason).toBe("limit_reached");
    const counters = await sql<{
      stock_used: number;
    }>`select stock_used from promotions where id = ${id}`.execute(t.database.db);
    expect(counters.rows[0]!.stock_used).toBe(1);
    // Refunding the unit bought at the flash price gives back exactly that unit of stock and limit.
    const firstId = fb.orderId;
    const back = await operator(
      `${base}/orders/${firstId}/refunds`,
      jsonInit("POST", { lines: [{ lineNo: 1, qty: 1 }] }),
    );
    expect(back.status).toBe(201);
    const released = await sql<{ stock_used: number; used_qty: number }>`
select p.stock_used, u.used_qty from promotions p
join promotion_usage u on u.shop_id = p.shop_id and u.promotion_id = p.id
where p.id = ${id}`.execute(t.database.db);
    expect(released.rows[0]).toEqual({ stock_used: 0, used_qty: 0 });
    const back2 = await operator(
      `${base}/orders/${firstId}/refunds`,
      jsonInit("POST", { lines: [{ lineNo: 1, qty: 1 }] }),
    );
    expect(back2.status).toBe(201);
    const still = await sql<{
      stock_used: number;
    }>`select stock_used from promotions where id = ${id}`.execute(t.database.db);
    expect(still.rows[0]!.stock_used).toBe(0);
    expect((await operator(`${base}/promotions/${id}/unpublish`, jsonInit("POST"))).status).toBe(
      200,
    );
  });

  it("coupons: issue to a list, per-customer limit, claim code, redeem once", async () => {
    const res = await create(operator, {
      name: "满100减10券",
      start: "2026-11-01",
      end: "2026-12-31",
      definition: { kind: "shopCoupon", thresholdFen: 10000, amountFen: 1000 },
      coupon: { issueLimit: 3, perCustomerLimit: 1, validDays: 7 },
    });
    expect(res.status).toBe(201);
    const { promotion } = (await res.json()) as {
      promotion: { id: number; coupon: { claimCode: string } };
    };
    expect(promotion.coupon.claimCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const id = promotion.id;
    const pub = await operator(`${base}/promotions/${id}/publish`, jsonInit("POST", {}));
    expect(pub.status, await pub.clone().text()).toBe(200);
    const [c1, c2, c3] = shop.customers as [number, number, number];
    const iss = await operator(
      `${base}/promotions/${id}/issue`,
      jsonInit("POST", { customerIds: [c1, c2] }),
    );
    expect(await iss.json()).toEqual({ issued: 2, skipped: 0 });
    const again = await operator(
      `${base}/promotions/${id}/issue`,
      jsonInit("POST", { customerIds: [c1] }),
    );
    expect(await again.json()).toEqual({ issued: 0, skipped: 1 });
    const claim2 = await operator(
      `${base}/coupons/claim`,
      jsonInit("POST", { code: promotion.coupon.claimCode, customerId: c2 }),
    );
    expect(claim2.status).toBe(409);
    const claim3 = await operator(
      `${base}/coupons/claim`,
      jsonInit("POST", { code: promotion.coupon.claimCode, customerId: c3 }),
    );
    expect(claim3.status).toBe(201);
    const list = (await (await operator(`${base}/promotions/${id}/coupons`)).json()) as {
      coupons: { code: string; customerId: number; validUntil: string }[];
      total: number;
    };
    expect(list.total).toBe(3);
    expect(list.coupons[0]!.validUntil).toBe("2026-11-30T04:00:00.000Z");
    const code1 = list.coupons.find((x) => x.customerId === c1)!.code;
    const order = await operator(
      `${base}/orders`,
      jsonInit("POST", { customerId: c1, lines: [{ sku: "A", qty: 1 }], coupons: [code1] }),
    );
    expect(order.status).toBe(201);
    expect(
      ((await order.json()) as { quote: { totals: { totalFen: number } } }).quote.totals.totalFen,
    ).toBe(9000);
    const reuse = await operator(
      `${base}/orders`,
      jsonInit("POST", { customerId: c1, lines: [{ sku: "A", qty: 1 }], coupons: [code1] }),
    );
    expect(reuse.status).toBe(409);
    expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe("sold_out");
    const other = await operator(
      `${base}/orders`,
      jsonInit("POST", { customerId: c2, lines: [{ sku: "A", qty: 1 }], coupons: [code1] }),
    );
    expect(other.status).toBe(400);
    const row = await sql<{
      issued: number;
      redeemed: number;
    }>`select issued, redeemed from promotions where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ issued: 3, redeemed: 1 });
    // Counts by how the coupons were handed out: two to the list, one with the claim code.
    const counted = (await (
      await analyst(`${base}/promotions/${id}/coupons?pageSize=1`)
    ).json()) as {
      coupons: unknown[];
      total: number;
      counts: Record<string, number>;
    };
    expect(counted.coupons).toHaveLength(1);
    expect(counted.total).toBe(3);
    expect(counted.counts).toEqual({ issued: 2, claimed: 1, redeemed: 1, voided: 0 });
    // A new claim code: the old one stops working, the new one claims; analysts may not renew.
    expect(
      (await analyst(`${base}/promotions/${id}/claim-code`, jsonInit("POST", {}))).status,
    ).toBe(403);
    const renewed = await operator(`${base}/promotions/${id}/claim-code`, jsonInit("POST", {}));
    expect(renewed.status).toBe(200);
    const newCode = ((await renewed.json()) as { promotion: { coupon: { claimCode: string } } })
      .promotion.coupon.claimCode;
    expect(newCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    expect(newCode).not.toBe(promotion.coupon.claimCode);
    const oldCode = await operator(
      `${base}/coupons/claim`,
      jsonInit("POST", { code: promotion.coupon.claimCode, customerId: c3 }),
    );
    expect(oldCode.status).toBe(404);
    expect(((await oldCode.json()) as { error: { field: string } }).error.field).toBe("code");
    const audit = await sql<{ before: unknown; after: unknown }>`
select before, after from audit_log where action = 'coupon.claim_code' and entity_id = ${String(id)}`.execute(
      t.database.db,
    );
    expect(audit.rows).toHaveLength(1);
    const asJson = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);
    expect(asJson(audit.rows[0]!.before)).toEqual({ claimCode: promotion.coupon.claimCode });
    expect(asJson(audit.rows[0]!.after)).toEqual({ claimCode: newCode });
    const notCoupon = await create(operator, {
      name: "满减",
      definition: { kind: "manJian", tiers: [{ thresholdFen: 10000, discountFen: 500 }] },
    });
    const notCouponId = ((await notCoupon.json()) as { promotion: { id: number } }).promotion.id;
    const none = await operator(`${base}/promotions/${notCouponId}/coupons`);
    expect(none.status).toBe(404);
    expect(((await none.json()) as { error: { field: string } }).error.field).toBe("id");
    expect(
      (await operator(`${base}/promotions/${notCouponId}/claim-code`, jsonInit("POST", {}))).status,
    ).toBe(404);
    // A segment receives a second template's coupons; the issue count refuses a larger batch.
    const seg = await sql<{ id: number }>`
insert into segments (shop_id, name, definition) values (${shop.shopId}, '会员', '{}') returning id`.execute(
      t.database.db,
    );
    const segId = seg.rows[0]!.id;
    await sql`insert into segment_members (shop_id, segment_id, customer_id)
select ${shop.shopId}, ${segId}, unnest(${[c1, c2, c3]}::bigint[])`.execute(t.database.db);
    const t2 = await create(operator, {
      name: "无门槛5元",
      definition: { kind: "shopCoupon", amountFen: 500 },
      coupon: { issueLimit: 2, validFrom: "2026-11-23", validUntil: "2026-11-30" },
    });
    const t2id = ((await t2.json()) as { promotion: { id: number } }).promotion.id;
    const tooMany = await operator(
      `${base}/promotions/${t2id}/issue`,
      jsonInit("POST", { segmentId: segId }),
    );
    expect(tooMany.status).toBe(409);
    expect(((await tooMany.json()) as { error: { code: string } }).error.code).toBe("sold_out");
    const two = await operator(
      `${base}/promotions/${t2id}/issue`,
      jsonInit("POST", { customerIds: [c2, c3] }),
    );
    expect(await two.json()).toEqual({ issued: 2, skipped: 0 });
  });

  it("previews a campaign's draft promotions and coupons in a quote, published ones unchanged", async () => {
    const camp = await operator(
      `${base}/campaigns`,
      jsonInit("POST", { name: "预览活动", peakDate: "2026-11-25" }),
    );
    expect(camp.status).toBe(201);
    const cid = ((await camp.json()) as { campaign: { id: number } }).campaign.id;
    const mj = await create(operator, {
      name: "满300减40",
      campaignId: cid,
      definition: { kind: "manJian", tiers: [{ thresholdFen: 30000, discountFen: 4000 }] },
    });
    expect(mj.status).toBe(201);
    const cp = await create(operator, {
      name: "10元店铺券",
      campaignId: cid,
      definition: { kind: "shopCoupon", thresholdFen: 10000, amountFen: 1000 },
    });
    expect(cp.status).toBe(201);
    const lines = [
      { sku: "A", qty: 2 },
      { sku: "B", qty: 2 },
    ];
    type Q = { totals: { totalFen: number }; applied: { promoId: string }[] };
    const plain = (await (
      await operator(`${base}/quote`, jsonInit("POST", { lines }))
    ).json()) as Q;
    expect(plain.totals.totalFen).toBe(30000); // drafts are not live
    const preview = (await (
      await operator(`${base}/quote`, jsonInit("POST", { lines, campaignId: cid }))
    ).json()) as Q;
    expect(preview.totals.totalFen).toBe(30000 - 4000 - 1000);
    expect(preview.applied).toHaveLength(2);
    const missing = await operator(`${base}/quote`, jsonInit("POST", { lines, campaignId: 99999 }));
    expect(missing.status).toBe(404);
    // Checkout never takes a preview.
    const co = await operator(`${base}/orders`, jsonInit("POST", { lines, campaignId: cid }));
    expect(co.status).toBe(400);
    for (const r of [mj, cp]) {
      const id = ((await r.json()) as { promotion: { id: number } }).promotion.id;
      expect((await operator(`${base}/promotions/${id}`, { method: "DELETE" })).status).toBe(200);
    }
  });

  it("warns when a campaign uses more than three mechanics", async () => {
    const camp = await operator(
      "/api/shops/promo/campaigns",
      jsonInit("POST", { name: "年货节", peakDate: "2027-01-20" }),
    );
    const campaignId =
      camp.status === 201
        ? ((await camp.json()) as { campaign: { id: number } }).campaign.id
        : undefined;
    if (campaignId === undefined) {
      const rows = await sql<{ id: number }>`
insert into campaigns (shop_id, name, peak_date, warmup_start, warmup_end, peak_end, thanks_start, thanks_end)
values (${shop.shopId}, '年货节', '2027-01-20', '2027-01-10', '2027-01-19', '2027-01-21', '2027-01-22', '2027-01-25') returning id`.execute(
        t.database.db,
      );
      return check(rows.rows[0]!.id);
    }
    return check(campaignId);

    async function check(cid: number) {
      const defs = [
        { kind: "manJian", tiers: [{ thresholdFen: 20000, discountFen: 1000 }] },
        { kind: "timeDiscount", rateBp: 9500 },
        { kind: "shopCoupon", thresholdFen: 0, amountFen: 100 },
      ];
      let last: { advice: unknown[] } = { advice: [] };
      for (const [i, d] of defs.entries()) {
        last = (await (
          await create(operator, { name: `m${i}`, campaignId: cid, definition: d })
        ).json()) as { advice: unknown[] };
      }
      expect(last.advice).toEqual([]);
      const fourth = (await (
        await create(operator, {
          name: "m3",
          campaignId: cid,
          definition: { kind: "buyNGetM", buyQty: 2, freeQty: 1 },
        })
      ).json()) as {
        advice: { code: string; zh: string; en: string }[];
      };
      expect(fourth.advice[0]!.code).toBe("too_many_mechanics");
      expect(fourth.advice[0]!.zh).toContain("1–3");
      const list = (await (await operator(`${base}/promotions?campaignId=${cid}`)).json()) as {
        advice: unknown[];
        promotions: unknown[];
      };
      expect(list.promotions).toHaveLength(4);
      expect(list.advice).toHaveLength(1);
    }
  });

  it("checks two promotions published at once each with the other live", async () => {
    await seedPromoShop(t.database, "pair");
    const pair = "/api/shops/pair";
    // each alone keeps A (list 100.00, floor 70.00) at 80.00; together 80.00 − 20.00 = 60.00
    const ids: number[] = [];
    for (const definition of [
      { kind: "timeDiscount", rateBp: 8000, scope: { skus: ["A"] } },
      { kind: "manJian", tiers: [{ thresholdFen: 5000, discountFen: 2000 }] },
    ]) {
      const res = await operator(`${pair}/promotions`, jsonInit("POST", { name: "x", definition }));
      expect(res.status).toBe(201);
      ids.push(((await res.json()) as { promotion: { id: number } }).promotion.id);
      const wc = (await (
        await operator(`${pair}/worst-case?promotionId=${ids.at(-1)}`)
      ).json()) as {
        result: { violations: unknown[] };
      };
      expect(wc.result.violations).toEqual([]);
    }
    const statuses = await Promise.all(
      ids.map(
        async (id) =>
          (await operator(`${pair}/promotions/${id}/publish`, jsonInit("POST", {}))).status,
      ),
    );
    expect(statuses.sort()).toEqual([200, 409]);
  });
});
