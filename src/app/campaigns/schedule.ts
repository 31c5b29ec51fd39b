/**
 * The schedule (进度表) a new campaign starts with: the shop's task template (the playbook's
 * by default, editable per shop) placed as offsets from the main day, due dates moved off
 * non-working days on the official calendar.
 */
import type { Kysely } from "kysely";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { getShopSetting, setShopSetting } from "../../adapters/db/repositories/shop-settings.ts";
import type { PublicUser } from "../../adapters/db/repositories/users.ts";
import type { DB, Role, Shop } from "../../adapters/db/schema.ts";
import { generateSchedule } from "../../domain/calendar/campaign/schedule.ts";
import {
  DEFAULT_TASK_TEMPLATE,
  type TaskTemplate,
} from "../../domain/calendar/campaign/template.ts";
import { parseScheduleTemplate } from "../../domain/calendar/campaign/template-schema.ts";
import type { Phases } from "../../domain/campaigns/phases.ts";
import { loadHolidayCalendar } from "../calendar/service.ts";
import { AppError } from "../errors.ts";

export interface TaskDraft {
  key: string | null;
  titleZh: string;
  titleEn: string;
  role: Role;
  offsetDays: number | null;
  startDate: string | null;
  dueDate: string;
}

const templateKey = "schedule.template";

export async function shopScheduleTemplate(
  db: Kysely<DB>,
  shopId: number,
): Promise<TaskTemplate[]> {
  const stored = await getShopSetting<unknown>(db, shopId, templateKey);
  return stored ? parseScheduleTemplate(stored) : [...DEFAULT_TASK_TEMPLATE];
}

export async function saveShopScheduleTemplate(
  db: Kysely<DB>,
  shop: Shop,
  user: PublicUser,
  raw: unknown,
): Promise<TaskTemplate[]> {
  if (user.role !== "owner" && user.role !== "operator") {
    throw new AppError(
      "forbidden",
      "当前角色不能修改进度模板",
      "Your role cannot change the schedule template",
    );
  }
  const template = parseScheduleTemplate(raw);
  const before = await shopScheduleTemplate(db, shop.id);
  await db.transaction().execute(async (tx) => {
    await setShopSetting(tx, shop.id, templateKey, template);
    await recordAudit(tx, {
      shopId: shop.id,
      userId: user.id,
      action: "update",
      entity: "schedule_template",
      before,
      after: template,
    });
  });
  return template;
}

export async function scheduleForCampaign(
  db: Kysely<DB>,
  shop: Shop,
  phases: Phases,
): Promise<TaskDraft[]> {
  const template = await shopScheduleTemplate(db, shop.id);
  const holidays = await loadHolidayCalendar(db);
  const offsets = new Map(template.map((t) => [t.key, t.dueOffset]));
  return generateSchedule(template, phases.peakDate, holidays).map((t) => ({
    key: t.key,
    titleZh: t.title,
    titleEn: t.titleEn,
    role: t.role,
    offsetDays: offsets.get(t.key) ?? null,
    startDate: t.start ?? null,
    dueDate: t.due,
  }));
}
