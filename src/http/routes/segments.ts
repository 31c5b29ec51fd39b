/**
 * Customer segments: RFM summary and heat map, playbook segment sizes, post-promotion layers,
 * the segment builder's live count, saved segments (CRUD, refresh, members, history, CSV/XLSX
 * export) and a customer's timeline. Personal data is masked for roles without PII access;
 * changes are for owners and operators and are audited.
 */
import { PassThrough, Readable } from "node:stream";
import type { Kysely } from "kysely";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { findCustomerSummary } from "../../adapters/db/repositories/customers.ts";
import {
  type CompileContext,
  countSegment,
  tagSegment,
} from "../../adapters/db/repositories/segment-query.ts";
import {
  getSegmentSettings,
  lastScoreRun,
  playbookTotals,
  rfmGroupTotals,
  rfmHeatMap,
  saveSegmentSettings,
  scoreShopAtomically,
  scoresLost,
} from "../../adapters/db/repositories/segment-scores.ts";
import {
  customerTimeline,
  deleteSegment,
  findSegmentByName,
  getSegment,
  insertSegment,
  layerCounts,
  listMembers,
  listSegments,
  type MemberRow,
  memberChunk,
  newVsReturning,
  refreshSegmentMembers,
  type SegmentRow,
  segmentHistory,
  updateSegment,
} from "../../adapters/db/repositories/segments.ts";
import type { DB, Role, Shop } from "../../adapters/db/schema.ts";
import { AppError, notFound } from "../../app/errors.ts";
import { refreshShopSegments } from "../../app/segments/refresh.ts";
import { maskEmail, maskName, maskPhone, roleSeesPii } from "../../domain/privacy/mask.ts";
import {
  layerCodes,
  SegmentDefinitionSchema,
  type SegmentNode,
} from "../../domain/segments/definition.ts";
import { playbookSegments } from "../../domain/segments/playbook.ts";
import { rfmGroups } from "../../domain/segments/rfm.ts";
import { type SegmentSettings, SegmentSettingsSchema } from "../../domain/segments/settings.ts";
import type { Api, AppContext } from "../context.ts";
import { DateString, IdParams, iso, jsonRoute, Paging, ShopParam, z } from "../openapi.ts";

const layerLabels: Record<(typeof layerCodes)[number], { zh: string; en: string }> = {
  positive_review: { zh: "好评客户", en: "Positive reviewers" },
  negative_review: { zh: "中差评客户", en: "Neutral/negative reviewers" },
  stock_out: { zh: "缺货客户", en: "Hit by a stock-out" },
  late_shipment: { zh: "发货慢客户", en: "Hit by a late shipment" },
  big_order: { zh: "大订单客户", en: "Big-order buyers" },
};

const CustomerDto = z.object({
  id: z.number(),
  externalId: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  tags: z.array(z.string()),
  isMember: z.boolean(),
  paidOrders: z.number(),
  paidFen: z.number(),
  lastPaidAt: z.string().nullable(),
  rfmGroup: z.string().nullable().optional(),
  playbook: z.string().nullable().optional(),
});

const SegmentDto = z
  .object({
    id: z.number(),
    name: z.string(),
    description: z.string(),
    definition: z.unknown(),
    createdAt: z.string(),
    updatedAt: z.string(),
    refreshedAt: z.string().nullable(),
    size: z.number().nullable(),
  })
  .openapi("Segment");

const RefreshDto = z.object({
  customers: z.number(),
  buyers: z.number(),
  scoresChanged: z.number(),
  scoreMs: z.number(),
  totalMs: z.number(),
  segments: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      size: z.number(),
      added: z.number(),
      removed: z.number(),
      durationMs: z.number(),
      error: z.string().optional(),
    }),
  ),
});

const share = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10000) / 10000 : 0;

function toSegmentDto(s: SegmentRow) {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    definition: s.definition,
    createdAt: iso(s.created_at)!,
    updatedAt: iso(s.updated_at)!,
    refreshedAt: iso(s.refreshed_at),
    size: s.size,
  };
}

