/**
 * The calendar as a shop sees it: built-in festival nodes plus the shop's own, and the
 * official holidays — bundled years plus those an owner entered or imported (stored in
 * `app_settings` under `holidays.<year>`).
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import {
  getSetting,
  listSettingsWithPrefix,
  setSetting,
} from "../../adapters/db/repositories/settings.ts";
import { getShopSetting, setShopSetting } from "../../adapters/db/repositories/shop-settings.ts";
import type { PublicUser } from "../../adapters/db/repositories/users.ts";
import type { DB } from "../../adapters/db/schema.ts";
import {
  BUNDLED_HOLIDAY_YEARS,
  type HolidayCalendar,
  type HolidayYear,
  holidayCalendar,
  holidayYearSchema,
} from "../../domain/calendar/holidays/index.ts";
import { type CustomNode, customNodeSchema, nodesForYear } from "../../domain/calendar/nodes.ts";
import { AppError } from "../errors.ts";

const holidayKey = (year: number) => `holidays.${year}`;
const customNodesKey = "calendar.customNodes";

/** Years entered by the owner, from the settings table. */
async function enteredYears(db: Kysely<DB>): Promise<HolidayYear[]> {
  return (await listSettingsWithPrefix<HolidayYear>(db, "holidays.")).map((r) => r.value);
}

export async function loadHolidayCalendar(db: Kysely<DB>): Promise<HolidayCalendar> {
  return holidayCalendar(await enteredYears(db));
}

export async function saveHolidayYear(
  db: Kysely<DB>,
  user: PublicUser,
  raw: unknown,
): Promise<HolidayYear> {
  if (user.role !== "owner") {
    throw new AppError(
      "forbidden",
      "只有店主可以录入节假日安排",
      "Only an owner can enter official holidays",
    );
  }
  const year = holidayYearSchema.parse(raw) as HolidayYear;
  if (year.source.origin === "bundled") {
    throw new AppError(
      "invalid_input",
      "来源须为 owner 或 import",
      "source.origin must be owner or import",
      "source.origin",
    );
  }
  const before = await getSetting<HolidayYear>(db, holidayKey(year.year));
  const bundled = BUNDLED_HOLIDAY_YEARS.find((y) => y.year === year.year);
  await db.transaction().execute(async (tx) => {
    await setSetting(tx, holidayKey(year.year), year);
    await recordAudit(tx, {
      shopId: null,
      userId: user.id,
      action: before ? "update" : "create",
      entity: "holiday_year",
      entityId: year.year,
      before: before ?? bundled ?? null,
      after: year,
    });
  });
  return year;
}

export const CustomNodes = z.array(customNodeSchema).max(200);

export async function shopCustomNodes(db: Kysely<DB>, shopId: number): Promise<CustomNode[]> {
  return (await getShopSetting<CustomNode[]>(db, shopId, customNodesKey)) ?? [];
}

export async function saveShopCustomNodes(
  db: Kysely<DB>,
  shopId: number,
  user: PublicUser,
  raw: unknown,
): Promise<CustomNode[]> {
  if (user.role === "analyst" || user.role === "cs") {
    throw new AppError("forbidden", "当前角色不能修改日历", "Your role cannot change the calendar");
  }
  const nodes = CustomNodes.parse(raw);
  try {
    nodesForYear(2026, { custom: nodes }); // checks duplicate keys and clashes with built-in ones
  } catch (err) {
    const [zh, en] = String((err as Error).message).split(" / ");
    throw new AppError("invalid_input", zh ?? "节点无效", en ?? zh ?? "invalid node", "key");
  }
  const before = await shopCustomNodes(db, shopId);
  await db.transaction().execute(async (tx) => {
    await setShopSetting(tx, shopId, customNodesKey, nodes);
    await recordAudit(tx, {
      shopId,
      userId: user.id,
      action: "update",
      entity: "calendar_custom_nodes",
      before,
      after: nodes,
    });
  });
  return nodes;
}
