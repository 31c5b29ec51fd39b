/**
 * Campaign plans: create one from a festival node or a date, keep its plan (targets, budget,
 * mechanics, benefit points), forecast, hourly peak-day curve and its generated schedule.
 * Every change is audited.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import {
  type CampaignRow,
  type CampaignTaskRow,
  findCampaign,
  findTask,
  insertCampaign,
  insertTasks,
  listTasks,
  updateCampaign,
  updateTask,
} from "../../adapters/db/repositories/campaigns.ts";
import type { PublicUser } from "../../adapters/db/repositories/users.ts";
import type { DB, Shop } from "../../adapters/db/schema.ts";
import { type Phases, phasesFor, phasesInOrder } from "../../domain/campaigns/phases.ts";
import { forecast, hourlyPlan, PlanInput } from "../../domain/campaigns/plan.ts";
import { AppError, notFound } from "../errors.ts";
import { scheduleForCampaign } from "./schedule.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");

export const CampaignInput = z.object({
  name: z.string().trim().min(1).max(100),
  nodeKey: z.string().max(60).nullish(),
  peakDate: day,
  phases: z
    .object({
      warmupDays: z.number().int().min(1).max(60).default(10),
      peakDays: z.number().int().min(1).max(30).default(1),
      thanksDays: z.number().int().min(1).max(60).default(10),
    })
    .default({ warmupDays: 10, peakDays: 1, thanksDays: 10 }),
  theme: z.string().max(200).default(""),
  benefitPoints: z.array(z.string().max(100)).max(20).default([]),
  mechanics: z.array(z.string().max(60)).max(20).default([]),
  plan: PlanInput.default(PlanInput.parse({})),
  /** Peak-day GMV target for the hourly curve; default: the expected GMV's peak share. */
  peakDayGmvFen: z.number().int().min(0).optional(),
});
export type CampaignInput = z.input<typeof CampaignInput>;

export const CampaignPatch = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  theme: z.string().max(200).optional(),
  benefitPoints: z.array(z.string().max(100)).max(20).optional(),
  mechanics: z.array(z.string().max(60)).max(20).optional(),
  plan: PlanInput.optional(),
  peakDayGmvFen: z.number().int().min(0).optional(),
  status: z.enum(["draft", "active", "archived"]).optional(),
  phases: z
    .object({
      warmupStart: day,
      warmupEnd: day,
      peakDate: day,
      peakEnd: day,
      thanksStart: day,
      thanksEnd: day,
    })
    .optional(),
});

export const TaskPatch = z.object({
  status: z.enum(["todo", "doing", "done", "skipped"]).optional(),
  dueDate: day.optional(),
  startDate: day.nullable().optional(),
  assignee: z.string().max(60).nullable().optional(),
  notes: z.string().max(2000).optional(),
});

export const NewTask = z.object({
  titleZh: z.string().trim().min(1).max(200),
  titleEn: z.string().trim().max(200).default(""),
  role: z.enum(["owner", "operator", "cs", "analyst"]),
  dueDate: day,
  startDate: day.nullable().default(null),
  assignee: z.string().max(60).nullable().default(null),
});

/** The peak day's default share of a campaign's expected GMV (Double 11: about 60 %). */
const peakShareBp = 6000;

function canEdit(user: PublicUser): void {
  if (user.role === "analyst" || user.role === "cs") {
    throw new AppError("forbidden", "当前角色不能修改活动", "Your role cannot change campaigns");
  }
}

function phasesOf(c: CampaignRow): Phases {
  return {
    warmupStart: c.warmup_start,
    warmupEnd: c.warmup_end,
    peakDate: c.peak_date,
    peakEnd: c.peak_end,
    thanksStart: c.thanks_start,
    thanksEnd: c.thanks_end,
  };
}

/** A task is late when open past its due day, early when done before it. */
export function taskTiming(t: CampaignTaskRow, today: string, doneDay: string | null) {
  const open = t.status === "todo" || t.status === "doing";
  return {
    late: open && t.due_date < today,
    early: t.status === "done" && doneDay !== null && doneDay < t.due_date,
  };
}

export function campaignView(c: CampaignRow) {
  const plan = PlanInput.parse(c.plan ?? {});
  return {
    id: c.id,
    name: c.name,
    nodeKey: c.node_key,
    status: c.status,
    phases: phasesOf(c),
    theme: c.theme,
    benefitPoints: c.benefit_points,
    mechanics: c.mechanics,
    plan,
    forecast: forecast(plan),
    hourlyPlanFen: c.hourly_plan_fen.map(Number),
    mechanicsWarning:
      c.mechanics.length > 3
        ? {
            zh: `本活动使用了 ${c.mechanics.length} 种玩法；建议 1–3 种，玩法越多越容易算错价、客服压力越大。`,
            en: `This campaign uses ${c.mechanics.length} mechanics; 1–3 are advised: more make pricing mistakes and load customer service.`,
          }
        : null,
  };
}

