/**
 * Outreach journeys over HTTP: CRUD (audited), plan (dry run with counts, warnings and
 * cost), launch, progress, the phone call list and call results; and the public hooks a
 * provider or a recipient calls: inbound SMS replies (opt-out → suppression), delivery
 * receipts and the one-click e-mail unsubscribe link.
 */

import { createHmac } from "node:crypto";
import {
  consentSummary,
  listStepCalls,
  listSuppressions,
} from "../../adapters/db/repositories/outreach-views.ts";
import { findShopByCode } from "../../adapters/db/repositories/shops.ts";
import type { Role } from "../../adapters/db/schema.ts";
import { normalizeCnMobile } from "../../adapters/sms/provider.ts";
import { AppError, notFound } from "../../app/errors.ts";
import { journeyAttribution } from "../../app/outreach/attribution.ts";
import { exportCallList, importCallResults, parseCallResults } from "../../app/outreach/calls.ts";
import { applyReceipts, stepProgress } from "../../app/outreach/delivery.ts";
import {
  createJourney,
  createPlaybookJourney,
  deleteJourney,
  getJourney,
  type JourneyInput,
  launchJourney,
  listJourneys,
  planJourney,
  updateJourney,
} from "../../app/outreach/journeys.ts";
import {
  handleInboundSms,
  readUnsubscribeToken,
  suppress,
  unsubscribeEmail,
} from "../../app/outreach/suppression.ts";
import { instanceSecret } from "../../app/secret.ts";
import { addDays } from "../../domain/calendar/date.ts";
import { checkStep } from "../../domain/outreach/journeys/checks.ts";
import { nurtureTimeline } from "../../domain/outreach/journeys/templates.ts";
import {
  lintSms,
  SMS_PROBLEM_MESSAGES,
  SMS_PROBLEM_SEVERITY,
} from "../../domain/outreach/sms-lint.ts";
import { zonedInterval } from "../../domain/outreach/time.ts";
import { maskEmail, maskName, maskPhone, roleSeesPii } from "../../domain/privacy/mask.ts";
import type { Api, AppContext } from "../context.ts";
import { Anything, DateString, IdParams, jsonRoute, ShopParam, z } from "../openapi.ts";

const StepParams = IdParams.extend({ stepId: z.coerce.number().int().positive() });
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:mm");
const Channel = z.enum(["sms", "email", "phone"]);

const Audience = z.union([
  z.object({ kind: z.literal("segment"), segmentId: z.number().int().positive() }),
  z.object({
    kind: z.literal("playbook"),
    playbook: z.enum(["loyal", "active", "general", "all"]),
  }),
]);

const StepInputSchema = z.object({
  name: z.string().min(1).max(100),
  channel: Channel,
  smsType: z.enum(["marketing", "notification"]).optional(),
  audience: Audience,
  template: z.string().min(1).max(2000),
  subject: z.string().max(200).nullable().optional(),
  offsetDays: z.number().int().min(-60).max(120),
  spanDays: z.number().int().min(0).max(30).optional(),
  windowFrom: Clock,
  windowTo: Clock,
  condition: z.object({ notBoughtSince: z.string().optional() }).nullable().optional(),
  holdoutBp: z.number().int().min(0).max(5000).optional(),
});

const SettingsSchema = z.object({
  link: z.string().max(500).optional(),
  coupon: z.string().max(100).optional(),
  provider: z.enum(["aliyun", "tencent", "default"]).optional(),
  unitPriceFen: z.number().int().min(0).max(1000).optional(),
  quietHours: z.object({ start: Clock, end: Clock }).optional(),
  perDayCap: z.number().int().min(1).max(10).optional(),
  requireConsent: z.boolean().optional(),
});

const JourneyInputSchema = z.object({
  name: z.string().min(1).max(100),
  campaignId: z.number().int().positive().nullable().optional(),
  tDate: DateString.nullable().optional(),
  settings: SettingsSchema.optional(),
  steps: z.array(StepInputSchema).max(50),
});

const PlanBody = z.object({ balanceSegments: z.number().int().min(0).optional() });

