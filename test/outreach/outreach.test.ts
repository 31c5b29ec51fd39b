/** Outreach journeys: planning checks, suppression, caps, the unique key, reconciliation, delivery. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/adapters/db/database.ts";
import { FakeSmsProvider } from "../../src/adapters/sms/fake/client.ts";
import { type FakeSmsServer, startFakeSmsServer } from "../../src/adapters/sms/fake/server.ts";
import { journeyAttribution } from "../../src/app/outreach/attribution.ts";
import {
  applyReceipts,
  fakeKeyLookup,
  processChunk,
  recoverAndReconcile,
  stepProgress,
} from "../../src/app/outreach/delivery.ts";
import {
  createJourney,
  createPlaybookJourney,
  launchJourney,
  planJourney,
  type StepInput,
} from "../../src/app/outreach/journeys.ts";
import { handleInboundSms, isSuppressed } from "../../src/app/outreach/suppression.ts";
import { openTestDatabase, testBackend } from "../helpers/db.ts";
import { seedOutreachShop } from "../helpers/outreach.ts";

const smsStep = (segmentId: number, extra: Partial<StepInput> = {}): StepInput => ({
  name: "提醒",
  channel: "sms",
  smsType: "notification",
  audience: { kind: "segment", segmentId },
  template: "【小店】{name}，您的会员积分已到账。",
  offsetDays: 0,
  windowFrom: "10:00",
  windowTo: "12:00",
  ...extra,
});

describe(`outreach journeys (${testBackend})`, () => {
  let database: Database;
  let fake: FakeSmsServer;
  beforeAll(async () => {
    database = await openTestDatabase();
    fake = await startFakeSmsServer({ seed: 5 });
  });
  afterAll(async () => {
    await fake.close();
    await database.close();
  });

  it("wave 3 on the default provider: Beijing window blocked, SMS before 20:00 proposed, calls kept", async () => {
    const { shopId } = await seedOutreachShop(database, 30, { code: "sh1" });
    const j = await createPlaybookJourney(database, shopId, null, {
      signature: "小店",
      tDate: "2026-11-11",
    });
    const plan = await planJourney(database, shopId, j.id, { dryRun: true, balanceSegments: 10 });
    const wave3 = plan.steps.find((s) => s.name.includes("第三波") && s.channel === "sms");
    const w = wave3?.check.warnings.find((x) => x.code === "sms_window_blocked");
    expect(w?.suggestion?.zh).toContain("20:00 前");
    expect(w?.suggestion?.zh).toContain("电话外呼照常保留");
    expect(w?.details?.sendBefore).toBe("2026-11-10T20:00:00+08:00");
    // Every playbook SMS passes the lint; wave 1 has one step per playbook segment.
    for (const s of plan.steps.filter((x) => x.channel === "sms")) {
      expect(s.check.warnings.filter((x) => x.code === "sms_lint")).toEqual([]);
    }
    expect(plan.steps.filter((s) => s.name.startsWith("第一波"))).toHaveLength(3);
    // 30 customers × 4 SMS steps of 1 segment > 10 segments of credit.
    expect(plan.ok).toBe(false);
    expect(
      plan.steps.some((s) => s.check.warnings.some((x) => x.code === "insufficient_balance")),
    ).toBe(true);
    expect(plan.costFen).toBe(plan.totalSegments * 4);
  });

  it("a shop in Los Angeles: the Beijing window and the local quiet hours are two clocks", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 5, {
      code: "la1",
      timeZone: "America/Los_Angeles",
    });
    const marketing = "【小店】{name}，双11今晚开始，{link} 回T退订";
    const j = await createJourney(database, shopId, null, {
      name: "la",
      tDate: "2026-11-11",
      steps: [
        // 20:00–22:00 LA = 12:00–14:00 Beijing: window open, but 21:00+ is quiet locally.
        smsStep(segmentId, {
          smsType: "marketing",
          template: marketing,
          windowFrom: "20:00",
          windowTo: "22:00",
        }),
        // 05:00–06:00 LA = 21:00–22:00 Beijing: window closed on the default provider.
        smsStep(segmentId, {
          name: "早",
          smsType: "marketing",
          template: marketing,
          offsetDays: 1,
          windowFrom: "05:00",
          windowTo: "06:00",
        }),
        // 16:00–17:00 LA = 08:00–09:00 Beijing: exactly at the window's opening, allowed.
        smsStep(segmentId, {
          name: "开窗",
          smsType: "marketing",
          template: marketing,
          offsetDays: 2,
          windowFrom: "16:00",
          windowTo: "17:00",
        }),
      ],
    });
    const plan = await planJourney(database, shopId, j.id, { dryRun: true });
    const codes = plan.steps.map((s) => s.check.warnings.map((w) => w.code).sort());
    expect(codes[0]).toEqual(["quiet_hours"]);
    expect(codes[1]).toContain("sms_window_blocked");
    expect(codes[1]).toContain("quiet_hours");
    expect(codes[2]).toEqual([]);
    expect(plan.steps[0]?.start).toBe("2026-11-12T04:00:00.000Z");
  });

  it("a 'T' reply suppresses the number; plans exclude it", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 10, { code: "sup" });
    const r = await handleInboundSms(database, shopId, { phone: "+86 139-0000-0003", text: " t " });
    expect(r.optOut).toBe(true);
    expect(await isSuppressed(database, shopId, "sms", "13900000003")).toBe(true);
    expect(
      (await handleInboundSms(database, shopId, { phone: "13900000004", text: "好的谢谢" })).optOut,
    ).toBe(false);
    const j = await createJourney(database, shopId, null, {
      name: "s",
      tDate: "2026-11-11",
      steps: [smsStep(segmentId)],
    });
    const plan = await planJourney(database, shopId, j.id, { dryRun: false });
    expect(plan.steps[0]?.counts).toMatchObject({ audience: 10, suppressed: 1, recipients: 9 });
    expect(plan.steps[0]?.written).toBe(9);
  });

  it("the unique key: planning twice writes no second message", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 8, { code: "uniq" });
    const j = await createJourney(database, shopId, null, {
      name: "u",
      tDate: "2026-11-11",
      steps: [smsStep(segmentId)],
    });
    const first = await planJourney(database, shopId, j.id, { dryRun: false });
    const again = await planJourney(database, shopId, j.id, { dryRun: false });
    expect(first.steps[0]?.written).toBe(8);
    expect(again.steps[0]?.written).toBe(0);
    const stepId = j.steps[0]?.id;
    const c = await database.pool.query(
      "select customer_id from outreach_messages where step_id = $1 limit 1",
      [stepId],
    );
    await expect(
      database.pool.query(
        `insert into outreach_messages (shop_id, journey_id, step_id, customer_id, channel) values ($1, $2, $3, $4, 'sms')`,
        [shopId, j.id, stepId, c.rows[0].customer_id],
      ),
    ).rejects.toThrow(/unique|duplicate/i);
  });

  it("frequency caps: a second SMS step the same local day is capped", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 6, { code: "caps" });
    const j = await createJourney(database, shopId, null, {
      name: "c",
      tDate: "2026-11-11",
      steps: [
        smsStep(segmentId),
        smsStep(segmentId, { name: "二", windowFrom: "15:00", windowTo: "16:00" }),
        smsStep(segmentId, { name: "次日", offsetDays: 1 }),
      ],
    });
    const plan = await planJourney(database, shopId, j.id, { dryRun: false });
    expect(plan.steps.map((s) => s.counts.capped)).toEqual([0, 6, 0]);
    expect(plan.steps.map((s) => s.written)).toEqual([6, 0, 6]);
  });

  it("holdout and the 'not bought since' condition", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 400, { code: "hold" });
    await database.pool.query(
      `insert into orders (shop_id, order_no, customer_id, status, paid_at, created_at)
       select shop_id, 'o' || id, id, 'paid', '2026-11-05T00:00:00Z', '2026-11-05T00:00:00Z' from customers where shop_id = $1 and id % 10 = 0`,
      [shopId],
    );
    const j = await createJourney(database, shopId, null, {
      name: "h",
      tDate: "2026-11-11",
      steps: [
        smsStep(segmentId, {
          holdoutBp: 1000,
          condition: { notBoughtSince: "2026-11-01T00:00:00Z" },
        }),
      ],
    });
    const plan = await planJourney(database, shopId, j.id, { dryRun: false });
    const c = plan.steps[0]?.counts;
    expect(c?.recipients).toBeLessThan(360);
    expect(c?.heldOut).toBeGreaterThan(10);
    expect((c?.recipients ?? 0) + (c?.heldOut ?? 0)).toBe(360);
    const p = await stepProgress(database, shopId, j.steps[0]?.id ?? 0);
    expect(p.held_out).toBe(c?.heldOut);
  });

  it("attribution: incremental orders and GMV against the holdout", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 200, { code: "attr" });
    const j = await createJourney(database, shopId, null, {
      name: "a",
      tDate: "2026-11-11",
      steps: [smsStep(segmentId, { holdoutBp: 5000 })],
    });
    await planJourney(database, shopId, j.id, { dryRun: false });
    await database.pool.query(
      "update outreach_messages set state = 'delivered', sent_at = '2026-11-11T02:00:00Z' where shop_id = $1 and state = 'queued'",
      [shopId],
    );
    // Every treated customer with an even id buys 100 yuan; every held-out customer with id % 4 = 0.
    await database.pool.query(
      `insert into orders (shop_id, order_no, customer_id, status, paid_at, created_at, paid_fen)
       select m.shop_id, 'a' || m.customer_id, m.customer_id, 'paid', '2026-11-12T00:00:00Z', '2026-11-12T00:00:00Z', 10000
       from outreach_messages m where m.shop_id = $1
         and ((m.state = 'delivered' and m.customer_id % 2 = 0) or (m.state = 'held_out' and m.customer_id % 4 = 0))`,
      [shopId],
    );
    const [a] = await journeyAttribution(database, shopId, j.id, 7);
    expect(a?.treated).toBeGreaterThan(60);
    expect(a?.heldOut).toBeGreaterThan(60);
    expect((a?.treated ?? 0) + (a?.heldOut ?? 0)).toBe(200);
    const expected =
      (a?.treatedOrders ?? 0) - ((a?.heldOutOrders ?? 0) / (a?.heldOut ?? 1)) * (a?.treated ?? 0);
    expect(a?.incrementalOrders).toBeCloseTo(expected, 1);
    expect(a?.incrementalGmvFen).toBe(Math.round(expected * 10000));
    expect(a?.incrementalOrders).toBeGreaterThan(0);
  });

  it("reconciles unknown rows: found at the provider → sent / delivered; not found → queued", async () => {
    const { shopId, segmentId } = await seedOutreachShop(database, 6, { code: "recon" });
    const j = await createJourney(database, shopId, null, {
      name: "r",
      tDate: "2026-11-11",
      steps: [smsStep(segmentId)],
    });
    await launchJourney(database, shopId, null, j.id);
    const stepId = j.steps[0]?.id ?? 0;
    const rows = (
      await database.pool.query(
        `select id, address, 'j' || journey_id || ':s' || step_id || ':c' || customer_id || ':sms' as key
         from outreach_messages where step_id = $1 order by id`,
        [stepId],
      )
    ).rows as { id: number; address: string; key: string }[];
    const provider = new FakeSmsProvider({ baseUrl: fake.url });
    // The provider accepted rows 0–2 (the worker died before recording it); row 0's id was recorded.
    const accepted = await provider.send(
      rows.slice(0, 3).map((r) => ({
        key: r.key,
        phone: r.address,
        text: "【小店】积分已到账",
        type: "notification" as const,
      })),
    );
    await fake.flushReceipts();
    const first = accepted[0];
    await database.pool.query(
      `update outreach_messages set state = 'sending', lease_until = now() - interval '1 minute', worker_id = 'dead' where step_id = $1`,
      [stepId],
    );
    await database.pool.query("update outreach_messages set provider_id = $2 where id = $1", [
      rows[0]?.id,
      first?.ok ? first.providerId : null,
    ]);
    const r = await recoverAndReconcile(database, { provider, lookup: fakeKeyLookup(fake.url) });
    expect(r).toMatchObject({ abandoned: 6, found: 3, requeued: 3, unresolved: 0 });
    const p = await stepProgress(database, shopId, stepId);
    expect(p).toMatchObject({ delivered: 3, queued: 3, unknown: 0, sending: 0 });
    // Without a key lookup, rows without a provider id stay unknown for review.
    await database.pool.query(
      `update outreach_messages set state = 'unknown' where step_id = $1 and state = 'queued'`,
      [stepId],
    );
    const r2 = await recoverAndReconcile(database, { provider });
    expect(r2.unresolved).toBe(3);
  });

  it("sends a chunk with transient failures retried, then receipts mark delivered", async () => {
    const server = await startFakeSmsServer({
      seed: 9,
      transientFailureRate: 0.3,
      permanentFailureRate: 0,
    });
    try {
      const { shopId, segmentId } = await seedOutreachShop(database, 50, { code: "send" });
      const j = await createJourney(database, shopId, null, {
        name: "d",
        tDate: "2026-11-11",
        steps: [smsStep(segmentId)],
      });
      await launchJourney(database, shopId, null, j.id);
      const stepId = j.steps[0]?.id ?? 0;
      const ids = await database.pool.query(
        "select min(id) a, max(id) b from outreach_messages where step_id = $1",
        [stepId],
      );
      const r = await processChunk(
        database,
        { shopId, stepId, fromId: Number(ids.rows[0].a), toId: Number(ids.rows[0].b) },
        { provider: new FakeSmsProvider({ baseUrl: server.url }), backoffMs: 5, maxAttempts: 10 },
      );
      expect(r).toMatchObject({ claimed: 50, sent: 50, failed: 0 });
      await server.flushReceipts();
      const n = await applyReceipts(
        database,
        server.receipts().map((x) => ({ providerId: x.id, status: x.status })),
      );
      expect(n).toBe(50);
      expect(await stepProgress(database, shopId, stepId)).toMatchObject({
        delivered: 50,
        total: 50,
      });
      expect(new Set(server.log().map((m) => m.phone)).size).toBe(50);
      // The text was rendered with the customer's name.
      expect(server.log()[0]?.text).toMatch(/^【小店】客户\d+，/);
    } finally {
      await server.close();
    }
  });
});
