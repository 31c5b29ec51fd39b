/**
 * The demo shop's campaigns, written through the application services as a merchant would
 * have made them: the most recent finished 双11 (plan with targets from its real sales,
 * promotions matching its orders, published, a shop coupon issued to a segment, schedule
 * done), and a draft for the next sale node after `now` (plan, schedule, three promotions, one
 * of which takes a SKU below its floor so the publishing guard warns). Deterministic for a
 * given seed and `now`: dates from the calendar, figures from the loaded orders, codes seeded.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { listTasks } from "../../adapters/db/repositories/campaigns.ts";
import {
  firstOwner,
  periodSales,
  redeemFromOrders,
} from "../../adapters/db/repositories/demo-campaigns.ts";
import { getSegmentSettings } from "../../adapters/db/repositories/segment-scores.ts";
import {
  findSegmentByName,
  insertSegment,
  refreshSegmentMembers,
} from "../../adapters/db/repositories/segments.ts";
import { findShopById } from "../../adapters/db/repositories/shops.ts";
import type { PublicUser } from "../../adapters/db/repositories/users.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import type { CalendarNode } from "../../domain/calendar/nodes.ts";
import { phasesFor } from "../../domain/campaigns/phases.ts";
import type { PlanInput } from "../../domain/campaigns/plan.ts";
import {
  byDemand,
  type DemoSkuFigures,
  demoCampaignNodes,
  floorExclusions,
  floorTrap,
  keepsFloor,
  nodeManJian,
  roundTarget,
  sameNodeYearBefore,
  seededCodes,
  shortNodeName,
  taskProgress,
  thresholdRateBp,
} from "../../domain/demo/campaigns.ts";
import { DEMO_COUPON_20_KEY } from "../../domain/demo/index.ts";
import { WorstCaseInputSchema, worstCase } from "../../domain/pricing/index.ts";
import type { SegmentNode } from "../../domain/segments/definition.ts";
import { addDays, localDay, zonedTimeToUtc } from "../../domain/time/zone.ts";
import { shopCustomNodes } from "../calendar/service.ts";
import { createCampaign, patchCampaign, patchTask } from "../campaigns/service.ts";
import {
  CODE_ALPHABET,
  createPromotion,
  issueCoupons,
  type PromotionInput,
  setPublished,
} from "../promotions/service.ts";

export interface DemoCampaignsOptions {
  readonly shopId: number;
  readonly seed: number;
  /** The end of the demo's history: "today" for the calendar. */
  readonly now: Date;
}

export interface DemoCampaignSummary {
  readonly id: number;
  readonly name: string;
  readonly nodeKey: string;
  readonly peakDate: string;
  readonly status: "draft" | "active";
  readonly promotions: number;
  readonly tasks: number;
  readonly tasksDone: number;
}

export interface DemoCampaignsResult {
  /** Empty when skipped (no owner account yet to act as). */
  readonly campaigns: DemoCampaignSummary[];
  readonly couponsIssued: number;
  /** Of those, redeemed by the holders' orders in the campaign's days. */
  readonly couponsRedeemed: number;
  /** The SKU the upcoming campaign's price cut takes below its floor, if any. */
  readonly floorTrapSku: string | null;
  readonly skipped: "no_owner" | null;
  readonly ms: number;
}

/** The saved segment the finished 双11's shop coupon was issued to. */
export const DEMO_COUPON_SEGMENT = "会员老客（会员且已付 ≥2 单）";
const segmentDefinition: SegmentNode = {
  kind: "and",
  conditions: [
    { kind: "member", value: true },
    { kind: "paidOrders", min: 2 },
  ],
};

const FINISHED_COUPON = { thresholdFen: 19_900, offFen: 2_000 };
const UPCOMING_COUPON = { thresholdFen: 29_900, offFen: 3_000 };
const HERO_RATE_BP = 8_500;

/**
 * Creates the demo campaigns in the demo shop, acting as its first owner. Skips (with
 * `skipped: "no_owner"`) when no owner account exists yet.
 */