function requireEditor(role: Role): void {
  if (role !== "owner" && role !== "operator") {
    throw new AppError(
      "forbidden",
      "只有店主或运营可以管理触达旅程",
      "Only an owner or operator can manage outreach journeys",
    );
  }
}

/** Drops `undefined` fields (the schema's optional fields) for exact optional types. */
function clean<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Token that authenticates a provider's calls to a shop's hooks. */
export function hookToken(shopCode: string): string {
  return createHmac("sha256", instanceSecret())
    .update(`hook:${shopCode}`)
    .digest("base64url")
    .slice(0, 32);
}

/** Masks the customer and phone columns of a call list CSV (for roles without PII access). */
export function maskCallCsv(csv: string): string {
  return csv.replace(
    /^(\uFEFF?\d+,)("(?:[^"]|"")*"|[^,"\r\n]*),([^,\r\n]*)/gm,
    (_m, id: string, name: string, phone: string) => {
      const plain = name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name;
      const masked = maskName(plain) ?? "";
      const cell = /[",]/.test(masked) ? `"${masked.replace(/"/g, '""')}"` : masked;
      return `${id}${cell},${maskPhone(phone) ?? ""}`;
    },
  );
}

/** Registers the outreach routes. */
export function outreachRoutes(app: Api, ctx: AppContext): void {
  const database = ctx.database;
  const base = "/api/shops/{shop}/outreach";

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/journeys`,
      tag: "outreach",
      summary: "Outreach journeys / 触达旅程列表",
      params: ShopParam,
      response: z.object({ journeys: z.array(Anything) }),
    }),
    async (c) => c.json({ journeys: await listJourneys(database, c.get("shop").id) }, 200),
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/journeys`,
      tag: "outreach",
      summary: "Create a journey / 新建触达旅程",
      params: ShopParam,
      body: JourneyInputSchema,
      response: Anything,
      status: 201,
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      const input = clean(c.req.valid("json")) as JourneyInput;
      const j = await createJourney(database, c.get("shop").id, c.get("user").id, input);
      return c.json(j as unknown as Record<string, unknown>, 201);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/journeys/playbook`,
      tag: "outreach",
      summary: "Create the playbook's three warm-up waves / 按剧本生成预热三波",
      params: ShopParam,
      body: z.object({
        signature: z.string().min(2).max(12),
        campaignId: z.number().int().positive().nullable().optional(),
        tDate: DateString.nullable().optional(),
        settings: SettingsSchema.optional(),
      }),
      response: Anything,
      status: 201,
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      const b = clean(c.req.valid("json"));
      const j = await createPlaybookJourney(database, c.get("shop").id, c.get("user").id, {
        signature: b.signature,
        campaignId: b.campaignId ?? null,
        tDate: b.tDate ?? null,
        settings: (b.settings ?? {}) as JourneyInput["settings"] & object,
      });
      return c.json(j as unknown as Record<string, unknown>, 201);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/journeys/{id}`,
      tag: "outreach",
      summary: "A journey with its steps / 旅程详情",
      params: IdParams,
      response: Anything,
    }),
    async (c) => {
      const j = await getJourney(database, c.get("shop").id, c.req.valid("param").id);
      return c.json(j as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: `${base}/journeys/{id}`,
      tag: "outreach",
      summary: "Replace a draft journey / 修改旅程",
      params: IdParams,
      body: JourneyInputSchema,
      response: Anything,
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      const input = clean(c.req.valid("json")) as JourneyInput;
      const j = await updateJourney(
        database,
        c.get("shop").id,
        c.get("user").id,
        c.req.valid("param").id,
        input,
      );
      return c.json(j as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "delete",
      path: `${base}/journeys/{id}`,
      tag: "outreach",
      summary: "Delete a draft journey / 删除旅程",
      params: IdParams,
      response: z.object({ ok: z.boolean() }),
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      await deleteJourney(database, c.get("shop").id, c.get("user").id, c.req.valid("param").id);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/journeys/{id}/plan`,
      tag: "outreach",
      summary: "Dry run: counts, warnings and cost per step / 规划预演",
      params: IdParams,
      body: PlanBody,
      response: Anything,
    }),
    async (c) => {
      const b = c.req.valid("json");
      const plan = await planJourney(database, c.get("shop").id, c.req.valid("param").id, {
        dryRun: true,
        ...(b.balanceSegments !== undefined ? { balanceSegments: b.balanceSegments } : {}),
      });
      return c.json(plan as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/journeys/{id}/launch`,
      tag: "outreach",
      summary: "Launch: write the message rows; the delivery worker sends / 启动旅程",
      params: IdParams,
      body: PlanBody.extend({ force: z.boolean().optional() }),
      response: Anything,
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      const b = c.req.valid("json");
      const plan = await launchJourney(
        database,
        c.get("shop").id,
        c.get("user").id,
        c.req.valid("param").id,
        {
          ...(b.balanceSegments !== undefined ? { balanceSegments: b.balanceSegments } : {}),
          ...(b.force !== undefined ? { force: b.force } : {}),
        },
      );
      return c.json(plan as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/journeys/{id}/progress`,
      tag: "outreach",
      summary: "Messages per state, per step / 发送进度",
      params: IdParams,
      response: z.object({ steps: z.array(Anything) }),
    }),
    async (c) => {
      const shopId = c.get("shop").id;
      const j = await getJourney(database, shopId, c.req.valid("param").id);
      const steps = [];
      for (const s of j.steps) {
        steps.push({
          stepId: s.id,
          name: s.name,
          channel: s.channel,
          ...(await stepProgress(database, shopId, s.id)),
        });
      }
      return c.json({ steps }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/journeys/{id}/attribution`,
      tag: "outreach",
      summary: "Incremental orders and GMV per step against its holdout / 增量归因",
      params: IdParams,
      query: z.object({ windowDays: z.coerce.number().int().min(1).max(60).default(7) }),
      response: z.object({ steps: z.array(Anything) }),
    }),
    async (c) => {
      const steps = await journeyAttribution(
        database,
        c.get("shop").id,
        c.req.valid("param").id,
        c.req.valid("query").windowDays,
      );
      return c.json({ steps: steps as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.get(`/api/shops/:shop/outreach/journeys/:id/steps/:stepId/calls.csv`, async (c) => {
    const p = StepParams.parse({ ...c.req.param() });
    const csv = await exportCallList(database, c.get("shop").id, p.id, p.stepId);
    const body = roleSeesPii(c.get("user").role) ? csv : maskCallCsv(csv);
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="calls-${p.id}-${p.stepId}.csv"`,
    });
  });

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/journeys/{id}/steps/{stepId}/call-results`,
      tag: "outreach",
      summary: "Import call results (message_id,outcome[,notes]) / 导入外呼结果",
      params: StepParams,
      body: z.object({ csv: z.string().max(5_000_000) }),
      response: z.object({ updated: z.number() }),
    }),
    async (c) => {
      const role = c.get("user").role;
      if (role === "analyst") requireEditor(role);
      const updated = await importCallResults(
        database,
        c.get("shop").id,
        parseCallResults(c.req.valid("json").csv),
      );
      return c.json({ updated }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/suppressions`,
      tag: "outreach",
      summary: "Add an address to the suppression list / 加入免打扰名单",
      params: ShopParam,
      body: z.object({ channel: Channel, address: z.string().min(3).max(200) }),
      response: z.object({ ok: z.boolean() }),
    }),
    async (c) => {
      requireEditor(c.get("user").role);
      const b = c.req.valid("json");
      await suppress(
        database,
        c.get("shop").id,
        b.channel,
        b.address,
        "manual",
        c.get("user").username,
      );
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/hooks`,
      tag: "outreach",
      summary: "Webhook URLs to give the SMS provider / 回调地址",
      params: ShopParam,
      response: z.object({ inboundSms: z.string(), receipts: z.string() }),
    }),
    async (c) => {
      if (c.get("user").role !== "owner") {
        throw new AppError(
          "forbidden",
          "只有店主可以查看回调地址",
          "Only the owner sees hook URLs",
        );
      }
      const code = c.get("shop").code;
      const t = hookToken(code);
      return c.json(
        {
          inboundSms: `/hooks/shops/${code}/sms/inbound?token=${t}`,
          receipts: `/hooks/shops/${code}/sms/receipts?token=${t}`,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: `${base}/sms/check`,
      tag: "outreach",
      summary:
        "Checks a step's text and timing as planning would (lint per rule, window, quiet hours) / 文案与时段检查",
      params: ShopParam,
      body: z.object({
        channel: Channel.default("sms"),
        smsType: z.enum(["marketing", "notification"]).default("marketing"),
        template: z.string().max(2000),
        audience: Audience.optional(),
        tDate: DateString.nullable().optional(),
        offsetDays: z.number().int().min(-60).max(120).default(0),
        windowFrom: Clock.optional(),
        windowTo: Clock.optional(),
        provider: z.enum(["aliyun", "tencent", "default"]).default("default"),
        quietHours: z.object({ start: Clock, end: Clock }).optional(),
        withPhoneCalls: z.boolean().optional(),
      }),
      response: Anything,
    }),
    async (c) => {
      const b = c.req.valid("json");
      const timeZone = c.get("shop").time_zone;
      let start: number | null = null;
      let end: number | null = null;
      if (b.tDate && b.windowFrom && b.windowTo) {
        const day = addDays(b.tDate, b.offsetDays);
        const i = zonedInterval({ date: day, from: b.windowFrom, to: b.windowTo }, timeZone);
        start = i.start;
        end = i.end;
      }
      const check = checkStep({
        channel: b.channel,
        smsType: b.smsType,
        audience: b.audience ?? { kind: "playbook", playbook: "all" },
        template: b.template,
        start: start ?? 0,
        end: end ?? 0,
        timeZone,
        provider: b.provider,
        withPhoneCalls: b.withPhoneCalls ?? false,
        ...(b.quietHours ? { quietHours: b.quietHours } : {}),
        counts: { audience: 1, noConsent: 0, suppressed: 0, capped: 0, recipients: 1 },
        unitPriceFen: 0,
      });
      const timed = new Set(["sms_window_blocked", "sms_window_partly_blocked", "quiet_hours"]);
      const warnings = check.warnings.filter(
        (w) => w.code !== "sms_lint" && (start !== null || !timed.has(w.code)),
      );
      const lint = b.channel === "sms" ? lintSms({ text: check.sample, type: b.smsType }) : null;
      return c.json(
        {
          ok: check.ok,
          channel: b.channel,
          sample: check.sample,
          chars: lint?.chars ?? check.sample.length,
          segments: lint?.segments ?? 0,
          lintOk: lint?.ok ?? true,
          problems: (lint?.problems ?? []).map((code) => ({
            code,
            severity: SMS_PROBLEM_SEVERITY[code],
            message: SMS_PROBLEM_MESSAGES[code],
          })),
          warnings,
          start: start === null ? null : new Date(start).toISOString(),
          end: end === null ? null : new Date(end).toISOString(),
          timeZone,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/nurture`,
      tag: "outreach",
      summary: "The post-promotion nurture timeline from a peak day / 大促后养护时间线",
      params: ShopParam,
      query: z.object({ peak: DateString }),
      response: z.object({ touches: z.array(Anything) }),
    }),
    async (c) => {
      const touches = nurtureTimeline(
        c.req.valid("query").peak as Parameters<typeof nurtureTimeline>[0],
      );
      return c.json({ touches: touches as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/consents`,
      tag: "outreach",
      summary: "Consent and suppression counts per channel / 各渠道授权与退订",
      params: ShopParam,
      response: z.object({ channels: z.array(Anything) }),
    }),
    async (c) => {
      const channels = await consentSummary(database.pool, c.get("shop").id);
      return c.json({ channels: channels as unknown as Record<string, unknown>[] }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/suppressions`,
      tag: "outreach",
      summary: "The suppression list, paged (addresses masked for analysts) / 免打扰名单",
      params: ShopParam,
      query: z.object({
        channel: Channel.optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
      response: z.object({ total: z.number(), items: z.array(Anything), piiMasked: z.boolean() }),
    }),
    async (c) => {
      const q = c.req.valid("query");
      const r = await listSuppressions(database.pool, c.get("shop").id, {
        channel: q.channel,
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const pii = roleSeesPii(c.get("user").role);
      const items = r.items.map((x) => ({
        ...x,
        address: pii
          ? x.address
          : x.channel === "email"
            ? (maskEmail(x.address) ?? "")
            : (maskPhone(x.address) ?? ""),
      }));
      return c.json({ total: r.total, items, piiMasked: !pii }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/journeys/{id}/steps/{stepId}/calls`,
      tag: "outreach",
      summary: "A phone step's call list, paged (name and phone masked for analysts) / 外呼名单",
      params: StepParams,
      query: z.object({
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(20),
      }),
      response: z.object({ total: z.number(), items: z.array(Anything), piiMasked: z.boolean() }),
    }),
    async (c) => {
      const shopId = c.get("shop").id;
      const p = c.req.valid("param");
      const q = c.req.valid("query");
      const journey = await getJourney(database, shopId, p.id);
      const step = journey.steps.find((s) => s.id === p.stepId);
      if (!step || step.channel !== "phone") {
        throw new AppError("invalid_input", "不是电话步骤", "Not a phone step", "stepId");
      }
      const r = await listStepCalls(database.pool, shopId, p.stepId, {
        limit: q.pageSize,
        offset: (q.page - 1) * q.pageSize,
      });
      const pii = roleSeesPii(c.get("user").role);
      const items = r.items.map((x) =>
        pii ? x : { ...x, customer: maskName(x.customer), phone: maskPhone(x.phone) },
      );
      return c.json({ total: r.total, items, piiMasked: !pii }, 200);
    },
  );

  // Public hooks (outside /api: no session; a provider authenticates with the shop's token).
  const hookShop = async (code: string, token: string | undefined) => {
    if (!token || token !== hookToken(code)) {
      throw new AppError("forbidden", "回调令牌无效", "Invalid hook token");
    }
    const shop = await findShopByCode(database.db, code);
    if (!shop) throw notFound("店铺", "Shop", "shop");
    return shop;
  };

  app.post("/hooks/shops/:shop/sms/inbound", async (c) => {
    const shop = await hookShop(c.req.param("shop"), c.req.query("token"));
    const type = c.req.header("content-type") ?? "";
    const body = type.includes("json")
      ? ((await c.req.json()) as Record<string, unknown>)
      : Object.fromEntries(Object.entries(await c.req.parseBody()));
    const phone = String(body.phone ?? body.phone_number ?? body.PhoneNumber ?? "");
    const text = String(body.text ?? body.content ?? body.Content ?? "");
    if (!/^1\d{10}$/.test(normalizeCnMobile(phone))) {
      throw new AppError("invalid_input", "手机号无效", "Invalid phone", "phone");
    }
    const r = await handleInboundSms(database, shop.id, { phone, text });
    return c.json(r);
  });

  app.post("/hooks/shops/:shop/sms/receipts", async (c) => {
    await hookShop(c.req.param("shop"), c.req.query("token"));
    const body = (await c.req.json()) as {
      receipts?: { id: string; status: string; at?: string; errorCode?: string }[];
    };
    const receipts = (body.receipts ?? [])
      .filter((r) => r.status === "delivered" || r.status === "failed")
      .map((r) => ({
        providerId: r.id,
        status: r.status as "delivered" | "failed",
        ...(r.at ? { at: r.at } : {}),
        ...(r.errorCode ? { errorCode: r.errorCode } : {}),
      }));
    return c.json({ updated: await applyReceipts(database, receipts) });
  });

  const unsubscribe = async (token: string) => {
    const t = readUnsubscribeToken(token);
    if (!t) throw new AppError("invalid_input", "退订链接无效", "Invalid unsubscribe link");
    await unsubscribeEmail(database, t.shopId, t.email, "link");
  };
  // One-click (RFC 8058): mail clients POST; a person clicking the link GETs.
  app.post("/u/:token", async (c) => {
    await unsubscribe(c.req.param("token"));
    return c.text("unsubscribed");
  });
  app.get("/u/:token", async (c) => {
    await unsubscribe(c.req.param("token"));
    return c.html(
      "<!doctype html><meta charset=utf-8><title>退订成功</title><p>您已退订，不会再收到此店铺的营销邮件。<br>You are unsubscribed from this shop's marketing e-mail.</p>",
    );
  });
}
