/**
 * The outreach work `dacu start` runs beside the web server: the pg-boss queue on Dacu's own
 * database, the delivery worker (send jobs, recovery of abandoned rows, logistics
 * notifications of new order events, e-mail through each shop's SMTP settings) and, for the
 * local fake SMS provider, a receipt puller. Without a configured provider the built-in fake
 * is started in-process, so a demo's launched journeys really go out.
 */
import type { Database } from "../../adapters/db/database.ts";
import { type Queue, startQueue } from "../../adapters/queue/boss.ts";
import { FakeSmsProvider } from "../../adapters/sms/fake/client.ts";
import { type FakeSmsServer, startFakeSmsServer } from "../../adapters/sms/fake/server.ts";
import { createSmsProvider, type SmsProvider } from "../../adapters/sms/index.ts";
import type { SmsConfig } from "../config.ts";
import {
  applyReceipts,
  type DeliveryOptions,
  fakeKeyLookup,
  type OutreachWorker,
  type SmsKeyLookup,
  startOutreachWorker,
} from "./delivery.ts";

/** Settings of {@link startOutreachBackground}. */
export interface BackgroundOptions {
  readonly sms: SmsConfig;
  readonly ratePerSecond?: number;
  /** Maintenance period (recovery, logistics, dispatch), seconds. Default 15. */
  readonly maintenanceSeconds?: number;
  /** Receipt pull period for the fake provider, ms. Default 5,000. */
  readonly receiptPullMs?: number;
  /** Extra delivery options (tests: the clock, the mailer). */
  readonly delivery?: Partial<DeliveryOptions>;
  /** The process's job queue when it already runs one (left running on stop). */
  readonly boss?: Queue;
}

/** The running background work. */
export interface OutreachBackground {
  readonly boss: Queue;
  readonly worker: OutreachWorker;
  readonly provider: SmsProvider;
  /** URL of the built-in fake SMS provider, when it runs. */
  readonly builtinSmsUrl: string | null;
  /** Pulls and applies the fake provider's receipts now (also runs periodically). */
  pullReceipts(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the queue and the outreach worker on `database`.
 *
 * @example
 * const bg = await startOutreachBackground(database, { sms: { provider: "builtin" } });
 * // … later
 * await bg.stop();
 */
export async function startOutreachBackground(
  database: Database,
  options: BackgroundOptions,
): Promise<OutreachBackground> {
  let builtin: FakeSmsServer | null = null;
  let provider: SmsProvider;
  let lookup: SmsKeyLookup | undefined;
  let fake: FakeSmsProvider | null = null;
  const sms = options.sms;
  if (sms.provider === "builtin" || sms.provider === "fake") {
    let baseUrl: string;
    if (sms.provider === "builtin") {
      builtin = await startFakeSmsServer({ seed: 1 });
      baseUrl = builtin.url;
    } else baseUrl = sms.baseUrl;
    fake = new FakeSmsProvider({
      baseUrl,
      ...(sms.provider === "fake" && sms.apiKey ? { apiKey: sms.apiKey } : {}),
    });
    provider = fake;
    lookup = fakeKeyLookup(baseUrl);
  } else provider = createSmsProvider(sms);

  const boss = options.boss ?? (await startQueue(database));
  const worker = await startOutreachWorker(database, boss, {
    provider,
    ...(lookup ? { lookup } : {}),
    ratePerSecond: options.ratePerSecond ?? 1000,
    maintenanceSeconds: options.maintenanceSeconds ?? 15,
    ...options.delivery,
  });

  let after = 0;
  let pulling = Promise.resolve(0);
  const pullReceipts = () => {
    pulling = pulling.then(async () => {
      if (!fake) return 0;
      let applied = 0;
      for (;;) {
        const r = await fake.pullReceipts(after);
        if (r.receipts.length === 0) return applied;
        applied += await applyReceipts(
          database,
          r.receipts.map((x) => ({ providerId: x.id, status: x.status, at: x.at })),
        );
        after = r.next;
      }
    });
    return pulling;
  };
  const timer = fake
    ? setInterval(() => {
        pullReceipts().catch((err: unknown) => {
          console.error("[dacu] SMS receipts:", err instanceof Error ? err.message : err);
        });
      }, options.receiptPullMs ?? 5000)
    : null;
  timer?.unref();

  return {
    boss,
    worker,
    provider,
    builtinSmsUrl: builtin?.url ?? null,
    pullReceipts,
    async stop() {
      if (timer) clearInterval(timer);
      await pulling.catch(() => 0);
      await worker.stop();
      if (!options.boss) await boss.stop({ graceful: false, wait: true });
      await builtin?.close();
    },
  };
}