function toCustomerDto(
  r: Omit<MemberRow, "first_paid_at" | "rfm_group" | "playbook"> &
    Partial<Pick<MemberRow, "rfm_group" | "playbook">>,
  pii: boolean,
) {
  return {
    id: r.id,
    externalId: r.external_id,
    name: pii ? r.name : maskName(r.name),
    phone: pii ? r.phone : maskPhone(r.phone),
    email: pii ? r.email : maskEmail(r.email),
    province: r.province,
    city: r.city,
    tags: r.tags,
    isMember: r.is_member,
    paidOrders: r.paid_orders,
    paidFen: Number(r.paid_fen),
    lastPaidAt: iso(r.last_paid_at),
    ...(r.rfm_group !== undefined ? { rfmGroup: r.rfm_group } : {}),
    ...(r.playbook !== undefined ? { playbook: r.playbook } : {}),
  };
}

function requireEditor(role: Role): void {
  if (role !== "owner" && role !== "operator") {
    throw new AppError(
      "forbidden",
      "只有店主或运营可以修改客户分群",
      "Only an owner or operator can change segments",
    );
  }
}

function requireRefresher(role: Role): void {
  if (role === "cs") {
    throw new AppError("forbidden", "客服不能刷新分群", "Customer service cannot refresh segments");
  }
}

/** Validates a definition, naming the offending field in both languages. */
function parseDefinition(raw: unknown, field = "definition"): SegmentNode {
  const r = SegmentDefinitionSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = [field, ...(issue?.path ?? []).map(String)].join(".");
  const msg = issue?.message ?? "invalid";
  throw new AppError(
    "invalid_input",
    `字段 ${path} 无效：${msg}`,
    `Invalid field ${path}: ${msg}`,
    path,
    r.error.issues.map((i) => ({
      field: [field, ...i.path.map(String)].join("."),
      message: i.message,
    })),
  );
}

function parsePeriod(from: string, to: string): { from: string; to: string } {
  if (from > to)
    throw new AppError("invalid_input", "开始日期晚于结束日期", "from is after to", "from");
  return { from, to };
}

async function compileContext(
  db: Kysely<DB>,
  shop: Shop,
  now: Date,
): Promise<CompileContext & { settings: SegmentSettings }> {
  return {
    shopId: shop.id,
    timeZone: shop.time_zone,
    now,
    settings: await getSegmentSettings(db, shop.id),
  };
}

