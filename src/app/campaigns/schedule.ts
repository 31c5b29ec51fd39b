/**
 * The schedule (进度表) a new campaign starts with: the playbook's task templates placed as
 * offsets from its main day, due dates moved off non-working days.
 */
import type { Kysely } from "kysely";
import type { DB, Role, Shop } from "../../adapters/db/schema.ts";
import type { Phases } from "../../domain/campaigns/phases.ts";

export interface TaskDraft {
  key: string | null;
  titleZh: string;
  titleEn: string;
  role: Role;
  offsetDays: number | null;
  startDate: string | null;
  dueDate: string;
}

export async function scheduleForCampaign(
  _db: Kysely<DB>,
  _shop: Shop,
  _phases: Phases,
): Promise<TaskDraft[]> {
  return [];
}
