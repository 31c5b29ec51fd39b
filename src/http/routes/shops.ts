/** Shops and their read views: overview, products, customers, orders. */
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import { listCategories, listSkus } from "../../adapters/db/repositories/catalog.ts";
import { listCustomers } from "../../adapters/db/repositories/customers.ts";
import { getOrderDetail, listOrders } from "../../adapters/db/repositories/orders.ts";
import { gmvByDay, periodKpis, topSkus } from "../../adapters/db/repositories/overview.ts";
import { findShopByCode, insertShop, listShops } from "../../adapters/db/repositories/shops.ts";
import { AppError, notFound } from "../../app/errors.ts";
import {
  maskAddress,
  maskEmail,
  maskName,
  maskPhone,
  roleSeesPii,
} from "../../domain/privacy/mask.ts";
import { addDays, isValidTimeZone, localDay, zonedTimeToUtc } from "../../domain/time/zone.ts";
import type { Api, AppContext } from "../context.ts";
import { DateString, IdParams, iso, jsonRoute, Paging, ShopParam, z } from "../openapi.ts";
import { ShopSchema, toShopDto } from "./auth.ts";

const OrderStatus = z.enum([
  "created",
  "paid",
  "shipped",
  "signed",
  "completed",
  "refunding",
  "refunded",
  "closed",
]);