/** A CSV cell: quoted, and a leading formula character neutralised. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : Array.isArray(v) ? v.join("|") : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const exportColumns = [
  ["id", "客户ID customer id"],
  ["externalId", "平台账号 external id"],
  ["name", "姓名 name"],
  ["phone", "手机 phone"],
  ["email", "邮箱 email"],
  ["province", "省份 province"],
  ["city", "城市 city"],
  ["tags", "标签 tags"],
  ["isMember", "会员 member"],
  ["paidOrders", "付款订单数 paid orders"],
  ["paidFen", "付款金额(分) paid fen"],
  ["lastPaidAt", "最近付款 last paid at"],
  ["rfmGroup", "RFM分组 RFM group"],
  ["playbook", "客户类型 playbook segment"],
] as const;

/** Registers the segment routes on the API. */
export function segmentRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.database.db;

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/rfm",
      tag: "segments",
      summary: "RFM groups and R × F heat map / RFM 分组与热力图",
      params: ShopParam,
      response: z.object({
        scoredAt: z.string().nullable(),
        customers: z.number(),
        buyers: z.number(),
        averages: z.object({
          recencyDays: z.number().nullable(),
          frequency: z.number().nullable(),
          monetaryFen: z.number().nullable(),
        }),
        settings: z.record(z.string(), z.unknown()),
        groups: z.array(
          z.object({
            code: z.string(),
            zh: z.string(),
            en: z.string(),
            customers: z.number(),
            gmvFen: z.number(),
            customerShare: z.number(),
            gmvShare: z.number(),
          }),
        ),
        heatmap: z.array(
          z.object({ r: z.number(), f: z.number(), customers: z.number(), gmvFen: z.number() }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const settings = await getSegmentSettings(db, shop.id);
      let run = await lastScoreRun(db, shop.id);
      // never scored, or the scores were lost in a database crash: score now
      if (!run || (await scoresLost(db, shop.id))) {
        await scoreShopAtomically(db, shop, settings, ctx.now());
        run = await lastScoreRun(db, shop.id);
      }
      const totals = new Map((await rfmGroupTotals(db, shop.id)).map((g) => [g.rfm_group, g]));
      const allCustomers = [...totals.values()].reduce((a, g) => a + g.customers, 0);
      const allGmv = [...totals.values()].reduce((a, g) => a + Number(g.gmv_fen), 0);
      return c.json(
        {
          scoredAt: iso(run?.scored_at ?? null),
          customers: run?.customers ?? 0,
          buyers: run?.buyers ?? 0,
          averages: {
            recencyDays: run?.avg_recency_days ?? null,
            frequency: run?.avg_frequency ?? null,
            monetaryFen: run?.avg_monetary_fen == null ? null : Math.round(run.avg_monetary_fen),
          },
          settings: settings.rfm,
          groups: rfmGroups.map((g) => {
            const t = totals.get(g.code);
            const customers = t?.customers ?? 0;
            const gmvFen = Number(t?.gmv_fen ?? 0);
            return {
              code: g.code,
              zh: g.zh,
              en: g.en,
              customers,
              gmvFen,
              customerShare: share(customers, allCustomers),
              gmvShare: share(gmvFen, allGmv),
            };
          }),
          heatmap: (await rfmHeatMap(db, shop.id)).map((h) => ({
            r: h.r,
            f: h.f,
            customers: h.customers,
            gmvFen: Number(h.gmv_fen),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/playbook-segments",
      tag: "segments",
      summary:
        "Active / loyal / general sizes with GMV share; new vs returning in a period / 活跃、忠诚、一般客户",
      params: ShopParam,
      query: z.object({ from: DateString.optional(), to: DateString.optional() }),
      response: z.object({
        activeDays: z.number(),
        loyalMinOrders: z.number(),
        segments: z.array(
          z.object({
            code: z.string(),
            zh: z.string(),
            en: z.string(),
            customers: z.number(),
            gmvFen: z.number(),
            gmvShare: z.number(),
          }),
        ),
        period: z
          .object({
            from: z.string(),
            to: z.string(),
            newCustomers: z.number(),
            returningCustomers: z.number(),
          })
          .nullable(),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const cc = await compileContext(db, shop, ctx.now());
      const rows = new Map(
        (await playbookTotals(db, shop, cc.settings, cc.now)).map((r) => [r.segment, r]),
      );
      const gmv = [...rows.values()].reduce((a, r) => a + Number(r.gmv_fen), 0);
      let period = null;
      if (q.from || q.to) {
        if (!q.from || !q.to)
          throw new AppError(
            "invalid_input",
            "需要同时提供 from 和 to",
            "Give both from and to",
            q.from ? "to" : "from",
          );
        const p = parsePeriod(q.from, q.to);
        period = { ...p, ...(await newVsReturning(db, cc, p)) };
      }
      return c.json(
        {
          activeDays: cc.settings.activeDays,
          loyalMinOrders: cc.settings.loyalMinOrders,
          segments: playbookSegments.map((s) => {
            const r = rows.get(s.code);
            const gmvFen = Number(r?.gmv_fen ?? 0);
            return { ...s, customers: r?.customers ?? 0, gmvFen, gmvShare: share(gmvFen, gmv) };
          }),
          period,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/layers",
      tag: "segments",
      summary: "Post-promotion layers of a period (orders paid in it) / 大促后客户分层",
      params: ShopParam,
      query: z.object({ from: DateString, to: DateString }),
      response: z.object({
        from: z.string(),
        to: z.string(),
        layers: z.array(
          z.object({
            code: z.string(),
            zh: z.string(),
            en: z.string(),
            customers: z.number(),
            newCustomers: z.number(),
            definition: z.unknown(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const p = parsePeriod(q.from, q.to);
      const cc = await compileContext(db, shop, ctx.now());
      const counts = await layerCounts(db, cc, p, layerCodes);
      return c.json(
        {
          ...p,
          layers: counts.map((l) => ({
            code: l.layer,
            ...layerLabels[l.layer],
            customers: l.customers,
            newCustomers: l.newCustomers,
            // ready to save as a segment (e.g. combined with customerType new)
            definition: { kind: "layer", layer: l.layer, period: p },
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/segment-settings",
      tag: "segments",
      summary: "Segment parameters (defaults filled in) / 分群参数",
      params: ShopParam,
      response: z.object({ settings: z.record(z.string(), z.unknown()) }),
    }),
    async (c) => c.json({ settings: await getSegmentSettings(db, c.get("shop").id) }, 200),
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: "/api/shops/{shop}/segment-settings",
      tag: "segments",
      summary: "Change segment parameters (owner/operator; partial) / 修改分群参数",
      params: ShopParam,
      body: z.record(z.string(), z.unknown()),
      response: z.object({ settings: z.record(z.string(), z.unknown()) }),
    }),
    async (c) => {
      const user = c.get("user");
      requireEditor(user.role);
      const shop = c.get("shop");
      const before = await getSegmentSettings(db, shop.id);
      const body = c.req.valid("json") as Record<string, unknown>;
      const asObj = (v: unknown) => (v && typeof v === "object" ? v : {});
      const merged = {
        ...before,
        ...body,
        rfm: { ...before.rfm, ...asObj(body.rfm) },
        layers: { ...before.layers, ...asObj(body.layers) },
      };
      const r = SegmentSettingsSchema.safeParse(merged);
      if (!r.success) {
        const issue = r.error.issues[0];
        const field = (issue?.path ?? []).map(String).join(".") || "settings";
        throw new AppError(
          "invalid_input",
          `字段 ${field} 无效：${issue?.message ?? ""}`,
          `Invalid field ${field}: ${issue?.message ?? ""}`,
          field,
        );
      }
      await db.transaction().execute(async (tx) => {
        await saveSegmentSettings(tx, shop.id, r.data);
        await recordAudit(tx, {
          shopId: shop.id,
          userId: user.id,
          action: "update",
          entity: "segment_settings",
          entityId: shop.id,
          before,
          after: r.data,
        });
      });
      return c.json({ settings: r.data }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/segments/count",
      tag: "segments",
      summary: "Live count and sample of a definition / 实时人数",
      params: ShopParam,
      body: z.object({
        definition: z.unknown(),
        sampleSize: z.number().int().min(0).max(100).default(20),
      }),
      response: z.object({
        count: z.number(),
        sample: z.array(CustomerDto),
        piiMasked: z.boolean(),
      }),
    }),
    async (c) => {
      const body = c.req.valid("json");
      const node = parseDefinition(body.definition);
      const pii = roleSeesPii(c.get("user").role);
      const cc = await compileContext(db, c.get("shop"), ctx.now());
      const r = await countSegment(db, cc, node, body.sampleSize);
      return c.json(
        { count: r.count, sample: r.sample.map((s) => toCustomerDto(s, pii)), piiMasked: !pii },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/segments/tag",
      tag: "segments",
      summary:
        "Tag every customer a definition matches, e.g. big-order buyers (owner/operator) / 批量打标签",
      params: ShopParam,
      body: z.object({ definition: z.unknown(), tag: z.string().trim().min(1).max(50) }),
      response: z.object({ tagged: z.number() }),
    }),
    async (c) => {
      const user = c.get("user");
      requireEditor(user.role);
      const shop = c.get("shop");
      const body = c.req.valid("json");
      const node = parseDefinition(body.definition);
      const cc = await compileContext(db, shop, ctx.now());
      const tagged = await db.transaction().execute(async (tx) => {
        const n = await tagSegment(tx, cc, node, body.tag);
        await recordAudit(tx, {
          shopId: shop.id,
          userId: user.id,
          action: "tag",
          entity: "customers",
          after: { tag: body.tag, definition: node, tagged: n },
        });
        return n;
      });
      return c.json({ tagged }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/segments/refresh",
      tag: "segments",
      summary: "Refresh RFM, playbook segments and every saved segment / 刷新全部分群",
      params: ShopParam,
      response: RefreshDto,
    }),
    async (c) => {
      requireRefresher(c.get("user").role);
      const r = await refreshShopSegments(db, c.get("shop").id, { now: ctx.now(), trigger: "api" });
      return c.json(r, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/segments",
      tag: "segments",
      summary: "Saved segments / 已保存的分群",
      params: ShopParam,
      response: z.object({ segments: z.array(SegmentDto) }),
    }),
    async (c) =>
      c.json({ segments: (await listSegments(db, c.get("shop").id)).map(toSegmentDto) }, 200),
  );

  /** Refuses a name another saved segment of the shop has (`self`: the one being changed). */
  async function requireFreeName(shopId: number, name: string, self?: number): Promise<void> {
    const clash = await findSegmentByName(db, shopId, name);
    if (clash && clash.id !== self) {
      throw new AppError("conflict", "分群名称已存在", "A segment with this name exists", "name");
    }
  }

  const SegmentBody = z.object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(1000).default(""),
    definition: z.unknown(),
  });

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/segments",
      tag: "segments",
      summary: "Save a segment and compute its members (owner/operator) / 保存分群",
      status: 201,
      params: ShopParam,
      body: SegmentBody,
      response: z.object({ segment: SegmentDto }),
    }),
    async (c) => {
      const user = c.get("user");
      requireEditor(user.role);
      const shop = c.get("shop");
      const body = c.req.valid("json");
      const definition = parseDefinition(body.definition);
      await requireFreeName(shop.id, body.name);
      const seg = await db.transaction().execute(async (tx) => {
        const s = await insertSegment(tx, {
          shopId: shop.id,
          name: body.name,
          description: body.description,
          definition,
          createdBy: user.id,
        });
        await recordAudit(tx, {
          shopId: shop.id,
          userId: user.id,
          action: "create",
          entity: "segment",
          entityId: s.id,
          after: toSegmentDto(s),
        });
        return s;
      });
      const cc = await compileContext(db, shop, ctx.now());
      await db
        .transaction()
        .execute((tx) => refreshSegmentMembers(tx, cc, { id: seg.id, definition }, "create"));
      return c.json({ segment: toSegmentDto((await getSegment(db, shop.id, seg.id))!) }, 201);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/segments/{id}",
      tag: "segments",
      summary: "One saved segment / 分群详情",
      params: IdParams,
      response: z.object({ segment: SegmentDto }),
    }),
    async (c) => {
      const seg = await getSegment(db, c.get("shop").id, c.req.valid("param").id);
      if (!seg) throw notFound("分群", "Segment", "id");
      return c.json({ segment: toSegmentDto(seg) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: "/api/shops/{shop}/segments/{id}",
      tag: "segments",
      summary: "Change a saved segment (owner/operator) / 修改分群",
      params: IdParams,
      body: SegmentBody,
      response: z.object({ segment: SegmentDto }),
    }),
    async (c) => {
      const user = c.get("user");
      requireEditor(user.role);
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const definition = parseDefinition(body.definition);
      const before = await getSegment(db, shop.id, id);
      if (!before) throw notFound("分群", "Segment", "id");
      await requireFreeName(shop.id, body.name, id);
      const after = await db.transaction().execute(async (tx) => {
        const s = await updateSegment(tx, shop.id, id, {
          name: body.name,
          description: body.description,
          definition,
        });
        await recordAudit(tx, {
          shopId: shop.id,
          userId: user.id,
          action: "update",
          entity: "segment",
          entityId: id,
          before: toSegmentDto(before),
          after: s ? toSegmentDto(s) : null,
        });
        return s!;
      });
      return c.json({ segment: toSegmentDto(after) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "delete",
      path: "/api/shops/{shop}/segments/{id}",
      tag: "segments",
      summary: "Delete a saved segment (owner/operator) / 删除分群",
      params: IdParams,
      response: z.object({ deleted: z.boolean() }),
    }),
    async (c) => {
      const user = c.get("user");
      requireEditor(user.role);
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const before = await getSegment(db, shop.id, id);
      if (!before) throw notFound("分群", "Segment", "id");
      await db.transaction().execute(async (tx) => {
        await deleteSegment(tx, shop.id, id);
        await recordAudit(tx, {
          shopId: shop.id,
          userId: user.id,
          action: "delete",
          entity: "segment",
          entityId: id,
          before: toSegmentDto(before),
        });
      });
      return c.json({ deleted: true }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/segments/{id}/refresh",
      tag: "segments",
      summary: "Refresh scores and this segment's members / 刷新分群",
      params: IdParams,
      response: RefreshDto,
    }),
    async (c) => {
      requireRefresher(c.get("user").role);
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      if (!(await getSegment(db, shop.id, id))) throw notFound("分群", "Segment", "id");
      const r = await refreshShopSegments(db, shop.id, {
        now: ctx.now(),
        trigger: "api",
        onlySegmentId: id,
      });
      return c.json(r, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/segments/{id}/members",
      tag: "segments",
      summary: "Members of a saved segment, paged (PII masked for analysts) / 分群成员",
      params: IdParams,
      query: z.object({ ...Paging }),
      response: z.object({
        total: z.number(),
        piiMasked: z.boolean(),
        items: z.array(CustomerDto),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const q = c.req.valid("query");
      if (!(await getSegment(db, shop.id, id))) throw notFound("分群", "Segment", "id");
      const pii = roleSeesPii(c.get("user").role);
      const { total, rows } = await listMembers(db, shop.id, id, q.page, q.pageSize);
      return c.json({ total, piiMasked: !pii, items: rows.map((r) => toCustomerDto(r, pii)) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/segments/{id}/history",
      tag: "segments",
      summary: "Size of a saved segment at each refresh / 分群人数变化",
      params: IdParams,
      response: z.object({
        history: z.array(
          z.object({
            refreshedAt: z.string(),
            size: z.number(),
            added: z.number(),
            removed: z.number(),
            durationMs: z.number(),
            trigger: z.string(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      if (!(await getSegment(db, shop.id, id))) throw notFound("分群", "Segment", "id");
      const h = await segmentHistory(db, shop.id, id);
      return c.json(
        {
          history: h.map((x) => ({
            refreshedAt: iso(x.refreshed_at)!,
            size: x.size,
            added: x.added,
            removed: x.removed,
            durationMs: x.duration_ms,
            trigger: x.trigger,
          })),
        },
        200,
      );
    },
  );

  const ExportQuery = z.object({ format: z.enum(["csv", "xlsx"]).default("csv") });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/api/shops/{shop}/segments/{id}/export",
    tags: ["segments"],
    summary:
      "Export members as CSV (UTF-8 with BOM) or XLSX; PII masked for analysts / 导出分群成员",
    request: { params: IdParams, query: ExportQuery },
    responses: {
      200: {
        description: "The file",
        content: {
          "text/csv": { schema: z.string() },
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            schema: z.string(),
          },
        },
      },
    },
  });
  app.get("/api/shops/:shop/segments/:id/export", async (c) => {
    const shop = c.get("shop");
    const user = c.get("user");
    const id = Number(c.req.param("id"));
    if (!Number.isInteger(id) || id <= 0)
      throw new AppError("invalid_input", "字段 id 无效", "Invalid field id", "id");
    const q = ExportQuery.safeParse({ format: c.req.query("format") });
    if (!q.success)
      throw new AppError(
        "invalid_input",
        "字段 format 无效：应为 csv 或 xlsx",
        "Invalid field format: csv or xlsx",
        "format",
      );
    const seg = await getSegment(db, shop.id, id);
    if (!seg) throw notFound("分群", "Segment", "id");
    const pii = roleSeesPii(user.role);
    await recordAudit(db, {
      shopId: shop.id,
      userId: user.id,
      action: "export",
      entity: "segment",
      entityId: id,
      after: { format: q.data.format, size: seg.size, piiMasked: !pii },
    });
    const fileBase = `segment-${shop.code}-${id}`;
    const rows = async function* () {
      let after = 0;
      for (;;) {
        const chunk = await memberChunk(db, shop.id, id, after, 5000);
        if (chunk.length === 0) return;
        for (const r of chunk) yield toCustomerDto(r, pii) as Record<string, unknown>;
        after = chunk[chunk.length - 1]!.id;
      }
    };
    if (q.data.format === "csv") {
      const enc = new TextEncoder();
      const it = rows();
      let started = false;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue(
              enc.encode(`\uFEFF${exportColumns.map((x) => csvCell(x[1])).join(",")}\r\n`),
            );
          }
          let out = "";
          for (let i = 0; i < 1000; i++) {
            const n = await it.next();
            if (n.done) {
              if (out) controller.enqueue(enc.encode(out));
              controller.close();
              return;
            }
            out += `${exportColumns.map(([k]) => csvCell(n.value[k])).join(",")}\r\n`;
          }
          controller.enqueue(enc.encode(out));
        },
      });
      return c.body(stream, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${fileBase}.csv"`,
      });
    }
    const ExcelJS = (await import("exceljs")).default;
    const pass = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useSharedStrings: false });
    const ws = wb.addWorksheet("members");
    void (async () => {
      try {
        ws.addRow(exportColumns.map((x) => x[1])).commit();
        for await (const r of rows()) {
          ws.addRow(
            exportColumns.map(([k]) => {
              const v = r[k];
              return Array.isArray(v) ? v.join("|") : (v ?? null);
            }),
          ).commit();
        }
        ws.commit();
        await wb.commit();
      } catch (err) {
        pass.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    })();
    return c.body(Readable.toWeb(pass) as ReadableStream<Uint8Array>, 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${fileBase}.xlsx"`,
    });
  });

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/customers/{id}/timeline",
      tag: "customers",
      summary: "A customer's orders, reviews and after-sales by time / 客户时间线",
      params: IdParams,
      response: z.object({
        customer: CustomerDto,
        piiMasked: z.boolean(),
        events: z.array(
          z.object({
            at: z.string(),
            type: z.enum(["order", "review", "after_sale"]),
            id: z.number(),
            orderId: z.number(),
            orderNo: z.string(),
            status: z.string().nullable(),
            amountFen: z.number().nullable(),
            rating: z.number().nullable(),
            text: z.string().nullable(),
            kind: z.string().nullable(),
            receiverName: z.string().nullable(),
            receiverPhone: z.string().nullable(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const pii = roleSeesPii(c.get("user").role);
      const customer = await findCustomerSummary(db, shop.id, id);
      if (!customer) throw notFound("客户", "Customer", "id");
      const events = await customerTimeline(db, shop.id, id);
      return c.json(
        {
          customer: toCustomerDto(customer, pii),
          piiMasked: !pii,
          events: events.map((e) => ({
            at: iso(e.at)!,
            type: e.type,
            id: e.id,
            orderId: e.order_id,
            orderNo: e.order_no,
            status: e.status,
            amountFen: e.amount_fen === null ? null : Number(e.amount_fen),
            rating: e.rating,
            text: e.text,
            kind: e.kind,
            receiverName: pii ? e.receiver_name : maskName(e.receiver_name),
            receiverPhone: pii ? e.receiver_phone : maskPhone(e.receiver_phone),
          })),
        },
        200,
      );
    },
  );
}
