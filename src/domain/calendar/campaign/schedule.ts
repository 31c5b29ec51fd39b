/**
 * Turns a task template into dated tasks for a node's main day T, moving dates off
 * non-working days on the official calendar (放假 and 调休上班 included).
 *
 * Direction: a preparation task due on a day off moves to the previous working day (it must be
 * ready in time); a follow-up task after T moves to the next working day; customer touches and
 * platform deadlines (`adjust: "none"`) keep their date.
 */
import { addDays, daysBetween, type IsoDate, parseIsoDate } from "../date.ts";
import type { HolidayCalendar } from "../holidays/index.ts";
import {
  nextWorkingDay,
  previousWorkingDay,
  type WorkingDayBasis,
  workingDayInfo,
} from "../working-days.ts";
import { type CampaignStage, campaignStage } from "./phases.ts";
import type {
  DateAdjustment,
  OwnerRole,
  TaskCategory,
  TaskTemplate,
  TimeWindow,
} from "./template.ts";

/** A task of a campaign, on the calendar. */
export interface ScheduledTask {
  readonly key: string;
  readonly title: string;
  readonly titleEn: string;
  readonly role: OwnerRole;
  readonly category: TaskCategory;
  /** First day of work, for tasks that are a window; never after `due`. */
  readonly start?: IsoDate;
  /** Due day after adjustment. */
  readonly due: IsoDate;
  /** Due day from the offset alone (T + dueOffset). */
  readonly nominalDue: IsoDate;
  /** Whether `due` was moved off a non-working day. */
  readonly moved: boolean;
  readonly window?: TimeWindow;
  readonly adjust: DateAdjustment;
  /** Campaign stage of the due day. */
  readonly stage: CampaignStage;
  /** `weekendsOnly` when the official holidays of the year are not known. */
  readonly basis: WorkingDayBasis;
}

function adjustDue(
  date: IsoDate,
  adjust: DateAdjustment,
  holidays: HolidayCalendar,
): { date: IsoDate; basis: WorkingDayBasis } {
  if (adjust === "previousWorkingDay") {
    return previousWorkingDay(date, holidays, { inclusive: true });
  }
  if (adjust === "nextWorkingDay") return nextWorkingDay(date, holidays, { inclusive: true });
  return { date, basis: workingDayInfo(date, holidays).basis };
}

/**
 * Dates every task of `template` around T, sorted by due date (ties keep template order).
 *
 * @example
 * const tasks = generateSchedule(DEFAULT_TASK_TEMPLATE, "2026-11-11", holidayCalendar());
 * tasks.find((t) => t.key === "slot-negotiation")?.due;
 * // "2026-09-30": T-35 is 10-07, inside the National Day break
 */
export function generateSchedule(
  template: readonly TaskTemplate[],
  t: IsoDate,
  holidays: HolidayCalendar,
): ScheduledTask[] {
  parseIsoDate(t);
  const tasks = template.map((task, order) => {
    const nominalDue = addDays(t, task.dueOffset);
    const { date: due, basis } = adjustDue(nominalDue, task.adjust, holidays);
    let start: IsoDate | undefined;
    if (task.startOffset !== undefined) {
      const nominalStart = addDays(t, task.startOffset);
      start = daysBetween(nominalStart, due) < 0 ? due : nominalStart;
    }
    const scheduled: ScheduledTask = {
      key: task.key,
      title: task.title,
      titleEn: task.titleEn,
      role: task.role,
      category: task.category,
      ...(start !== undefined ? { start } : {}),
      due,
      nominalDue,
      moved: due !== nominalDue,
      ...(task.window ? { window: task.window } : {}),
      adjust: task.adjust,
      stage: campaignStage(due, t),
      basis,
    };
    return { scheduled, order };
  });
  tasks.sort((a, b) =>
    a.scheduled.due < b.scheduled.due
      ? -1
      : a.scheduled.due > b.scheduled.due
        ? 1
        : a.order - b.order,
  );
  return tasks.map((x) => x.scheduled);
}
