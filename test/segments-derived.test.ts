/**
 * Derived segment data (RFM scores, saved-segment members) lives in unlogged tables, which
 * PostgreSQL empties after a crash. Here the crash is simulated by emptying both tables:
 * readers that act on them refuse, and the next refresh rebuilds exactly what was there.
 * Also: the first fill of an empty score table (primary key built after the insert), and a
 * refresh after which most customers' results changed.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/adapters/db/database.ts";
import {
  saveSegmentSettings,
  scoresLost,
  shopsWithLostScores,
} from "../src/adapters/db/repositories/segment-scores.ts";
import {
  insertSegment,
  segmentHistory,
  segmentMembersLost,
  shopsWithLostMembers,
} from "../src/adapters/db/repositories/segments.ts";
import { AppError } from "../src/app/errors.ts";
import { requireScores, requireSegmentMembers } from "../src/app/segments/derived.ts";
import { refreshShopSegments } from "../src/app/segments/refresh.ts";
import { SegmentSettingsSchema } from "../src/domain/segments/settings.ts";
import { openTestDatabase, testBackend } from "./helpers/db.ts";
import { addCustomers, createShop, daysBeforeNow } from "./helpers/segments.ts";

const now = new Date("2026-11-23T04:00:00Z");

describe(`derived segment data: first fill, loss and rebuild (${testBackend})`, () => {
  let database: Database;
  let shopA: number;
  let shopB: number;
  let segA: number;

  const scores = async (shopId: number) =>
    (
      await sql<{ external_id: string; r: number | null; f: number | null; rfm_group: string }>`
        select c.external_id, s.r, s.f, s.m, s.rfm_group, s.playbook
        from customer_scores s join customers c on c.shop_id = s.shop_id and c.id = s.customer_id
        where s.shop_id = ${shopId} order by c.external_id`.execute(database.db)
    ).rows;
  const members = async (segmentId: number) =>
    (
      await sql<{ customer_id: number }>`select customer_id from segment_members
        where segment_id = ${segmentId} order by customer_id`.execute(database.db)
    ).rows.map((r) => Number(r.customer_id));

  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    shopA = (await createShop(db, "derived-a")).id;
    shopB = (await createShop(db, "derived-b")).id;
    const specs = (p: string) =>
      Array.from({ length: 30 }, (_, i) => ({
        externalId: `${p}${String(i).padStart(2, "0")}`,
        orders: Array.from({ length: 1 + (i % 5) }, (_, k) => ({
          paidAt: daysBeforeNow(1 + ((i * 7 + k * 13) % 300)),
          fen: 1000 + i * 500,
        })),
      }));
    await addCustomers(db, shopA, [...specs("a"), { externalId: "a-none" }]);
    await addCustomers(db, shopB, specs("b"));
    segA = (
      await insertSegment(db, {
        shopId: shopA,
        name: "two or more orders",
        description: "",
        definition: { kind: "paidOrders", min: 2 },
        createdBy: null,
      })
    ).id;
  });
  afterAll(async () => {
    await database.close();
  });

  it("the first refresh fills an empty score table and keeps its primary key", async () => {
    const r = await refreshShopSegments(database.db, shopA, { now });
    expect(r.customers).toBe(31);
    expect(r.scoresChanged).toBe(31);
    expect((await scores(shopA)).length).toBe(31);
    const pk = await sql<{ n: number }>`
      select count(*)::int as n from pg_constraint
      where conname = 'customer_scores_pkey' and contype = 'p'
        and conrelid = 'customer_scores'::regclass`.execute(database.db);
    expect(pk.rows[0]!.n).toBe(1);
    await expect(
      sql`insert into customer_scores (shop_id, customer_id, playbook)
        select shop_id, customer_id, playbook from customer_scores limit 1`.execute(database.db),
    ).rejects.toThrow();
    // the second shop's first refresh goes into a table that is no longer empty
    const b = await refreshShopSegments(database.db, shopB, { now });
    expect(b.scoresChanged).toBe(30);
    // and the steady state writes nothing
    const again = await refreshShopSegments(database.db, shopA, { now });
    expect(again.scoresChanged).toBe(0);
    expect(again.segments).toMatchObject([{ id: segA, added: 0, removed: 0 }]);
  });

  it("a refresh after which most results changed rewrites them", async () => {
    const before = await scores(shopA);
    const settings = SegmentSettingsSchema.parse({
      rfm: {
        method: "thresholds",
        recencyDays: [30, 60, 90, 180],
        frequency: [2, 3, 4, 5],
        monetaryFen: [2000, 5000, 10000, 15000],
      },
      loyalMinOrders: 2,
    });
    await saveSegmentSettings(database.db, shopA, settings);
    const r = await refreshShopSegments(database.db, shopA, { now });
    const after = await scores(shopA);
    const differing = after.filter((row, i) => JSON.stringify(row) !== JSON.stringify(before[i]));
    expect(differing.length).toBeGreaterThan(15);
    expect(r.scoresChanged).toBe(differing.length);
    expect((await refreshShopSegments(database.db, shopA, { now })).scoresChanged).toBe(0);
  });

  it("scores and members lost in a crash are detected, guarded and rebuilt exactly", async () => {
    const db = database.db;
    const scoresA = await scores(shopA);
    const scoresB = await scores(shopB);
    const membersA = await members(segA);
    expect(membersA.length).toBeGreaterThan(0);
    expect(await shopsWithLostScores(db)).toEqual([]);
    expect(await segmentMembersLost(db, shopA, segA)).toBe(false);

    // what crash recovery does to unlogged tables
    await sql`truncate customer_scores`.execute(db);
    await sql`truncate segment_members`.execute(db);

    expect(await shopsWithLostScores(db)).toEqual([shopA, shopB].sort((x, y) => x - y));
    expect(await scoresLost(db, shopA)).toBe(true);
    expect(await segmentMembersLost(db, shopA, segA)).toBe(true);
    const refused = await requireSegmentMembers(db, shopA, segA).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "conflict", status: 409, field: "segmentId" });
    await expect(requireScores(db, shopA, "audience")).rejects.toMatchObject({
      code: "conflict",
    });

    const r = await refreshShopSegments(db, shopA, { now, trigger: "rebuild" });
    expect(r.scoresChanged).toBe(31);
    expect(await scores(shopA)).toEqual(scoresA);
    expect(await members(segA)).toEqual(membersA);
    // the history says it was a rebuild; only the net change is known (none here)
    expect((await segmentHistory(db, shopA, segA)).at(-1)).toMatchObject({
      size: membersA.length,
      added: 0,
      removed: 0,
      trigger: "rebuild",
    });
    expect(await scoresLost(db, shopA)).toBe(false);
    expect(await segmentMembersLost(db, shopA, segA)).toBe(false);
    await expect(requireSegmentMembers(db, shopA, segA)).resolves.toBeUndefined();
    expect(await shopsWithLostScores(db)).toEqual([shopB]);

    await refreshShopSegments(db, shopB, { now });
    expect(await scores(shopB)).toEqual(scoresB);
    expect(await shopsWithLostScores(db)).toEqual([]);
    // back to normal: the next refresh records a plain entry
    await refreshShopSegments(db, shopA, { now, trigger: "manual" });
    expect((await segmentHistory(db, shopA, segA)).at(-1)).toMatchObject({
      added: 0,
      removed: 0,
      trigger: "manual",
    });
  });

  it("members lost while the scores survived (a crash between the two) are found too", async () => {
    const db = database.db;
    expect(await shopsWithLostMembers(db)).toEqual([]);
    await sql`delete from segment_members where segment_id = ${segA}`.execute(db);
    expect(await shopsWithLostScores(db)).toEqual([]);
    expect(await shopsWithLostMembers(db)).toEqual([shopA]);
    await refreshShopSegments(db, shopA, { now });
    expect(await shopsWithLostMembers(db)).toEqual([]);
    expect((await segmentHistory(db, shopA, segA)).at(-1)?.trigger).toBe("rebuild");
  });

  it("a segment that matched nobody is not taken for lost", async () => {
    const db = database.db;
    const empty = await insertSegment(db, {
      shopId: shopA,
      name: "nobody",
      description: "",
      definition: { kind: "paidOrders", min: 1000 },
      createdBy: null,
    });
    const r = await refreshShopSegments(db, shopA, { now, onlySegmentId: empty.id });
    expect(r.segments).toMatchObject([{ id: empty.id, size: 0, added: 0, removed: 0 }]);
    expect(await segmentMembersLost(db, shopA, empty.id)).toBe(false);
    expect((await segmentHistory(db, shopA, empty.id)).at(-1)?.trigger).toBe("manual");
  });
});
