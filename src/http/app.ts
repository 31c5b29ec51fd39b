/**
 * The HTTP application: JSON API under `/api` (OpenAPI 3.1 at `/api/openapi.json`) and the
 * built web UI at `/`. Tests call `createHttpApp(ctx).request(...)` without a socket.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { OpenAPIHono } from "@hono/zod-openapi";
import { compress } from "hono/compress";
import { getCookie } from "hono/cookie";
import { authenticate } from "../app/auth/service.ts";
import { AppError } from "../app/errors.ts";
import type { Api, AppContext, Env } from "./context.ts";
import { errorBody, handleError, zodErrorBody } from "./errors.ts";
import { authRoutes, sessionCookie } from "./routes/auth.ts";
import { calendarRoutes } from "./routes/calendar.ts";
import { campaignRoutes } from "./routes/campaigns.ts";
import { importRoutes } from "./routes/imports.ts";
import { outreachRoutes } from "./routes/outreach.ts";
import { outreachEmailRoutes } from "./routes/outreach-email.ts";
import { promotionRoutes } from "./routes/promotions.ts";
import { segmentRoutes } from "./routes/segments.ts";
import { shopRoutes } from "./routes/shops.ts";

const publicApiPaths = new Set(["/api/auth/login", "/api/health", "/api/openapi.json"]);

export function createHttpApp(ctx: AppContext): Api {
  const app: Api = new OpenAPIHono<Env>({
    defaultHook: (result, c) => {
      if (!result.success) return c.json(zodErrorBody(result.error, result.target), 400);
    },
  });
  app.onError(handleError);

  app.get("/api/health", (c) => c.json({ ok: true, database: ctx.database.kind }));

  app.use("/api/*", async (c, next) => {
    if (publicApiPaths.has(c.req.path)) return next();
    const user = await authenticate(ctx.database.db, getCookie(c, sessionCookie), ctx.now());
    if (!user) throw new AppError("unauthenticated", "请先登录", "Please log in first");
    c.set("user", user);
    // Changes need a same-origin request (CSRF): browsers send Origin on POST/PUT/DELETE.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const origin = c.req.header("origin");
      if (origin && new URL(origin).host !== new URL(c.req.url).host) {
        throw new AppError("forbidden", "跨站请求被拒绝", "Cross-site request refused");
      }
    }
    return next();
  });

  authRoutes(app, ctx);
  shopRoutes(app, ctx);
  campaignRoutes(app, ctx);
  calendarRoutes(app, ctx);
  segmentRoutes(app, ctx);
  importRoutes(app, ctx);
  promotionRoutes(app, ctx);
  outreachRoutes(app, ctx);
  outreachEmailRoutes(app, ctx);

  app.doc31("/api/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Dacu API",
      version: "0.1.0",
      description: "Dacu 大促 — promotion command center. Money is integer fen (1 元 = 100 fen).",
    },
  });

  app.all("/api/*", (c) => c.json(errorBody("not_found", "接口不存在", "No such API"), 404));

  if (ctx.webDir && existsSync(join(ctx.webDir, "index.html"))) serveWeb(app, resolve(ctx.webDir));
  else {
    app.get("/", (c) =>
      c.html(
        "<!doctype html><meta charset=utf-8><title>Dacu</title><p>界面尚未构建：运行 <code>npm run build:web</code>。<br>The web UI is not built: run <code>npm run build:web</code>.</p>",
      ),
    );
  }
  return app;
}

const mime: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
};

function serveWeb(app: Api, root: string): void {
  const index = readFileSync(join(root, "index.html"));
  app.use("/assets/*", compress());
  app.get("*", (c) => {
    const path = normalize(decodeURIComponent(c.req.path)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path);
    if (file.startsWith(root) && path !== "/" && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith("/assets/");
      return c.body(readFileSync(file), 200, {
        "content-type": mime[extname(file)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    // Single-page app: every other path is the UI's own route.
    return c.body(index, 200, { "content-type": mime[".html"]!, "cache-control": "no-cache" });
  });
}
