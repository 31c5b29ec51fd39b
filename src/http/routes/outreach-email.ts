/**
 * E-mail settings of a shop's outreach (SMTP server, sender, language, public URL of the
 * unsubscribe links; the password is write-only) and the logistics notifications switch.
 */
import type { Role } from "../../adapters/db/schema.ts";
import { AppError } from "../../app/errors.ts";
import {
  type EmailSettingsInput,
  getEmailSettings,
  saveEmailSettings,
} from "../../app/outreach/email-settings.ts";
import {
  disableLogisticsNotifications,
  enableLogisticsNotifications,
  logisticsStatus,
} from "../../app/outreach/logistics.ts";
import type { Api, AppContext } from "../context.ts";
import { jsonRoute, ShopParam, z } from "../openapi.ts";

const SettingsView = z.object({
  configured: z.boolean(),
  host: z.string().optional(),
  port: z.number().int().optional(),
  secure: z.boolean().optional(),
  user: z.string().nullable().optional(),
  passwordSet: z.boolean().optional(),
  from: z.string().optional(),
  fromName: z.string().nullable().optional(),
  language: z.enum(["zh", "en"]).optional(),
  publicUrl: z.string().optional(),
  allowSelfSigned: z.boolean().optional(),
});

const SettingsBody = z.object({
  host: z.string().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().max(255).nullable().optional(),
  password: z.string().max(1000).nullable().optional(),
  from: z.string().min(3).max(255),
  fromName: z.string().max(100).nullable().optional(),
  language: z.enum(["zh", "en"]).optional(),
  publicUrl: z.string().min(1).max(500),
  allowSelfSigned: z.boolean().optional(),
});

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:mm");
const LogisticsView = z.object({
  enabled: z.boolean(),
  journey: z.record(z.string(), z.unknown()).nullable(),
});
const LogisticsBody = z.object({
  enabled: z.boolean(),
  signature: z.string().min(2).max(12).optional(),
  quietHours: z.object({ start: Clock, end: Clock }).optional(),
});

function requireOwner(role: Role): void {
  if (role !== "owner") {
    throw new AppError(
      "forbidden",
      "只有店主可以修改邮件发送设置",
      "Only the owner can change the e-mail sending settings",
    );
  }
}

/** Registers the outreach e-mail routes. */
export function outreachEmailRoutes(app: Api, ctx: AppContext): void {
  const database = ctx.database;
  const base = "/api/shops/{shop}/outreach";

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/email-settings`,
      tag: "outreach",
      summary: "E-mail (SMTP) settings, without the password / 邮件发送设置（不含密码）",
      params: ShopParam,
      response: SettingsView,
    }),
    async (c) => {
      const s = await getEmailSettings(database, c.get("shop").id);
      return c.json(s ? { configured: true, ...s } : { configured: false }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: `${base}/email-settings`,
      tag: "outreach",
      summary:
        "Save the e-mail (SMTP) settings; omit password to keep it, null clears it / 保存邮件发送设置",
      params: ShopParam,
      body: SettingsBody,
      response: SettingsView,
    }),
    async (c) => {
      requireOwner(c.get("user").role);
      const body = JSON.parse(JSON.stringify(c.req.valid("json"))) as EmailSettingsInput;
      const s = await saveEmailSettings(database, c.get("shop").id, c.get("user").id, body);
      return c.json({ configured: true, ...s }, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "get",
      path: `${base}/logistics`,
      tag: "outreach",
      summary: "Logistics notifications: on/off and their journey / 物流通知状态",
      params: ShopParam,
      response: LogisticsView,
    }),
    async (c) => {
      const s = await logisticsStatus(database, c.get("shop").id);
      return c.json(s as unknown as z.infer<typeof LogisticsView>, 200);
    },
  );

  app.openapi(
    jsonRoute({
      method: "put",
      path: `${base}/logistics`,
      tag: "outreach",
      summary:
        "Turn logistics notifications (shipped / arrived / delayed / signed SMS) on or off / 开关物流通知",
      params: ShopParam,
      body: LogisticsBody,
      response: LogisticsView,
    }),
    async (c) => {
      const role = c.get("user").role;
      if (role !== "owner" && role !== "operator") {
        throw new AppError(
          "forbidden",
          "只有店主或运营可以管理物流通知",
          "Only an owner or operator can manage logistics notifications",
        );
      }
      const b = c.req.valid("json");
      const shopId = c.get("shop").id;
      const s = b.enabled
        ? await enableLogisticsNotifications(database, shopId, c.get("user").id, {
            ...(b.signature ? { signature: b.signature } : {}),
            ...(b.quietHours ? { quietHours: b.quietHours } : {}),
          })
        : await disableLogisticsNotifications(database, shopId);
      return c.json(s as unknown as z.infer<typeof LogisticsView>, 200);
    },
  );
}
