/** Promotions, coupons, the publishing guard, quote, checkout, refunds and replay. */

import {
  couponCounts,
  findPromotion,
  listCoupons,
  listPromotions,
} from "../../adapters/db/repositories/promotions.ts";
import { AppError, notFound } from "../../app/errors.ts";
import {
  CartInput,
  checkout,
  QuoteRequest,
  quoteCart,
  RefundRequest,
  refundOrder,
} from "../../app/promotions/checkout.ts";
import {
  PublishInput,
  publishPromotion,
  WorstCaseQuery,
  worstCaseReport,
} from "../../app/promotions/guard.ts";
import { ReplayInput, replay, replayCsv, replayXlsx } from "../../app/promotions/replay.ts";
import {
  campaignAdvice,
  claimCoupon,
  couponValidity,
  createPromotion,
  IssueInput,
  issueCoupons,
  mechanicsAdvice,
  PromotionInput,
  PromotionPatchInput,
  patchPromotion,
  promotionView,
  removePromotion,
  renewClaimCode,
  setPublished,
} from "../../app/promotions/service.ts";
import type { Api, AppContext } from "../context.ts";
import { Anything, IdParams, jsonRoute, Paging, ShopParam, z } from "../openapi.ts";

const AdviceList = z.array(Anything);

/** Registers the promotion routes under `/api/shops/{shop}/…`. */
export function promotionRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.database.db;

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/promotions",
      tag: "promotions",
      summary: "Promotions and coupon templates with derived status / 促销列表",
      params: ShopParam,
      query: z.object({ campaignId: z.coerce.number().int().positive().optional() }),
      response: z.object({ promotions: z.array(Anything), advice: AdviceList }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { campaignId } = c.req.valid("query");
      const rows = await listPromotions(db, shop.id, { campaignId });
      const now = ctx.now();
      return c.json(
        {
          promotions: rows.map((r) => promotionView(r, now)),
          advice: campaignId !== undefined ? mechanicsAdvice(rows.map((r) => r.kind)) : [],
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/promotions",
      tag: "promotions",
      summary: "Create a promotion or coupon template (draft) / 新建促销或优惠券",
      params: ShopParam,
      body: PromotionInput,
      response: z.object({ promotion: Anything, advice: AdviceList }),
      status: 201,
    }),
    async (c) => {
      const shop = c.get("shop");
      const row = await createPromotion(db, shop, c.get("user"), c.req.valid("json"));
      return c.json(
        {
          promotion: promotionView(row, ctx.now()),
          advice: await campaignAdvice(db, shop.id, row.campaign_id),
        },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/promotions/{id}",
      tag: "promotions",
      summary: "A promotion / 促销详情",
      params: IdParams,
      response: z.object({ promotion: Anything, advice: AdviceList }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const row = await findPromotion(db, shop.id, c.req.valid("param").id);
      if (!row) throw notFound("促销", "Promotion", "id");
      return c.json(
        {
          promotion: promotionView(row, ctx.now()),
          advice: await campaignAdvice(db, shop.id, row.campaign_id),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "patch",
      path: "/api/shops/{shop}/promotions/{id}",
      tag: "promotions",
      summary: "Change an unpublished promotion / 修改促销",
      params: IdParams,
      body: PromotionPatchInput,
      response: z.object({ promotion: Anything, advice: AdviceList }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const row = await patchPromotion(
        db,
        shop,
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        {
          promotion: promotionView(row, ctx.now()),
          advice: await campaignAdvice(db, shop.id, row.campaign_id),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "delete",
      path: "/api/shops/{shop}/promotions/{id}",
      tag: "promotions",
      summary: "Delete an unpublished, unused promotion / 删除促销",
      params: IdParams,
      response: z.object({ ok: z.boolean() }),
    }),
    async (c) => {
      await removePromotion(db, c.get("shop"), c.get("user"), c.req.valid("param").id);
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/promotions/{id}/publish",
      tag: "promotions",
      summary:
        "Publish after the worst-case floor guard; an owner may override with a reason / 发布（底价校验）",
      params: IdParams,
      body: PublishInput,
      response: z.object({ promotion: Anything, worstCase: Anything, advice: AdviceList }),
    }),
    async (c) => {
      const r = await publishPromotion(
        db,
        c.get("shop"),
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
      );
      return c.json(
        {
          promotion: promotionView(r.promotion, ctx.now()),
          worstCase: r.worstCase as unknown as Record<string, unknown>,
          advice: r.advice,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/promotions/{id}/unpublish",
      tag: "promotions",
      summary: "Withdraw a published promotion (back to draft) / 撤回",
      params: IdParams,
      response: z.object({ promotion: Anything }),
    }),
    async (c) => {
      const row = await setPublished(
        db,
        c.get("shop"),
        c.get("user"),
        c.req.valid("param").id,
        false,
        { action: "promotion.unpublish" },
      );
      return c.json({ promotion: promotionView(row, ctx.now()) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/promotions/{id}/issue",
      tag: "promotions",
      summary: "Issue coupons to listed customers or a segment / 发券",
      params: IdParams,
      body: IssueInput,
      response: z.object({ issued: z.number(), skipped: z.number() }),
    }),
    async (c) => {
      const r = await issueCoupons(
        db,
        c.get("shop"),
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
        ctx.now(),
      );
      return c.json({ issued: r.issued, skipped: r.skipped }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/promotions/{id}/claim-code",
      tag: "promotions",
      summary: "A new claim code for a coupon template (the old one stops working) / 更换领券码",
      params: IdParams,
      response: z.object({ promotion: Anything }),
    }),
    async (c) => {
      const row = await renewClaimCode(db, c.get("shop"), c.get("user"), c.req.valid("param").id);
      return c.json({ promotion: promotionView(row, ctx.now()) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/promotions/{id}/coupons",
      tag: "promotions",
      summary: "Coupons issued from a template, with counts by source and status / 已发优惠券",
      params: IdParams,
      query: z.object({ ...Paging }),
      response: z.object({
        coupons: z.array(Anything),
        total: z.number(),
        counts: z.object({
          issued: z.number(),
          claimed: z.number(),
          redeemed: z.number(),
          voided: z.number(),
        }),
      }),
    }),
    async (c) => {
      const { page, pageSize } = c.req.valid("query");
      const shopId = c.get("shop").id;
      const id = c.req.valid("param").id;
      const t = await findPromotion(db, shopId, id);
      if (!t || !t.is_coupon) throw notFound("优惠券", "Coupon template", "id");
      const r = await listCoupons(db, shopId, { promotionId: id }, pageSize, (page - 1) * pageSize);
      const counts = await couponCounts(db, shopId, id);
      return c.json(
        {
          coupons: r.rows.map((x) => ({
            id: x.id,
            code: x.code,
            customerId: x.customer_id,
            status: x.status,
            source: x.source,
            ...couponValidity(x),
            orderId: x.order_id,
          })),
          total: r.total,
          counts,
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/coupons/claim",
      tag: "promotions",
      summary: "Claim a coupon for a customer with a claim code / 领券",
      params: ShopParam,
      body: z.strictObject({ code: z.string().min(1), customerId: z.number().int().positive() }),
      response: z.object({ coupon: Anything }),
      status: 201,
    }),
    async (c) => {
      const { code, customerId } = c.req.valid("json");
      const x = await claimCoupon(db, c.get("shop"), c.get("user"), code, customerId, ctx.now());
      return c.json(
        {
          coupon: {
            id: x.id,
            code: x.code,
            promotionId: x.promotion_id,
            customerId: x.customer_id,
            ...couponValidity(x),
          },
        },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/worst-case",
      tag: "promotions",
      summary:
        "Every SKU's lowest possible net vs its floor, with the cart reaching it / 最差到手价校验",
      params: ShopParam,
      query: WorstCaseQuery,
      response: Anything,
    }),
    async (c) => {
      const r = await worstCaseReport(db, c.get("shop"), c.req.valid("query"), ctx.now());
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/quote",
      tag: "promotions",
      summary: "Price a cart with the live promotions and coupons held (explained) / 算价",
      params: ShopParam,
      body: QuoteRequest,
      response: Anything,
    }),
    async (c) => {
      const r = await quoteCart(db, c.get("shop"), c.req.valid("json"), ctx.now());
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/orders",
      tag: "promotions",
      summary:
        "Checkout: take stock, limits, coupons and budgets atomically and store the order / 下单",
      params: ShopParam,
      body: CartInput,
      response: z.object({ orderId: z.number(), orderNo: z.string(), quote: Anything }),
      status: 201,
    }),
    async (c) => {
      const user = c.get("user");
      if (user.role === "analyst")
        throw new AppError("forbidden", "当前角色不能下单", "Your role cannot place orders");
      const r = await checkout(db, c.get("shop"), user, c.req.valid("json"), ctx.now());
      return c.json(
        {
          orderId: r.orderId,
          orderNo: r.orderNo,
          quote: r.quote as unknown as Record<string, unknown>,
        },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/orders/{id}/refunds",
      tag: "promotions",
      summary: "Refund units from the order's frozen split (keep / clawback) / 退款",
      params: IdParams,
      body: RefundRequest,
      response: z.object({ refundId: z.number(), refund: Anything }),
      status: 201,
    }),
    async (c) => {
      const r = await refundOrder(
        db,
        c.get("shop"),
        c.get("user"),
        c.req.valid("param").id,
        c.req.valid("json"),
        ctx.now(),
      );
      return c.json(
        { refundId: r.refundId, refund: r.refund as unknown as Record<string, unknown> },
        201,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops/{shop}/replay",
      tag: "promotions",
      summary: "Replay promotions on a past period's orders / 历史订单回放",
      params: ShopParam,
      body: ReplayInput,
      response: Anything,
    }),
    async (c) => {
      const r = await replay(db, c.get("shop"), c.req.valid("json"));
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    {
      method: "post",
      path: "/api/shops/{shop}/replay/export",
      tags: ["promotions"],
      summary: "Replay as CSV (UTF-8 with BOM) or XLSX / 回放导出",
      request: {
        params: ShopParam,
        query: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }),
        body: { content: { "application/json": { schema: ReplayInput } }, required: true },
      },
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
    },
    async (c) => {
      const shop = c.get("shop");
      const r = await replay(db, shop, c.req.valid("json"));
      const base = `replay-${shop.code}-${r.from}-${r.to}`;
      if (c.req.valid("query").format === "csv")
        return c.body(replayCsv(r), 200, {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${base}.csv"`,
        });
      const buf = await replayXlsx(r);
      return c.body(buf as unknown as ArrayBuffer, 200, {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${base}.xlsx"`,
      });
    },
  );
}
