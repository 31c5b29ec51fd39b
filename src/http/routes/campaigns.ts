/** Campaign plans and their schedules. */

import type { CampaignTaskRow } from "../../adapters/db/repositories/campaigns.ts";
import { findCampaign, listCampaigns } from "../../adapters/db/repositories/campaigns.ts";
import { saveShopScheduleTemplate, shopScheduleTemplate } from "../../app/campaigns/schedule.ts";
import {
  addTask,
  CampaignInput,
  CampaignPatch,
  campaignView,
  createCampaign,
  listTasks,
  NewTask,
  patchCampaign,
  patchTask,
  TaskPatch,
  taskTiming,
} from "../../app/campaigns/service.ts";
import { notFound } from "../../app/errors.ts";
import { forecast, PlanInput } from "../../domain/campaigns/plan.ts";
import { localDay } from "../../domain/time/zone.ts";
import type { Api, AppContext } from "../context.ts";
import { Anything, IdParams, iso, jsonRoute, ShopParam, z } from "../openapi.ts";

const TaskParams = IdParams.extend({ taskId: z.coerce.number().int().positive() });

export function campaignRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.database.db;

  const taskView = (t: CampaignTaskRow, today: string, tz: string) => ({
    id: t.id,
    templateKey: t.template_key,
    titleZh: t.title_zh,
    titleEn: t.title_en,
    role: t.role,
    offsetDays: t.offset_days,
    startDate: t.start_date,
    dueDate: t.due_date,
    status: t.status,
    doneAt: iso(t.done_at),
    assignee: t.assignee,
    notes: t.notes,
    ...taskTiming(t, today, t.done_at ? localDay(new Date(t.done_at), tz) : null),
  });

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/campaigns",
      tag: "campaigns",
      summary: "Campaigns with forecast and schedule progress / 活动列表",
      params: ShopParam,
      response: z.object({ campaigns: z.array(Anything) }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const today = localDay(ctx.now(), shop.time_zone);
      const rows = await listCampaigns(db, shop.id, today);
      return c.json(
        {
          campaigns: rows.map((r) => ({
            ...campaignView(r),
            tasks: { total: r.tasks_total, done: r.tasks_done, late: r.tasks_late },
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/campaigns",
      tag: "campaigns",
      summary: "Create a campaign from a node or a date, with its schedule / 新建活动方案",
      params: ShopParam,
      body: CampaignInput,
      response: z.object({ campaign: Anything, tasks: z.array(Anything) }),
      status: 201,
    }),
    async (c) => {
      const shop = c.get("shop");
      const today = localDay(ctx.now(), shop.time_zone);
      const { campaign, tasks } = await createCampaign(
        db,
        shop,
        c.get("user"),
        c.req.valid("json"),
      );
      return c.json(
        {
          campaign: campaignView(campaign),
          tasks: tasks.map((t) => taskView(t, today, shop.time_zone)),
        },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/schedule-template",
      tag: "campaigns",
      summary: "The shop's schedule template (tasks as offsets from T) / 进度表模板",
      params: ShopParam,
      response: z.object({ tasks: z.array(Anything) }),
    }),
    async (c) => {
      const tasks = await shopScheduleTemplate(db, c.get("shop").id);
      return c.json({ tasks: tasks as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: "/api/shops/{shop}/schedule-template",
      tag: "campaigns",
      summary: "Replace the shop's schedule template / 修改进度表模板",
      params: ShopParam,
      body: z.array(Anything),
      response: z.object({ tasks: z.array(Anything) }),
    }),
    async (c) => {
      const tasks = await saveShopScheduleTemplate(
        db,
        c.get("shop"),
        c.get("user"),
        c.req.valid("json"),
      );
      return c.json({ tasks: tasks as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/campaigns/forecast",
      tag: "campaigns",
      summary: "Forecast a plan without saving it (ROI, margin) / 预算与 ROI 试算",
      params: ShopParam,
      body: PlanInput,
      response: z.object({ forecast: Anything }),
    }),
    async (c) =>
      c.json(
        { forecast: forecast(c.req.valid("json")) as unknown as Record<string, unknown> },
        200,
      ),
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/campaigns/{id}",
      tag: "campaigns",
      summary: "A campaign with its plan, forecast, hourly curve and schedule / 活动详情",
      params: IdParams,
      response: z.object({ campaign: Anything, tasks: z.array(Anything) }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const campaign = await findCampaign(db, shop.id, id);
      if (!campaign) throw notFound("活动", "Campaign", "id");
      const today = localDay(ctx.now(), shop.time_zone);
      const tasks = await listTasks(db, shop.id, id);
      return c.json(
        {
          campaign: campaignView(campaign),
          tasks: tasks.map((t) => taskView(t, today, shop.time_zone)),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "patch",
      path: "/api/shops/{shop}/campaigns/{id}",
      tag: "campaigns",
      summary: "Change a campaign's plan or phases / 修改活动",
      params: IdParams,
      body: CampaignPatch,
      response: z.object({ campaign: Anything }),
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const after = await patchCampaign(db, c.get("shop"), c.get("user"), id, c.req.valid("json"));
      return c.json({ campaign: campaignView(after) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/campaigns/{id}/tasks",
      tag: "campaigns",
      summary: "Add a task to a campaign's schedule / 添加任务",
      params: IdParams,
      body: NewTask,
      response: z.object({ task: Anything }),
      status: 201,
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const task = await addTask(db, shop, c.get("user"), id, c.req.valid("json"));
      return c.json(
        { task: taskView(task, localDay(ctx.now(), shop.time_zone), shop.time_zone) },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "patch",
      path: "/api/shops/{shop}/campaigns/{id}/tasks/{taskId}",
      tag: "campaigns",
      summary: "Update a task: status, dates, assignee, notes / 更新任务",
      params: TaskParams,
      body: TaskPatch,
      response: z.object({ task: Anything }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id, taskId } = c.req.valid("param");
      const task = await patchTask(
        db,
        shop,
        c.get("user"),
        id,
        taskId,
        c.req.valid("json"),
        ctx.now(),
      );
      return c.json(
        { task: taskView(task, localDay(ctx.now(), shop.time_zone), shop.time_zone) },
        200,
      );
    },
  );
}
