/**
 * `dacu start`: open (and migrate) the database, create the owner account and the demo shop
 * on first start, then serve the API and the UI and run the outreach delivery worker (pg-boss
 * send jobs, recovery, logistics notifications) from one process.
 */
import { serve } from "@hono/node-server";
import { openDatabase } from "../adapters/db/database.ts";
import { startQueue } from "../adapters/queue/boss.ts";
import { createHttpApp } from "../http/app.ts";
import { ensureOwner } from "./auth/service.ts";
import { loadConfig } from "./config.ts";
import { ensureDemoShop } from "./demo-on-start.ts";
import { AppError } from "./errors.ts";
import { type OutreachBackground, startOutreachBackground } from "./outreach/background.ts";
import { loadInstanceSecret } from "./secret.ts";
import { enqueueSegmentRefresh, startSegmentJobs } from "./segments/schedule.ts";

export async function runStart(): Promise<void> {
  const t0 = performance.now();
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const owner = await ensureOwner(database.db, {
    DACU_ADMIN_USER: config.adminUser,
    DACU_ADMIN_PASSWORD: config.adminPassword,
  });
  await loadInstanceSecret(database.db);
  if (config.demo) await ensureDemoShop(database, config);

  // Background jobs on one queue: nightly segment refresh per shop, one after each import,
  // and (below) the outreach worker.
  const boss = await startQueue(database);
  const segmentJobs = await startSegmentJobs(database, boss);

  const app = createHttpApp({
    database,
    now: () => new Date(),
    webDir: config.webDir,
    requestSegmentRefresh: (shopId, trigger) => enqueueSegmentRefresh(boss, shopId, trigger),
  });
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port });
  await new Promise<void>((resolveListen, reject) => {
    server.once("listening", resolveListen);
    server.once("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EADDRINUSE") {
        reject(
          new AppError(
            "conflict",
            `端口 ${config.port} 已被占用，请用 PORT=… 换一个`,
            `Port ${config.port} is in use; choose another with PORT=…`,
            "PORT",
          ),
        );
      } else reject(err);
    });
  }).catch(async (err) => {
    // the owner was created with a password shown once: show it now, or it would be lost
    if (owner.password && !config.adminPassword)
      console.log(
        `店主账号已创建 / owner account created — 用户 Login: ${owner.username}  密码 Password: ${owner.password}（仅显示这一次 / shown only once）`,
      );
    await segmentJobs.stop();
    await boss.stop({ graceful: false, wait: true });
    await database.close();
    throw err;
  });

  let background: OutreachBackground | null = null;
  if (config.worker) {
    background = await startOutreachBackground(database, {
      boss,
      sms: config.sms,
      ratePerSecond: config.smsRatePerSecond,
    });
  }

  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  const url = `http://${shownHost.includes(":") ? `[${shownHost}]` : shownHost}:${config.port}`;
  const lines = [
    "",
    "Dacu 大促 已启动 / is running",
    `  地址 URL:        ${url}`,
    `  用户 Login:      ${owner.username}`,
    owner.password && !config.adminPassword
      ? `  密码 Password:   ${owner.password}   （仅显示这一次，请妥善保存 / shown only once — keep it）`
      : owner.created
        ? "  密码 Password:   DACU_ADMIN_PASSWORD"
        : "  密码 Password:   首次启动时设置 / set at first start (reset: npx dacu users reset-password)",
    `  数据 Data:       ${database.location} (${database.kind === "pglite" ? "PGlite 嵌入式 embedded" : "PostgreSQL"})`,
    background
      ? `  短信 SMS:        ${background.builtinSmsUrl ? `内置模拟通道 built-in fake provider ${background.builtinSmsUrl}` : config.sms.provider}`
      : "  触达发送 Outreach worker: 已关闭 off (DACU_WORKER=0)",
    `  启动用时 Ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    "",
  ];
  console.log(lines.join("\n"));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    server.close();
    await background?.stop().catch(() => undefined);
    await segmentJobs.stop();
    await boss.stop({ wait: true });
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
