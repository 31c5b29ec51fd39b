import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listCampaigns, listTasks } from "../src/adapters/db/repositories/campaigns.ts";
import { listPromotions } from "../src/adapters/db/repositories/promotions.ts";
import { findShopById } from "../src/adapters/db/repositories/shops.ts";
import type { Shop } from "../src/adapters/db/schema.ts";
import { ensureOwner } from "../src/app/auth/service.ts";
import {
  DEMO_COUPON_SEGMENT,
  type DemoCampaignsResult,
  loadDemoCampaigns,
  loadDemoShop,
} from "../src/app/demo/index.ts";
import { quoteCart } from "../src/app/promotions/checkout.ts";
import { publishPromotion, worstCaseReport } from "../src/app/promotions/guard.ts";
import { replay } from "../src/app/promotions/replay.ts";
import {
  CODE_ALPHABET,
  statusOf,
  toEngine,
  validateDefinition,
} from "../src/app/promotions/service.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";

const now = new Date("2026-11-24T09:18:00+08:00");
const OPTIONS = { seed: 7, customers: 500, orders: 3000, now } as const;
const codeShape = new RegExp(`^[${CODE_ALPHABET}]+$`);

describe(`demo campaigns (${testBackend})`, () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let shop: Shop;
  let loaded: DemoCampaignsResult;

  beforeAll(async () => {
    database = await openTestDatabase();
    const summary = await loadDemoShop(database.db, OPTIONS);
    shop = (await findShopById(database.db, summary.shopId))!;
  });
  afterAll(async () => {
    await database.close();
  });

  it("needs an owner to act as, and skips without one", async () => {
    const r = await loadDemoCampaigns(database.db, { shopId: shop.id, seed: 7, now });
    expect(r.skipped).toBe("no_owner");
    expect(await listCampaigns(database.db, shop.id, "2026-11-24")).toHaveLength(0);
    await ensureOwner(database.db, { DACU_ADMIN_PASSWORD: "demo-Secret-2026" });
    loaded = await loadDemoCampaigns(database.db, { shopId: shop.id, seed: 7, now });
    expect(loaded.skipped).toBeNull();
  });

  it("has the finished 双11 and a draft for the next node by the calendar", async () => {
    const list = await listCampaigns(database.db, shop.id, "2026-11-24");
    expect(list.map((c) => [c.name, c.node_key, c.peak_date, c.status])).toEqual([
      ["2026 双12 购物节", "double-12", "2026-12-12", "draft"],
      ["2026 双11 购物狂欢节", "double-11", "2026-11-11", "active"],
    ]);
    const [upcoming, finished] = list;
    // Targets per channel and hero SKU, and a budget.
    for (const c of list) {
      const plan = c.plan as {
        channelTargets: { gmvFen: number }[];
        skuTargets: { skuCode: string; units: number }[];
        budget: { amountFen: number }[];
      };
      expect(plan.channelTargets[0]!.gmvFen).toBeGreaterThan(0);
      expect(plan.skuTargets.length).toBeGreaterThan(0);
      expect(plan.budget.reduce((a, b) => a + b.amountFen, 0)).toBeGreaterThan(0);
      expect(c.hourly_plan_fen.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
    // Schedules: everything due before today is done; the finished one is mostly done.
    expect(finished!.tasks_late).toBe(0);
    expect(upcoming!.tasks_late).toBe(0);
    expect(finished!.tasks_done).toBeGreaterThan(finished!.tasks_total * 0.7);
    expect(finished!.tasks_done).toBeLessThan(finished!.tasks_total);
    const tasks = await listTasks(database.db, shop.id, upcoming!.id);
    expect(tasks.length).toBe(upcoming!.tasks_total);
    for (const t of tasks) expect(t.status === "done").toBe(t.due_date < "2026-11-24");
  });

  it("published the finished 双11's promotions, clean under the floor guard", async () => {
    const finished = loaded.campaigns.find((c) => c.status === "active")!;
    const rows = await listPromotions(database.db, shop.id, { campaignId: finished.id });
    expect(rows.map((r) => r.kind).sort()).toEqual(["meiManJian", "shopCoupon", "timeDiscount"]);
    for (const r of rows) {
      expect(r.published).toBe(true);
      expect(statusOf(r, now)).toBe("ended");
      validateDefinition({ ...r.definition, kind: r.kind });
      toEngine(r);
    }
    // The 满减 the orders show: every ¥300, ¥50 off.
    expect(rows.find((r) => r.kind === "meiManJian")!.definition).toMatchObject({
      stepFen: 30_000,
      discountFen: 5_000,
    });
    const report = await worstCaseReport(database.db, shop, { campaignId: finished.id }, now);
    expect(report.result.skus.length).toBeGreaterThan(200);
    expect(report.result.violations).toEqual([]);

    // The shop coupon went to every member of the saved segment.
    const coupon = rows.find((r) => r.kind === "shopCoupon")!;
    const { rows: seg } = await sql<{ size: number; members: number }>`
      select s.size, (select count(*)::int from segment_members m
        where m.shop_id = s.shop_id and m.segment_id = s.id) as members
      from segments s where s.shop_id = ${shop.id} and s.name = ${DEMO_COUPON_SEGMENT}`.execute(
      database.db,
    );
    expect(seg[0]!.members).toBeGreaterThan(0);
    expect(loaded.couponsIssued).toBe(seg[0]!.members);
    const { rows: coupons } = await sql<{ code: string; source: string }>`
      select code, source from coupons where shop_id = ${shop.id} and promotion_id = ${coupon.id}`.execute(
      database.db,
    );
    expect(coupons).toHaveLength(seg[0]!.members);
    expect(coupons.every((c) => c.source === "segment" && codeShape.test(c.code))).toBe(true);
    // Holders who bought with the coupon in the campaign's days redeemed theirs, once each.
    const { rows: used } = await sql<{ n: number; in_window: number; counter: number }>`
      select count(*)::int as n,
        count(*) filter (where o.paid_at >= c.valid_from and o.paid_at < c.valid_until
          and o.customer_id = c.customer_id and c.redeemed_at = o.paid_at)::int as in_window,
        (select redeemed from promotions where shop_id = ${shop.id} and id = ${coupon.id}) as counter
      from coupons c join orders o on o.shop_id = c.shop_id and o.id = c.order_id
      where c.shop_id = ${shop.id} and c.promotion_id = ${coupon.id} and c.status = 'redeemed'`.execute(
      database.db,
    );
    expect(loaded.couponsRedeemed).toBeGreaterThan(0);
    expect(loaded.couponsRedeemed).toBeLessThan(loaded.couponsIssued);
    expect(used[0]).toEqual({
      n: loaded.couponsRedeemed,
      in_window: loaded.couponsRedeemed,
      counter: loaded.couponsRedeemed,
    });

    // Replay on the campaign's own days has the 双11 orders to work on.
    const c = (await listCampaigns(database.db, shop.id, "2026-11-24")).find(
      (x) => x.id === finished.id,
    )!;
    const r = await replay(database.db, shop, {
      campaignId: finished.id,
      from: c.warmup_start,
      to: c.peak_end,
      couponsHeld: true,
    });
    expect(r.orders).toBeGreaterThan(100);
    expect(r.totals.discountFen).toBeGreaterThan(0);
  });

  it("the upcoming draft trips the floor guard on one SKU, and quotes a cart", async () => {
    const upcoming = loaded.campaigns.find((c) => c.status === "draft")!;
    const rows = await listPromotions(database.db, shop.id, { campaignId: upcoming.id });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => !r.published)).toBe(true);
    for (const r of rows) validateDefinition({ ...r.definition, kind: r.kind });

    const trapSku = loaded.floorTrapSku!;
    expect(trapSku).toBeTruthy();
    const report = await worstCaseReport(database.db, shop, { campaignId: upcoming.id }, now);
    expect(report.result.violations.map((v) => v.sku)).toEqual([trapSku]);
    const trap = rows.find((r) => r.kind === "timeDiscount")!;
    const owner = { id: 1, role: "owner" as const };
    await expect(
      publishPromotion(database.db, shop, owner, trap.id, { override: false, reason: "" }),
    ).rejects.toMatchObject({ code: "below_floor" });
    expect((await listPromotions(database.db, shop.id, { ids: [trap.id] }))[0]!.published).toBe(
      false,
    );

    // A cart on the peak day: the 直降 price for the trapped SKU, then the 满减 and coupon.
    const { rows: skus } = await sql<{ code: string; price_fen: number }>`
      select code, price_fen from skus where shop_id = ${shop.id} order by price_fen desc, code limit 1`.execute(
      database.db,
    );
    const q = await quoteCart(
      database.db,
      shop,
      {
        campaignId: upcoming.id,
        at: "2026-12-12T12:00:00+08:00",
        lines: [
          { sku: trapSku, qty: 1 },
          { sku: skus[0]!.code, qty: 1 },
        ],
        coupons: [],
        shippingFeeFen: 0,
        otherShopsAmountFen: 0,
      },
      now,
    );
    const applied = new Set(q.applied.map((a) => a.promoId));
    expect(applied.has(`P${trap.id}`)).toBe(true);
    expect(applied.has(`P${rows.find((r) => r.kind === "manJian")!.id}`)).toBe(true);
    expect(q.totals.totalFen).toBeLessThan(q.totals.listFen);
  });

  it("is the same again for the same seed and now (--replace)", async () => {
    const snapshot = async () => {
      const { rows } = await sql<{ c: string; p: string; code: string | null }>`
        select c.name || '|' || c.peak_date::text || '|' || c.status || '|' || c.plan::text as c,
          p.name || '|' || p.kind || '|' || p.definition::text || '|' || p.published::text as p,
          p.claim_code as code
        from promotions p join campaigns c on c.shop_id = p.shop_id and c.id = p.campaign_id
        where p.shop_id = ${shop.id} order by c.peak_date, p.name`.execute(database.db);
      const { rows: coupons } = await sql<{ code: string }>`
        select code || status as code from coupons where shop_id = ${shop.id} order by code`.execute(
        database.db,
      );
      return { rows, coupons: coupons.map((x) => x.code) };
    };
    const first = await snapshot();
    await loadDemoShop(database.db, { ...OPTIONS, replace: true });
    const again = await loadDemoCampaigns(database.db, { shopId: shop.id, seed: 7, now });
    expect(again.campaigns.map((c) => c.name)).toEqual(loaded.campaigns.map((c) => c.name));
    expect(await listCampaigns(database.db, shop.id, "2026-11-24")).toHaveLength(2);
    expect(await snapshot()).toEqual(first);
  });
});