export function shopRoutes(app: Api, ctx: AppContext): void {
  const db = ctx.database.db;

  // Every /api/shops/{shop}/… route sees the shop resolved from its code.
  app.use("/api/shops/:shop/*", async (c, next) => {
    const shop = await findShopByCode(db, c.req.param("shop"));
    if (!shop) throw notFound("店铺", "Shop", "shop");
    c.set("shop", shop);
    await next();
  });

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops",
      tag: "shops",
      summary: "List shops / 店铺列表",
      response: z.object({ shops: z.array(ShopSchema) }),
    }),
    async (c) => c.json({ shops: (await listShops(db)).map(toShopDto) }, 200),
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/shops",
      tag: "shops",
      summary: "Create a shop (owner) / 新建店铺",
      status: 201,
      body: z.object({
        code: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "lowercase letters, digits, - and _ (max 40)"),
        name: z.string().min(1).max(100),
        platform: z.enum(["tmall", "taobao", "jd", "douyin", "own"]),
        timeZone: z.string().default("Asia/Shanghai"),
        feeRateBp: z.number().int().min(0).max(10000).default(0),
      }),
      response: z.object({ shop: ShopSchema }),
    }),
    async (c) => {
      const user = c.get("user");
      if (user.role !== "owner") {
        throw new AppError("forbidden", "只有店主可以新建店铺", "Only an owner can create shops");
      }
      const body = c.req.valid("json");
      if (!isValidTimeZone(body.timeZone)) {
        throw new AppError("invalid_input", "未知时区", "Unknown time zone", "timeZone");
      }
      if (await findShopByCode(db, body.code)) {
        throw new AppError("conflict", "店铺代码已存在", "Shop code already exists", "code");
      }
      const shop = await db.transaction().execute(async (tx) => {
        const s = await insertShop(tx, {
          code: body.code,
          name: body.name,
          platform: body.platform,
          time_zone: body.timeZone,
          fee_rate_bp: body.feeRateBp,
        });
        await recordAudit(tx, {
          shopId: s.id,
          userId: user.id,
          action: "create",
          entity: "shop",
          entityId: s.id,
          after: toShopDto(s),
        });
        return s;
      });
      return c.json({ shop: toShopDto(shop) }, 201);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/overview",
      tag: "overview",
      summary: "GMV and orders by day, KPIs, top SKUs / 经营概览",
      params: ShopParam,
      query: z.object({ from: DateString.optional(), to: DateString.optional() }),
      response: z.object({
        from: z.string(),
        to: z.string(),
        timeZone: z.string(),
        kpis: z.object({
          gmvFen: z.number(),
          orders: z.number(),
          buyers: z.number(),
          refundFen: z.number(),
          refundedOrders: z.number(),
          aovFen: z.number(),
        }),
        daily: z.array(z.object({ day: z.string(), gmvFen: z.number(), orders: z.number() })),
        topSkus: z.array(
          z.object({
            skuId: z.number().nullable(),
            skuCode: z.string().nullable(),
            title: z.string(),
            units: z.number(),
            gmvFen: z.number(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const tz = shop.time_zone;
      const to = q.to ?? localDay(ctx.now(), tz);
      const from = q.from ?? addDays(to, -364);
      if (from > to)
        throw new AppError("invalid_input", "开始日期晚于结束日期", "from is after to", "from");
      const period = {
        shopId: shop.id,
        timeZone: tz,
        from: zonedTimeToUtc(from, tz),
        to: zonedTimeToUtc(addDays(to, 1), tz),
      };
      const [daily, kpis, top] = [
        await gmvByDay(db, period),
        await periodKpis(db, period),
        await topSkus(db, period, 10),
      ];
      // Every day of the period, zero-filled, so the chart's axis has no gaps.
      const byDay = new Map(daily.map((d) => [d.day, d]));
      const days: { day: string; gmvFen: number; orders: number }[] = [];
      for (let d = from; d <= to; d = addDays(d, 1)) {
        const r = byDay.get(d);
        days.push({ day: d, gmvFen: Number(r?.gmv_fen ?? 0), orders: r?.orders ?? 0 });
      }
      return c.json(
        {
          from,
          to,
          timeZone: tz,
          kpis: { ...kpis, aovFen: kpis.orders ? Math.round(kpis.gmvFen / kpis.orders) : 0 },
          daily: days,
          topSkus: top.map((t) => ({
            skuId: t.sku_id,
            skuCode: t.sku_code,
            title: t.title,
            units: Number(t.units),
            gmvFen: Number(t.gmv_fen),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/skus",
      tag: "products",
      summary: "Products and SKUs / 商品",
      params: ShopParam,
      query: z.object({
        q: z.string().max(100).optional(),
        category: z.string().max(100).optional(),
        hero: z.enum(["true", "false"]).optional(),
        ...Paging,
      }),
      response: z.object({
        total: z.number(),
        categories: z.array(z.string()),
        items: z.array(
          z.object({
            id: z.number(),
            code: z.string(),
            title: z.string(),
            spec: z.string(),
            category: z.string(),
            priceFen: z.number(),
            costFen: z.number(),
            floorPriceFen: z.number().nullable(),
            stock: z.number(),
            isHero: z.boolean(),
            unitsSold: z.number(),
            gmvFen: z.number(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const { total, rows } = await listSkus(db, {
        shopId: shop.id,
        q: q.q,
        category: q.category,
        heroOnly: q.hero === "true",
        page: q.page,
        pageSize: q.pageSize,
      });
      return c.json(
        {
          total,
          categories: await listCategories(db, shop.id),
          items: rows.map((r) => ({
            id: r.id,
            code: r.code,
            title: r.title,
            spec: r.spec,
            category: r.category,
            priceFen: r.price_fen,
            costFen: r.cost_fen,
            floorPriceFen: r.floor_price_fen,
            stock: r.stock,
            isHero: r.is_hero,
            unitsSold: Number(r.units_sold),
            gmvFen: Number(r.gmv_fen),
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/customers",
      tag: "customers",
      summary: "Customers (phone, name and email masked for roles without PII access) / 客户",
      params: ShopParam,
      query: z.object({ q: z.string().max(100).optional(), ...Paging }),
      response: z.object({
        total: z.number(),
        piiMasked: z.boolean(),
        items: z.array(
          z.object({
            id: z.number(),
            externalId: z.string(),
            name: z.string().nullable(),
            phone: z.string().nullable(),
            email: z.string().nullable(),
            province: z.string().nullable(),
            city: z.string().nullable(),
            tags: z.array(z.string()),
            isMember: z.boolean(),
            firstPaidAt: z.string().nullable(),
            lastPaidAt: z.string().nullable(),
            paidOrders: z.number(),
            paidFen: z.number(),
            refundFen: z.number(),
          }),
        ),
      }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const pii = roleSeesPii(c.get("user").role);
      // Searching by a phone number would reveal it to a role that may not see it.
      const search = !pii && q.q && /\d{4,}/.test(q.q) ? undefined : q.q;
      const { total, rows } = await listCustomers(db, {
        shopId: shop.id,
        q: search,
        page: q.page,
        pageSize: q.pageSize,
      });
      return c.json(
        {
          total,
          piiMasked: !pii,
          items: rows.map((r) => ({
            id: r.id,
            externalId: r.external_id,
            name: pii ? r.name : maskName(r.name),
            phone: pii ? r.phone : maskPhone(r.phone),
            email: pii ? r.email : maskEmail(r.email),
            province: r.province,
            city: r.city,
            tags: r.tags,
            isMember: r.is_member,
            firstPaidAt: iso(r.first_paid_at),
            lastPaidAt: iso(r.last_paid_at),
            paidOrders: r.paid_orders,
            paidFen: r.paid_fen,
            refundFen: r.refund_fen,
          })),
        },
        200,
      );
    },
  );

  const OrderRow = z.object({
    id: z.number(),
    orderNo: z.string(),
    status: OrderStatus,
    buyer: z.string().nullable(),
    listFen: z.number(),
    discountFen: z.number(),
    paidFen: z.number(),
    refundFen: z.number(),
    createdAt: z.string(),
    paidAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    carrier: z.string().nullable(),
    trackingNo: z.string().nullable(),
    receiverName: z.string().nullable(),
    receiverPhone: z.string().nullable(),
    province: z.string().nullable(),
    city: z.string().nullable(),
  });

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/orders",
      tag: "orders",
      summary: "Orders, filtered and paged on the server / 订单",
      params: ShopParam,
      query: z.object({
        status: OrderStatus.optional(),
        q: z.string().max(100).optional(),
        from: DateString.optional(),
        to: DateString.optional(),
        ...Paging,
      }),
      response: z.object({ total: z.number(), piiMasked: z.boolean(), items: z.array(OrderRow) }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const q = c.req.valid("query");
      const pii = roleSeesPii(c.get("user").role);
      const tz = shop.time_zone;
      const { total, rows } = await listOrders(db, {
        shopId: shop.id,
        status: q.status,
        q: q.q,
        from: q.from ? zonedTimeToUtc(q.from, tz) : undefined,
        to: q.to ? zonedTimeToUtc(addDays(q.to, 1), tz) : undefined,
        page: q.page,
        pageSize: q.pageSize,
      });
      return c.json(
        {
          total,
          piiMasked: !pii,
          items: rows.map((r) => ({
            id: r.id,
            orderNo: r.order_no,
            status: r.status,
            buyer: r.buyer,
            listFen: r.list_fen,
            discountFen: r.discount_fen,
            paidFen: r.paid_fen,
            refundFen: r.refund_fen,
            createdAt: iso(r.created_at)!,
            paidAt: iso(r.paid_at),
            shippedAt: iso(r.shipped_at),
            carrier: r.carrier,
            trackingNo: r.tracking_no,
            receiverName: pii ? r.receiver_name : maskName(r.receiver_name),
            receiverPhone: pii ? r.receiver_phone : maskPhone(r.receiver_phone),
            province: r.province,
            city: r.city,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/shops/{shop}/orders/{id}",
      tag: "orders",
      summary: "One order with lines, logistics, after-sales and reviews / 订单详情",
      params: IdParams,
      response: z.object({ order: z.record(z.string(), z.unknown()) }),
    }),
    async (c) => {
      const shop = c.get("shop");
      const { id } = c.req.valid("param");
      const detail = await getOrderDetail(db, shop.id, id);
      if (!detail) throw notFound("订单", "Order", "id");
      const pii = roleSeesPii(c.get("user").role);
      const o = detail.order;
      return c.json(
        {
          order: {
            ...o,
            receiver_name: pii ? o.receiver_name : maskName(o.receiver_name),
            receiver_phone: pii ? o.receiver_phone : maskPhone(o.receiver_phone),
            address: pii ? o.address : maskAddress(o.address),
            lines: detail.lines,
            events: detail.events,
            afterSales: detail.afterSales,
            reviews: detail.reviews,
          },
        },
        200,
      );
    },
  );
}
