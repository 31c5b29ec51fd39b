/** Login, logout and the current user. */

import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { listShops } from "../../adapters/db/repositories/shops.ts";
import { login, logout, sessionTtlMs } from "../../app/auth/service.ts";
import type { Api, AppContext } from "../context.ts";
import { jsonRoute, z } from "../openapi.ts";

export const sessionCookie = "dacu_session";

const UserSchema = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(["owner", "operator", "cs", "analyst"]),
    locale: z.enum(["zh-CN", "en"]),
  })
  .openapi("User");

const ShopSchema = z
  .object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    platform: z.enum(["tmall", "taobao", "jd", "douyin", "own"]),
    timeZone: z.string(),
    feeRateBp: z.number(),
    isDemo: z.boolean(),
  })
  .openapi("Shop");

export const toUserDto = (u: {
  id: number;
  username: string;
  display_name: string;
  role: "owner" | "operator" | "cs" | "analyst";
  locale: "zh-CN" | "en";
}) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  locale: u.locale,
});

export const toShopDto = (s: {
  id: number;
  code: string;
  name: string;
  platform: "tmall" | "taobao" | "jd" | "douyin" | "own";
  time_zone: string;
  fee_rate_bp: number;
  is_demo: boolean;
}) => ({
  id: s.id,
  code: s.code,
  name: s.name,
  platform: s.platform,
  timeZone: s.time_zone,
  feeRateBp: s.fee_rate_bp,
  isDemo: s.is_demo,
});

export { ShopSchema, UserSchema };

/** Secure cookies over HTTPS and on loopback (browsers accept them there); see README. */
function secureRequest(c: Context): boolean {
  const url = new URL(c.req.url);
  if (url.protocol === "https:" || c.req.header("x-forwarded-proto") === "https") return true;
  return ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
}

export function authRoutes(app: Api, ctx: AppContext): void {
  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/auth/login",
      tag: "auth",
      summary: "Log in / 登录",
      body: z.object({
        username: z.string().min(1).max(100),
        password: z.string().min(1).max(200),
      }),
      response: z.object({ user: UserSchema }),
    }),
    async (c) => {
      const { username, password } = c.req.valid("json");
      const s = await login(ctx.database.db, username, password, ctx.now());
      setCookie(c, sessionCookie, s.token, {
        httpOnly: true,
        sameSite: "Lax",
        secure: secureRequest(c),
        path: "/",
        maxAge: Math.floor(sessionTtlMs / 1000),
      });
      return c.json({ user: toUserDto(s.user) }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "post",
      path: "/api/auth/logout",
      tag: "auth",
      summary: "Log out / 退出",
      response: z.object({ ok: z.boolean() }),
    }),
    async (c) => {
      const token = getCookie(c, sessionCookie);
      if (token) await logout(ctx.database.db, token);
      deleteCookie(c, sessionCookie, { path: "/" });
      return c.json({ ok: true }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: "/api/me",
      tag: "auth",
      summary: "Current user and the shops / 当前用户与店铺",
      response: z.object({ user: UserSchema, shops: z.array(ShopSchema) }),
    }),
    async (c) => {
      const shops = await listShops(ctx.database.db);
      return c.json({ user: toUserDto(c.get("user")), shops: shops.map(toShopDto) }, 200);
    },
  );
}
