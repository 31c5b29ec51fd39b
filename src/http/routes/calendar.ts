/** Festival calendar, official holidays and the per-shop iCal feed. */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { listCampaigns } from "../../adapters/db/repositories/campaigns.ts";
import { getShopSetting, setShopSetting } from "../../adapters/db/repositories/shop-settings.ts";
import { findShopByCode } from "../../adapters/db/repositories/shops.ts";
import {
  CustomNodes,
  loadHolidayCalendar,
  saveHolidayYear,
  saveShopCustomNodes,
  shopCustomNodes,
} from "../../app/calendar/service.ts";
import { AppError, notFound } from "../../app/errors.ts";
import { holidaysForYear } from "../../domain/calendar/holidays/index.ts";
import { toICalendar } from "../../domain/calendar/ical.ts";
import { nodesForYear } from "../../domain/calendar/nodes.ts";
import { localDay } from "../../domain/time/zone.ts";
import type { Api, AppContext } from "../context.ts";
import { jsonRoute, ShopParam, z } from "../openapi.ts";

const Year = z.coerce.number().int().min(1901).max(2100);
const feedTokenKey = "calendar.feedToken";

const NodeSchema = z.object({
  key: z.string(),
  name: z.string(),
  nameEn: z.string(),
  date: z.string(),
  kind: z.enum(["fixed", "lunar", "solarTerm", "nthWeekday", "platform", "custom"]),
});
const HolidaysSchema = z.object({
  year: z.number(),
  status: z.enum(["announced", "not_announced"]),
  days: z.array(z.object({ date: z.string(), name: z.string(), isOffDay: z.boolean() })),
});

export function calendarRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.database.db;

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/calendar",
      tag: "calendar",
      summary: "A year's nodes, official holidays and the shop's campaigns / 年度日历",
      params: ShopParam,
      query: z.object({ year: Year.optional() }),
      response: z.object({
        year: z.number(),
        nodes: z.array(NodeSchema),
        holidays: HolidaysSchema,
        campaigns: z.array(
          z.object({
            id: z.number(),
            name: z.string(),
            peakDate: z.string(),
            warmupStart: z.string(),
            thanksEnd: z.string(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const year =
        c.req.valid("query").year ?? Number(localDay(ctx.now(), shop.time_zone).slice(0, 4));
      const custom = await shopCustomNodes(db, shop.id);
      const holidays = holidaysForYear(year, await loadHolidayCalendar(db));
      const campaigns = (await listCampaigns(db, shop.id, localDay(ctx.now(), shop.time_zone)))
        .filter((k) => k.thanks_end >= `${year}-01-01` && k.warmup_start <= `${year}-12-31`)
        .map((k) => ({
          id: k.id,
          name: k.name,
          peakDate: k.peak_date,
          warmupStart: k.warmup_start,
          thanksEnd: k.thanks_end,
        }));
      return c.json(
        {
          year,
          nodes: nodesForYear(year, { custom }),
          holidays: { ...holidays, days: [...holidays.days] },
          campaigns,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/calendar/custom-nodes",
      tag: "calendar",
      summary: "The shop's own nodes as stored / 自定义节点",
      params: ShopParam,
      response: z.object({ nodes: CustomNodes }),
    }),
    async (c) => c.json({ nodes: await shopCustomNodes(db, c.get("shop").id) }, 200),
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: "/api/shops/{shop}/calendar/custom-nodes",
      tag: "calendar",
      summary: "Replace the shop's own nodes (店庆, 清仓, 上新 …) / 自定义节点",
      params: ShopParam,
      body: CustomNodes,
      response: z.object({ nodes: CustomNodes }),
    }),
    async (c) => {
      const nodes = await saveShopCustomNodes(
        db,
        c.get("shop").id,
        c.get("user"),
        c.req.valid("json"),
      );
      return c.json({ nodes }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/holidays/{year}",
      tag: "calendar",
      summary: "Official days off and make-up workdays of a year / 法定节假日与调休",
      params: z.object({
        year: Year.openapi({ param: { name: "year", in: "path" }, example: 2026 }),
      }),
      response: HolidaysSchema,
    }),
    async (c) => {
      const h = holidaysForYear(c.req.valid("param").year, await loadHolidayCalendar(db));
      return c.json({ ...h, days: [...h.days] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: "/api/holidays/{year}",
      tag: "calendar",
      summary: "Enter or import a year's official arrangements (owner) / 录入节假日安排",
      params: z.object({
        year: Year.openapi({ param: { name: "year", in: "path" }, example: 2027 }),
      }),
      body: z.record(z.string(), z.unknown()),
      response: HolidaysSchema,
    }),
    async (c) => {
      const year = c.req.valid("param").year;
      const body = c.req.valid("json");
      if (body.year !== undefined && body.year !== year) {
        throw new AppError(
          "invalid_input",
          "年份与路径不一致",
          "year differs from the path",
          "year",
        );
      }
      await saveHolidayYear(db, c.get("user"), { ...body, year });
      const h = holidaysForYear(year, await loadHolidayCalendar(db));
      return c.json({ ...h, days: [...h.days] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/calendar/feed",
      tag: "calendar",
      summary: "The shop's iCal subscription address / 日历订阅地址",
      params: ShopParam,
      response: z.object({ path: z.string() }),
    }),
    async (c) => {
      const shop = c.get("shop");
      let token = await getShopSetting<string>(db, shop.id, feedTokenKey);
      if (!token) {
        token = randomBytes(18).toString("base64url");
        await setShopSetting(db, shop.id, feedTokenKey, token);
      }
      return c.json({ path: `/ical/${shop.code}/${token}.ics` }, 200);
    },
  );

  // The feed is read by calendar apps, which send no cookie: the secret token in the path is
  // the credential. Nodes and holidays of last year, this year and next, plus campaigns.
  app.get("/ical/:shop/:file", async (c) => {
    const shop = await findShopByCode(db, c.req.param("shop"));
    const token = c.req.param("file").replace(/\.ics$/, "");
    const expected = shop ? await getShopSetting<string>(db, shop.id, feedTokenKey) : undefined;
    const ok =
      shop &&
      expected &&
      expected.length === token.length &&
      timingSafeEqual(Buffer.from(expected), Buffer.from(token));
    if (!shop || !ok) throw notFound("日历", "Calendar");
    const year = Number(localDay(ctx.now(), shop.time_zone).slice(0, 4));
    const custom = await shopCustomNodes(db, shop.id);
    const calendar = await loadHolidayCalendar(db);
    const years = [year - 1, year, year + 1];
    const campaigns = await listCampaigns(db, shop.id, localDay(ctx.now(), shop.time_zone));
    const ics = toICalendar({
      name: `${shop.name} · Dacu`,
      generatedAt: ctx.now(),
      nodes: [
        ...years.flatMap((y) => nodesForYear(y, { custom })),
        ...campaigns.map((k) => ({
          key: `campaign-${k.id}`,
          name: `【活动】${k.name}`,
          nameEn: `Campaign: ${k.name}`,
          date: k.peak_date,
          kind: "custom" as const,
        })),
      ],
      holidays: years.flatMap((y) => holidaysForYear(y, calendar).days),
    });
    return c.body(ics, 200, { "content-type": "text/calendar; charset=utf-8" });
  });
}