export async function createCampaign(db: Kysely<DB>, shop: Shop, user: PublicUser, raw: unknown) {
  canEdit(user);
  const input = CampaignInput.parse(raw);
  const phases = phasesFor(input.peakDate, input.phases);
  const f = forecast(input.plan);
  const peakGmv = input.peakDayGmvFen ?? Math.round((f.expectedGmvFen * peakShareBp) / 10000);
  return db.transaction().execute(async (tx) => {
    const c = await insertCampaign(tx, {
      shop_id: shop.id,
      name: input.name,
      node_key: input.nodeKey ?? null,
      peak_date: phases.peakDate,
      warmup_start: phases.warmupStart,
      warmup_end: phases.warmupEnd,
      peak_end: phases.peakEnd,
      thanks_start: phases.thanksStart,
      thanks_end: phases.thanksEnd,
      theme: input.theme,
      benefit_points: input.benefitPoints,
      mechanics: input.mechanics,
      plan: JSON.stringify(input.plan),
      hourly_plan_fen: hourlyPlan(peakGmv),
      created_by: user.id,
    });
    const drafts = await scheduleForCampaign(tx, shop, phases);
    const tasks = await insertTasks(
      tx,
      drafts.map((d, i) => ({
        shop_id: shop.id,
        campaign_id: c.id,
        template_key: d.key,
        title_zh: d.titleZh,
        title_en: d.titleEn,
        role: d.role,
        offset_days: d.offsetDays,
        start_date: d.startDate,
        due_date: d.dueDate,
        sort: i,
      })),
    );
    await recordAudit(tx, {
      shopId: shop.id,
      userId: user.id,
      action: "create",
      entity: "campaign",
      entityId: c.id,
      after: { ...campaignView(c), tasks: tasks.length },
    });
    return { campaign: c, tasks };
  });
}

export async function patchCampaign(
  db: Kysely<DB>,
  shop: Shop,
  user: PublicUser,
  id: number,
  raw: unknown,
) {
  canEdit(user);
  const patch = CampaignPatch.parse(raw);
  return db.transaction().execute(async (tx) => {
    const before = await findCampaign(tx, shop.id, id);
    if (!before) throw notFound("活动", "Campaign", "id");
    if (patch.phases && !phasesInOrder(patch.phases)) {
      throw new AppError(
        "invalid_input",
        "活动阶段顺序无效：预热 < 正式 < 返场",
        "Phases out of order: warm-up < peak < thank-you",
        "phases",
      );
    }
    const plan = patch.plan ?? PlanInput.parse(before.plan ?? {});
    const hourly =
      patch.peakDayGmvFen !== undefined
        ? hourlyPlan(patch.peakDayGmvFen)
        : patch.plan
          ? hourlyPlan(Math.round((forecast(plan).expectedGmvFen * peakShareBp) / 10000))
          : undefined;
    const after = await updateCampaign(tx, shop.id, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
      ...(patch.benefitPoints ? { benefit_points: patch.benefitPoints } : {}),
      ...(patch.mechanics ? { mechanics: patch.mechanics } : {}),
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.plan ? { plan: JSON.stringify(patch.plan) } : {}),
      ...(hourly ? { hourly_plan_fen: hourly } : {}),
      ...(patch.phases
        ? {
            warmup_start: patch.phases.warmupStart,
            warmup_end: patch.phases.warmupEnd,
            peak_date: patch.phases.peakDate,
            peak_end: patch.phases.peakEnd,
            thanks_start: patch.phases.thanksStart,
            thanks_end: patch.phases.thanksEnd,
          }
        : {}),
    });
    await recordAudit(tx, {
      shopId: shop.id,
      userId: user.id,
      action: "update",
      entity: "campaign",
      entityId: id,
      before: campaignView(before),
      after: after ? campaignView(after) : null,
    });
    return after!;
  });
}

export async function patchTask(
  db: Kysely<DB>,
  shop: Shop,
  user: PublicUser,
  campaignId: number,
  taskId: number,
  raw: unknown,
  now: Date,
) {
  const patch = TaskPatch.parse(raw);
  return db.transaction().execute(async (tx) => {
    const before = await findTask(tx, shop.id, campaignId, taskId);
    if (!before) throw notFound("任务", "Task", "taskId");
    if (user.role === "analyst" && Object.keys(patch).some((k) => k !== "notes")) {
      throw new AppError("forbidden", "分析角色只能添加备注", "Analysts may only add notes");
    }
    const after = await updateTask(tx, shop.id, taskId, {
      ...(patch.status
        ? { status: patch.status, done_at: patch.status === "done" ? now : null }
        : {}),
      ...(patch.dueDate ? { due_date: patch.dueDate } : {}),
      ...(patch.startDate !== undefined ? { start_date: patch.startDate } : {}),
      ...(patch.assignee !== undefined ? { assignee: patch.assignee } : {}),
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
    });
    await recordAudit(tx, {
      shopId: shop.id,
      userId: user.id,
      action: "update",
      entity: "campaign_task",
      entityId: taskId,
      before,
      after,
    });
    return after;
  });
}

export async function addTask(
  db: Kysely<DB>,
  shop: Shop,
  user: PublicUser,
  campaignId: number,
  raw: unknown,
) {
  canEdit(user);
  const t = NewTask.parse(raw);
  return db.transaction().execute(async (tx) => {
    if (!(await findCampaign(tx, shop.id, campaignId))) throw notFound("活动", "Campaign", "id");
    const [row] = await insertTasks(tx, [
      {
        shop_id: shop.id,
        campaign_id: campaignId,
        title_zh: t.titleZh,
        title_en: t.titleEn || t.titleZh,
        role: t.role,
        due_date: t.dueDate,
        start_date: t.startDate,
        assignee: t.assignee,
        sort: 1000,
      },
    ]);
    await recordAudit(tx, {
      shopId: shop.id,
      userId: user.id,
      action: "create",
      entity: "campaign_task",
      entityId: row!.id,
      after: row,
    });
    return row!;
  });
}

export { listTasks };