export async function loadDemoCampaigns(
  db: Kysely<DB>,
  options: DemoCampaignsOptions,
): Promise<DemoCampaignsResult> {
  const started = performance.now();
  const shop = await findShopById(db, options.shopId);
  if (!shop) throw new Error(`shop ${options.shopId} not found`);
  const owner = await firstOwner(db);
  if (!owner) {
    return {
      campaigns: [],
      couponsIssued: 0,
      couponsRedeemed: 0,
      floorTrapSku: null,
      skipped: "no_owner",
      ms: Math.round(performance.now() - started),
    };
  }
  const tz = shop.time_zone;
  const today = localDay(options.now, tz);
  const custom = await shopCustomNodes(db, shop.id);
  const nodes = demoCampaignNodes(today, custom);
  const feeBp = shop.fee_rate_bp;
  const ctx: Ctx = { db, shop, owner, tz, today, seed: options.seed, now: options.now };

  const finished = await finishedCampaign(ctx, nodes.finished, feeBp);
  const before = sameNodeYearBefore(nodes.upcoming, custom);
  const upcoming = await upcomingCampaign(ctx, nodes.upcoming, before, finished.sales, feeBp);
  return {
    campaigns: [finished.summary, upcoming.summary],
    couponsIssued: finished.couponsIssued,
    couponsRedeemed: finished.couponsRedeemed,
    floorTrapSku: upcoming.trapSku,
    skipped: null,
    ms: Math.round(performance.now() - started),
  };
}

interface Ctx {
  db: Kysely<DB>;
  shop: Shop;
  owner: PublicUser;
  tz: string;
  today: string;
  seed: number;
  now: Date;
}

type Sales = Awaited<ReturnType<typeof periodSales>>;

/** Sales of the local days `from`…`to` (inclusive). */
function salesOfDays(ctx: Ctx, from: string, to: string): Promise<Sales> {
  return periodSales(
    ctx.db,
    ctx.shop.id,
    zonedTimeToUtc(from, ctx.tz),
    zonedTimeToUtc(addDays(to, 1), ctx.tz),
  );
}

const yuan = (fen: number) => Math.round(fen / 100) * 100;
const pct = (fen: number, bp: number) => yuan(Math.round((fen * bp) / 10_000));

/** Budget lines as shares of the GMV target, in bp. */
type BudgetShares = readonly [
  kind: PlanInput["budget"][number]["kind"],
  label: string,
  bp: number,
][];

const FINISHED_BUDGET: BudgetShares = [
  ["onsite_ads", "直通车 + 引力魔方", 650],
  ["slot_fee", "聚划算坑位费", 200],
  ["affiliate", "淘宝客佣金", 300],
  ["offsite_ads", "小红书种草", 150],
  ["sms", "预热三波短信", 30],
];
const UPCOMING_BUDGET: BudgetShares = [
  ["onsite_ads", "直通车 + 引力魔方", 500],
  ["affiliate", "淘宝客佣金", 250],
  ["offsite_ads", "小红书种草", 100],
  ["sms", "预热短信", 20],
];

/** A plan: one Tmall target, the five best-selling hero SKUs, a budget of shares of GMV. */
function planFrom(
  base: Sales,
  growthPct: number,
  heroes: readonly DemoSkuFigures[],
  feeBp: number,
  shares: BudgetShares,
): PlanInput {
  const gmv = roundTarget((base.gmvFen * growthPct) / 100);
  const listed = base.skus.reduce((a, s) => a + s.units * s.priceFen, 0);
  const cost = base.skus.reduce((a, s) => a + s.units * s.costFen, 0);
  return {
    channelTargets: [
      { channel: "tmall", gmvFen: gmv, orders: Math.round((base.orders * growthPct) / 100) },
    ],
    skuTargets: heroes.map((h) => ({
      skuCode: h.code,
      gmvFen: yuan((Math.max(h.gmvFen, h.priceFen) * growthPct) / 100),
      units: Math.max(1, Math.ceil((h.units * growthPct) / 100)),
    })),
    budget: shares.map(([kind, label, bp]) => ({ kind, label, amountFen: pct(gmv, bp) })),
    expectedDiscountBp:
      base.listFen > 0 ? Math.round((base.discountFen * 10_000) / base.listFen) : 1_200,
    costRateBp: listed > 0 ? Math.round((cost * 10_000) / listed) : 5_000,
    feeRateBp: feeBp > 0 ? feeBp : 500,
  };
}

/** Heroes by units sold in `sales`, at most `n`. */
function topHeroes(sales: Sales, n: number): DemoSkuFigures[] {
  return byDemand(sales.skus)
    .filter((s) => s.isHero)
    .slice(0, n);
}

