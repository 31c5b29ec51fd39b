/**
 * Exactness under concurrency: 1,000 simultaneous checkouts for the last 10 coupons, the last
 * 10 units of flash-sale stock, and a budget worth 10 uses. On PostgreSQL they really run in
 * parallel over a pool; on PGlite they interleave over its single connection.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestApp, type TestApp } from "./helpers/app.ts";
import { testBackend } from "./helpers/db.ts";
import { jsonInit, type PromoShop, seedPromoShop } from "./helpers/promotions.ts";

type Req = (path: string, init?: RequestInit) => Promise<Response>;
interface Body {
  error: {
    code: string;
    details: { coupon?: number; promotion?: number };
    messageZh: string;
    messageEn: string;
  };
  quote: { totals: { totalFen: number } };
}
const N = 1000;
/** 1,000 serialized checkouts on PGlite take tens of seconds on a busy 2-core machine. */
const SLOW = { timeout: 240_000 };

describe(`checkout under concurrency (${testBackend})`, () => {
  let t: TestApp;
  let op: Req;
  let owner: Req;
  let shop: PromoShop;
  const base = "/api/shops/rush";

  beforeAll(async () => {
    t = await openTestApp(() => new Date("2026-11-11T02:00:00Z"));
    op = await t.as("operator");
    owner = await t.as("owner");
    shop = await seedPromoShop(t.database, "rush", N);
  });
  afterAll(async () => t.close());

  async function createPublished(body: unknown): Promise<{ id: number; claimCode?: string }> {
    const res = await op(`${base}/promotions`, jsonInit("POST", body));
    expect(res.status).toBe(201);
    const p = ((await res.json()) as { promotion: { id: number; coupon?: { claimCode: string } } })
      .promotion;
    const pub = await owner(`${base}/promotions/${p.id}/publish`, jsonInit("POST", {}));
    expect(pub.status, await pub.clone().text()).toBe(200);
    return { id: p.id, ...(p.coupon ? { claimCode: p.coupon.claimCode } : {}) };
  }

  async function rush(body: (customerId: number) => unknown, n = N) {
    const results = await Promise.all(
      shop.customers.slice(0, n).map(async (c) => {
        const res = await op(`${base}/orders`, jsonInit("POST", body(c)));
        return { status: res.status, body: (await res.json()) as Body };
      }),
    );
    return results;
  }

  it("the last 10 coupons: exactly 10 redemptions, 990 clear sold-out answers", SLOW, async () => {
    const { id, claimCode } = await createPublished({
      name: "抢券 5 元",
      definition: { kind: "shopCoupon", amountFen: 500 },
      coupon: { issueLimit: N, perCustomerLimit: 1 },
    });
    await sql`update promotions set issued = ${N - 10} where id = ${id}`.execute(t.database.db);
    const results = await rush((c) => ({
      customerId: c,
      lines: [{ sku: "C", qty: 1 }],
      coupons: [claimCode],
    }));
    const ok = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status === 409);
    expect(ok).toHaveLength(10);
    expect(lost).toHaveLength(N - 10);
    for (const l of lost) {
      const e = (
        l.body as {
          error: {
            code: string;
            details: { coupon: number };
            messageZh: string;
            messageEn: string;
          };
        }
      ).error;
      expect(e.code).toBe("sold_out");
      expect(e.details.coupon).toBe(id);
      expect(e.messageEn).toContain("sold out");
    }
    const row = await sql<{ issued: number; redeemed: number }>`
select issued, redeemed from promotions where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ issued: N, redeemed: 10 });
    const used = await sql<{ n: number }>`
select count(*)::int as n from order_promotions where promotion_id = ${id}`.execute(t.database.db);
    expect(used.rows[0]!.n).toBe(10);
    const coupons = await sql<{ n: number }>`
select count(*)::int as n from coupons where promotion_id = ${id} and status = 'redeemed'`.execute(
      t.database.db,
    );
    expect(coupons.rows[0]!.n).toBe(10);
    await owner(`${base}/promotions/${id}/unpublish`, jsonInit("POST"));
  });

  it(
    "the last 10 units of flash-sale stock: exactly 10 sold at the flash price",
    SLOW,
    async () => {
      const { id } = await createPublished({
        name: "秒杀 B",
        definition: { kind: "flashSale", prices: { B: 4000 }, stock: 10, overLimit: "refuse" },
      });
      const results = await rush((c) => ({ customerId: c, lines: [{ sku: "B", qty: 1 }] }));
      const ok = results.filter((r) => r.status === 201);
      expect(ok).toHaveLength(10);
      for (const o of ok)
        expect((o.body as { quote: { totals: { totalFen: number } } }).quote.totals.totalFen).toBe(
          4000,
        );
      const lost = results.filter((r) => r.status === 409);
      expect(lost).toHaveLength(N - 10);
      for (const l of lost) {
        const e = (l.body as { error: { code: string; details: { promotion: number } } }).error;
        expect(e.code).toBe("sold_out");
        expect(e.details.promotion).toBe(id);
      }
      const row = await sql<{
        stock_used: number;
      }>`select stock_used from promotions where id = ${id}`.execute(t.database.db);
      expect(row.rows[0]!.stock_used).toBe(10);
      await owner(`${base}/promotions/${id}/unpublish`, jsonInit("POST"));
    },
  );

  it("a budget worth 10 uses is never exceeded (200 at once)", SLOW, async () => {
    const { id, claimCode } = await createPublished({
      name: "预算券",
      definition: { kind: "shopCoupon", amountFen: 300, budgetFen: 3000 },
      coupon: {},
    });
    const results = await rush(
      (c) => ({ customerId: c, lines: [{ sku: "C", qty: 1 }], coupons: [claimCode] }),
      200,
    );
    const withCoupon = results.filter(
      (r) =>
        r.status === 201 &&
        (r.body as { quote: { totals: { totalFen: number } } }).quote.totals.totalFen === 2700,
    );
    expect(withCoupon).toHaveLength(10);
    for (const r of results) {
      if (r.status === 409)
        expect((r.body as { error: { code: string } }).error.code).toBe("sold_out");
      else expect(r.status).toBe(201);
    }
    const row = await sql<{ budget_used_fen: number; redeemed: number }>`
select budget_used_fen, redeemed from promotions where id = ${id}`.execute(t.database.db);
    expect(row.rows[0]).toEqual({ budget_used_fen: 3000, redeemed: 10 });
  });
});