/** Marks the schedule's progress as of today through the task service. */
async function progressTasks(ctx: Ctx, campaignId: number): Promise<number> {
  const tasks = await listTasks(ctx.db, ctx.shop.id, campaignId);
  const changes = taskProgress(
    tasks.map((t) => ({ id: t.id, startDate: t.start_date, dueDate: t.due_date })),
    ctx.today,
  );
  let done = 0;
  for (const c of changes) {
    const at = c.doneAt ? zonedTimeToUtc(c.doneAt, ctx.tz) : ctx.now;
    await patchTask(ctx.db, ctx.shop, ctx.owner, campaignId, c.id, { status: c.status }, at);
    if (c.status === "done") done++;
  }
  return done;
}

const scopeWithout = (excluded: readonly string[]) =>
  excluded.length > 0 ? { scope: { all: true, excludeSkus: [...excluded] } } : {};

/** Checks a set of definitions with the engine's worst case over `skus`; SKUs below floor. */
function belowFloor(
  skus: readonly DemoSkuFigures[],
  definitions: readonly Record<string, unknown>[],
  feeBp: number,
): string[] {
  const r = worstCase(
    WorstCaseInputSchema.parse({
      skus: skus.map((s) => ({
        sku: s.code,
        listPriceFen: s.priceFen,
        costFen: s.costFen,
        ...(s.floorFen !== null ? { floorFen: s.floorFen } : {}),
      })),
      promotions: definitions.map((d, i) => ({ ...d, id: `D${i}` })),
      settings: { thresholdBasis: "afterItemLevel", feeRateBp: feeBp },
    }),
  );
  return r.violations.map((v) => v.sku);
}

async function finishedCampaign(ctx: Ctx, node: CalendarNode, feeBp: number) {
  const { db, shop, owner, tz } = ctx;
  const short = shortNodeName(node);
  const phases = phasesFor(node.date);
  const sales = await salesOfDays(ctx, phases.warmupStart, phases.peakEnd);
  const heroes = topHeroes(sales, 5);
  const mj = nodeManJian(node);
  const shopRate =
    thresholdRateBp([{ thresholdFen: mj.stepFen, offFen: mj.offFen }]) +
    thresholdRateBp([FINISHED_COUPON]) +
    feeBp;
  const excluded = floorExclusions(sales.skus, shopRate);
  const flash = heroes
    .filter((h) => !excluded.includes(h.code) && keepsFloor(h, shopRate + (10_000 - HERO_RATE_BP)))
    .slice(0, 3)
    .map((h) => h.code);

  const defs = () => ({
    manJian: {
      kind: "meiManJian",
      stepFen: mj.stepFen,
      discountFen: mj.offFen,
      ...scopeWithout(excluded),
    },
    coupon: {
      kind: "shopCoupon",
      thresholdFen: FINISHED_COUPON.thresholdFen,
      amountFen: FINISHED_COUPON.offFen,
      ...scopeWithout(excluded),
    },
    flash: { kind: "timeDiscount", rateBp: HERO_RATE_BP, scope: { skus: flash } },
  });
  // The guard's own check before publishing; leave out whatever it still finds (none expected).
  // Ends: each round leaves out at least one more SKU.
  for (;;) {
    const d = defs();
    const found = belowFloor(
      sales.skus,
      flash.length > 0 ? [d.manJian, d.coupon, d.flash] : [d.manJian, d.coupon],
      feeBp,
    ).filter((c) => !excluded.includes(c));
    if (found.length === 0) break;
    excluded.push(...found);
    excluded.sort();
    for (const c of found) if (flash.includes(c)) flash.splice(flash.indexOf(c), 1);
  }

  const { campaign } = await createCampaign(db, shop, owner, {
    name: `${node.date.slice(0, 4)} ${node.name}`,
    nodeKey: node.key,
    peakDate: node.date,
    theme: `全店每满${mj.stepFen / 100}减${mj.offFen / 100} · 会员券满${FINISHED_COUPON.thresholdFen / 100}减${FINISHED_COUPON.offFen / 100}${flash.length > 0 ? ` · 爆款开场限时${HERO_RATE_BP / 1000}折` : ""}`,
    benefitPoints: [
      `每满${mj.stepFen / 100}减${mj.offFen / 100}，上不封顶`,
      `会员老客专享店铺券：满${FINISHED_COUPON.thresholdFen / 100}减${FINISHED_COUPON.offFen / 100}`,
      ...(flash.length > 0 ? [`爆款 0–2 点限时 ${HERO_RATE_BP / 1000} 折`] : []),
      ...(excluded.length > 0 ? ["低毛利商品不参与满减"] : []),
    ],
    mechanics: ["每满减", "店铺券", ...(flash.length > 0 ? ["限时折扣"] : [])],
    plan: planFrom(sales, 108, heroes, feeBp, FINISHED_BUDGET),
  });
  await patchCampaign(db, shop, owner, campaign.id, { status: "active" });

  const codes = seededCodes(ctx.seed, `campaign:${node.key}:${node.date}`, CODE_ALPHABET);
  const window = { start: `${phases.warmupStart} 00:00`, end: `${addDays(phases.peakEnd, 1)} 00:00` }; // biome-ignore format: one line
  const d = defs();
  const manJian = await createPromotion(db, shop, owner, {
    name: `${short} 全店每满${mj.stepFen / 100}减${mj.offFen / 100}`,
    campaignId: campaign.id,
    ...window,
    definition: d.manJian,
  });

  // The shop coupon goes to a saved segment of returning members, the evening before warm-up.
  const segment = await demoSegment(ctx);
  const coupon = await createPromotion(
    db,
    shop,
    owner,
    {
      name: `${short} 会员店铺券 满${FINISHED_COUPON.thresholdFen / 100}减${FINISHED_COUPON.offFen / 100}`,
      campaignId: campaign.id,
      ...window,
      definition: d.coupon,
      coupon: {
        issueLimit: Math.max(1000, Math.ceil((segment.size * 1.2) / 1000) * 1000),
        perCustomerLimit: 1,
        validFrom: window.start,
        validUntil: window.end,
      },
    },
    codes,
  );
  const promotions = [manJian, coupon];
  if (flash.length > 0)
    promotions.push(
      await createPromotion(db, shop, owner, {
        name: `${short} 爆款开场限时${HERO_RATE_BP / 1000}折`,
        campaignId: campaign.id,
        start: `${phases.peakDate} 00:00`,
        end: `${phases.peakDate} 02:00`,
        definition: d.flash,
      }),
    );
  for (const p of promotions)
    await setPublished(db, shop, owner, p.id, true, {
      action: "promotion.publish",
      details: { worstCase: { violations: 0 } },
    });
  const issued =
    segment.size > 0
      ? await issueCoupons(
          db,
          shop,
          owner,
          coupon.id,
          { segmentId: segment.id },
          zonedTimeToUtc(`${addDays(phases.warmupStart, -1)} 20:00`, tz),
          codes,
        )
      : { issued: 0 };
  // The holders who then bought with it (the orders carry the coupon's share).
  const redeemed = await db.transaction().execute(async (tx) => {
    const n = await redeemFromOrders(
      tx,
      shop.id,
      coupon.id,
      DEMO_COUPON_20_KEY,
      zonedTimeToUtc(window.start, tz),
      zonedTimeToUtc(window.end, tz),
    );
    await recordAudit(tx, {
      shopId: shop.id,
      userId: owner.id,
      action: "coupon.redeem",
      entity: "promotion",
      entityId: coupon.id,
      after: { redeemed: n, by: "orders of the campaign's days" },
    });
    return n;
  });
  const tasksDone = await progressTasks(ctx, campaign.id);
  const tasks = (await listTasks(db, shop.id, campaign.id)).length;
  return {
    sales,
    couponsIssued: issued.issued,
    couponsRedeemed: redeemed,
    summary: {
      id: campaign.id,
      name: campaign.name,
      nodeKey: node.key,
      peakDate: node.date,
      status: "active",
      promotions: promotions.length,
      tasks,
      tasksDone,
    } satisfies DemoCampaignSummary,
  };
}

/** The saved segment of returning members (reused when it exists), with its members now. */
async function demoSegment(ctx: Ctx): Promise<{ id: number; size: number }> {
  const { db, shop, owner } = ctx;
  let seg = await findSegmentByName(db, shop.id, DEMO_COUPON_SEGMENT);
  if (!seg) {
    seg = await db.transaction().execute(async (tx) => {
      const s = await insertSegment(tx, {
        shopId: shop.id,
        name: DEMO_COUPON_SEGMENT,
        description: "大促前发店铺券的人群 / members with two or more paid orders",
        definition: segmentDefinition,
        createdBy: owner.id,
      });
      await recordAudit(tx, {
        shopId: shop.id,
        userId: owner.id,
        action: "create",
        entity: "segment",
        entityId: s.id,
        after: { name: s.name, definition: segmentDefinition },
      });
      return s;
    });
  }
  const settings = await getSegmentSettings(db, shop.id);
  const cc = { shopId: shop.id, timeZone: shop.time_zone, now: ctx.now, settings };
  const id = seg.id;
  const m = await db
    .transaction()
    .execute((tx) =>
      refreshSegmentMembers(tx, cc, { id, definition: segmentDefinition }, "create"),
    );
  return { id, size: m.size };
}

async function upcomingCampaign(
  ctx: Ctx,
  node: CalendarNode,
  yearBefore: CalendarNode | null,
  fallback: Sales,
  feeBp: number,
) {
  const { db, shop, owner } = ctx;
  const short = shortNodeName(node);
  const phases = phasesFor(node.date);
  let base = fallback;
  let growth = 35;
  if (yearBefore) {
    const p = phasesFor(yearBefore.date);
    const s = await salesOfDays(ctx, p.warmupStart, p.peakEnd);
    if (s.orders > 0) {
      base = s;
      growth = 135;
    }
  }
  const heroes = topHeroes(base, 5);
  const mj = nodeManJian(node);
  const tiers = [
    { thresholdFen: mj.stepFen, discountFen: mj.offFen },
    {
      thresholdFen: mj.stepFen * 2,
      discountFen: mj.offFen * 2 + Math.round(mj.offFen / 200) * 100,
    },
  ];
  const shopRate =
    thresholdRateBp(tiers.map((t) => ({ thresholdFen: t.thresholdFen, offFen: t.discountFen }))) +
    thresholdRateBp([UPCOMING_COUPON]) +
    feeBp;
  const excluded = floorExclusions(base.skus, shopRate);
  const trap = floorTrap(base.skus, excluded);

  const tierText = tiers.map((t) => `满${t.thresholdFen / 100}减${t.discountFen / 100}`).join("，");
  const { campaign } = await createCampaign(db, shop, owner, {
    name: `${node.date.slice(0, 4)} ${node.name}`,
    nodeKey: node.key,
    peakDate: node.date,
    theme: `${tierText} · 店铺券满${UPCOMING_COUPON.thresholdFen / 100}减${UPCOMING_COUPON.offFen / 100}${trap ? " · 爆款限时直降" : ""}`,
    benefitPoints: [
      tierText,
      `店铺券满${UPCOMING_COUPON.thresholdFen / 100}减${UPCOMING_COUPON.offFen / 100}，每人限领 1 张`,
      ...(trap ? [`${trap.sku.title} 当天直降到 ¥${trap.priceFen / 100}`] : []),
    ],
    mechanics: ["满减", "店铺券", ...(trap ? ["限时折扣"] : [])],
    plan: planFrom(base, growth, heroes, feeBp, UPCOMING_BUDGET),
  });

  const codes = seededCodes(ctx.seed, `campaign:${node.key}:${node.date}`, CODE_ALPHABET);
  const window = { start: `${phases.warmupStart} 00:00`, end: `${addDays(phases.peakEnd, 1)} 00:00` }; // biome-ignore format: one line
  const inputs: PromotionInput[] = [
    {
      name: `${short} ${tierText}`,
      campaignId: campaign.id,
      ...window,
      definition: { kind: "manJian", tiers, ...scopeWithout(excluded) },
    },
    {
      name: `${short} 店铺券 满${UPCOMING_COUPON.thresholdFen / 100}减${UPCOMING_COUPON.offFen / 100}`,
      campaignId: campaign.id,
      ...window,
      definition: {
        kind: "shopCoupon",
        thresholdFen: UPCOMING_COUPON.thresholdFen,
        amountFen: UPCOMING_COUPON.offFen,
        ...scopeWithout(excluded),
      },
      coupon: {
        issueLimit: 5000,
        perCustomerLimit: 1,
        validFrom: window.start,
        validUntil: window.end,
      },
    },
  ];
  if (trap)
    inputs.push({
      name: `${short} 爆款限时直降 ¥${trap.priceFen / 100}`,
      campaignId: campaign.id,
      start: `${phases.peakDate} 00:00`,
      end: `${addDays(phases.peakEnd, 1)} 00:00`,
      definition: { kind: "timeDiscount", prices: { [trap.sku.code]: trap.priceFen } },
    });
  for (const input of inputs) await createPromotion(db, shop, owner, input, codes);
  const tasksDone = await progressTasks(ctx, campaign.id);
  const tasks = (await listTasks(db, shop.id, campaign.id)).length;
  return {
    trapSku: trap?.sku.code ?? null,
    summary: {
      id: campaign.id,
      name: campaign.name,
      nodeKey: node.key,
      peakDate: node.date,
      status: "draft",
      promotions: inputs.length,
      tasks,
      tasksDone,
    } satisfies DemoCampaignSummary,
  };
}
