/**
 * A local fake SMS provider over real HTTP, for development, demos and tests: configurable
 * latency, seeded transient/permanent failures, delivery receipts (pushed to a callback URL
 * and pulled from an endpoint), status by message id, a balance, idempotency by client
 * message key, and a log of every accepted message.
 *
 * HTTP API (JSON):
 * - `POST /v1/sms/send` `{ messages: [{ key, phone, text, type }] }` →
 *   `{ results: [{ key, status: "accepted", id, duplicate, segments } |
 *                { key, status: "rejected", error: { code, transient, message } }] }`
 * - `GET /v1/sms/status?ids=a,b` → `{ statuses: [{ id, status, at?, errorCode? }] }`
 * - `GET /v1/sms/receipts?after=N` → `{ receipts: [{ seq, id, key, phone, status, at, errorCode? }], next }`
 * - `GET /v1/balance` → `{ remaining, unit: "segments" }`
 * - `GET /v1/log` → `{ messages: [...] }` (every accepted message, in order)
 */

import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { smsSegments } from "../../../domain/outreach/sms-lint.ts";
import { smsSendWindow } from "../../../domain/outreach/sms-window.ts";
import { seededRandom } from "./random.ts";

/** Behaviour of the fake provider. Every field can be changed while it runs. */
export interface FakeSmsOptions {
  /** Seed of the failure randomness. Default 1. */
  seed: number;
  /** Delay before every response, in ms. Default 0. */
  latencyMs: number;
  /** Share of messages rejected with a transient error (retry later). Default 0. */
  transientFailureRate: number;
  /** Share of messages rejected with a permanent error. Default 0. */
  permanentFailureRate: number;
  /** Share of accepted messages whose receipt reports a delivery failure. Default 0. */
  undeliverableRate: number;
  /** Time from acceptance to the delivery receipt, in ms. Default 0. */
  deliveryDelayMs: number;
  /** Remaining credit in segments. Default 1,000,000. */
  balance: number;
  /** URL receipts are POSTed to as `{ receipts: [...] }`. Default none (pull only). */
  callbackUrl: string | undefined;
  /** When set, requests need `Authorization: Bearer <apiKey>`. */
  apiKey: string | undefined;
  /** Reject marketing SMS outside the default Beijing window (uses `now`). Default false. */
  enforceMarketingWindow: boolean;
  /** Clock, epoch ms. Default `Date.now`. */
  now: () => number;
}

/** An accepted message as logged by the fake. */
export interface FakeSmsRecord {
  readonly id: string;
  readonly key: string;
  readonly phone: string;
  readonly text: string;
  readonly type: string;
  readonly segments: number;
  readonly acceptedAt: string;
  status: "pending" | "delivered" | "failed";
  deliveredAt?: string;
  errorCode?: string;
}

/** A delivery receipt. */
export interface FakeSmsReceipt {
  readonly seq: number;
  readonly id: string;
  readonly key: string;
  readonly phone: string;
  readonly status: "delivered" | "failed";
  readonly at: string;
  readonly errorCode?: string;
}

/** A running fake provider. */
export interface FakeSmsServer {
  /** Base URL, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  /** Every accepted message, in order (duplicates by key are not repeated). */
  log(): readonly FakeSmsRecord[];
  /** Receipts issued so far. */
  receipts(): readonly FakeSmsReceipt[];
  /** Errors met while POSTing receipts to the callback URL. */
  callbackErrors(): readonly string[];
  /** Changes behaviour while running (e.g. raise the failure rate). */
  configure(patch: Partial<FakeSmsOptions>): void;
  /** Issues every pending receipt now, whatever the delivery delay. */
  flushReceipts(): Promise<void>;
  close(): Promise<void>;
}

const PHONE = /^(\+?86)?1\d{10}$/;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Builds the fake provider's HTTP app and its state, without listening.
 *
 * @example
 * const { app } = createFakeSmsApp({ seed: 7 });
 * const res = await app.request("/v1/balance");
 */
export function createFakeSmsApp(initial: Partial<FakeSmsOptions> = {}) {
  const opts: FakeSmsOptions = {
    seed: 1,
    latencyMs: 0,
    transientFailureRate: 0,
    permanentFailureRate: 0,
    undeliverableRate: 0,
    deliveryDelayMs: 0,
    balance: 1_000_000,
    callbackUrl: undefined,
    apiKey: undefined,
    enforceMarketingWindow: false,
    now: Date.now,
    ...initial,
  };
  let random = seededRandom(opts.seed);
  const log: FakeSmsRecord[] = [];
  const byId = new Map<string, FakeSmsRecord>();
  const byKey = new Map<string, FakeSmsRecord>();
  const receipts: FakeSmsReceipt[] = [];
  const callbackErrors: string[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const pending = new Map<string, () => Promise<void>>();
  let nextId = 1;

  const iso = () => new Date(opts.now()).toISOString();

  async function pushReceipt(r: FakeSmsReceipt): Promise<void> {
    if (!opts.callbackUrl) return;
    try {
      const res = await fetch(opts.callbackUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ receipts: [r] }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) callbackErrors.push(`HTTP ${res.status}`);
      await res.body?.cancel();
    } catch (err) {
      callbackErrors.push(err instanceof Error ? err.message : String(err));
    }
  }

  function scheduleDelivery(rec: FakeSmsRecord, fails: boolean): void {
    const deliver = async () => {
      pending.delete(rec.id);
      rec.status = fails ? "failed" : "delivered";
      rec.deliveredAt = iso();
      if (fails) rec.errorCode = "UNDELIVERABLE";
      const receipt: FakeSmsReceipt = {
        seq: receipts.length + 1,
        id: rec.id,
        key: rec.key,
        phone: rec.phone,
        status: rec.status,
        at: rec.deliveredAt,
        ...(fails ? { errorCode: "UNDELIVERABLE" } : {}),
      };
      receipts.push(receipt);
      await pushReceipt(receipt);
    };
    pending.set(rec.id, deliver);
    const t = setTimeout(() => {
      timers.delete(t);
      if (pending.has(rec.id)) void deliver();
    }, opts.deliveryDelayMs);
    timers.add(t);
  }

  const app = new Hono();

  app.use("*", async (c, next) => {
    if (opts.latencyMs > 0) await sleep(opts.latencyMs);
    if (opts.apiKey && c.req.header("authorization") !== `Bearer ${opts.apiKey}`) {
      return c.json({ error: { code: "unauthorized", message: "bad or missing API key" } }, 401);
    }
    await next();
  });

  app.post("/v1/sms/send", async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: { code: "bad_request", message: "body is not JSON" } }, 400);
    }
    const messages = (body as { messages?: unknown })?.messages;
    if (!Array.isArray(messages)) {
      return c.json({ error: { code: "bad_request", message: "messages must be an array" } }, 400);
    }
    const results = messages.map((m: unknown, i: number) => {
      const msg = (m ?? {}) as Record<string, unknown>;
      const key = typeof msg.key === "string" ? msg.key : "";
      const reject = (code: string, transient: boolean, message: string) => ({
        key,
        status: "rejected" as const,
        error: { code, transient, message },
      });
      if (!key) return reject("bad_request", false, `messages[${i}].key is missing`);
      const seen = byKey.get(key);
      if (seen) {
        return { key, status: "accepted" as const, id: seen.id, duplicate: true, segments: 0 };
      }
      const { phone, text, type } = msg;
      if (typeof phone !== "string" || !PHONE.test(phone.replace(/[\s-]/g, ""))) {
        return reject("invalid_phone", false, `messages[${i}].phone is not a mainland mobile`);
      }
      if (typeof text !== "string" || text.length === 0) {
        return reject("bad_request", false, `messages[${i}].text is missing`);
      }
      if (type !== "marketing" && type !== "notification") {
        return reject("bad_request", false, `messages[${i}].type must be marketing|notification`);
      }
      if (
        opts.enforceMarketingWindow &&
        !smsSendWindow({ provider: "default", type, at: opts.now() }).allowed
      ) {
        return reject("marketing_time_constraint", false, "marketing SMS only 08:00–20:00 Beijing");
      }
      const roll = random();
      if (roll < opts.transientFailureRate) {
        return reject("throttled", true, "temporarily unavailable, retry later");
      }
      if (roll < opts.transientFailureRate + opts.permanentFailureRate) {
        return reject("blocked_number", false, "recipient refuses messages");
      }
      const segments = smsSegments(text.length);
      if (segments > opts.balance) {
        return reject("insufficient_balance", false, "not enough SMS credit");
      }
      opts.balance -= segments;
      const rec: FakeSmsRecord = {
        id: `fake-${String(nextId++).padStart(8, "0")}`,
        key,
        phone,
        text,
        type,
        segments,
        acceptedAt: iso(),
        status: "pending",
      };
      log.push(rec);
      byId.set(rec.id, rec);
      byKey.set(key, rec);
      scheduleDelivery(rec, random() < opts.undeliverableRate);
      return { key, status: "accepted" as const, id: rec.id, duplicate: false, segments };
    });
    return c.json({ results });
  });

  app.get("/v1/sms/status", (c) => {
    const ids = (c.req.query("ids") ?? "").split(",").filter((s) => s.length > 0);
    return c.json({
      statuses: ids.map((id) => {
        const r = byId.get(id);
        if (!r) return { id, status: "unknown" };
        return {
          id,
          status: r.status,
          ...(r.deliveredAt ? { at: r.deliveredAt } : {}),
          ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        };
      }),
    });
  });

  app.get("/v1/sms/receipts", (c) => {
    const after = Number(c.req.query("after") ?? "0");
    const list = receipts.filter((r) => r.seq > (Number.isFinite(after) ? after : 0));
    return c.json({ receipts: list, next: receipts.length });
  });

  app.get("/v1/balance", (c) => c.json({ remaining: opts.balance, unit: "segments" }));

  app.get("/v1/log", (c) => c.json({ messages: log }));

  const control = {
    log: () => log as readonly FakeSmsRecord[],
    receipts: () => receipts as readonly FakeSmsReceipt[],
    callbackErrors: () => callbackErrors as readonly string[],
    configure(patch: Partial<FakeSmsOptions>) {
      Object.assign(opts, patch);
      if (patch.seed !== undefined) random = seededRandom(patch.seed);
    },
    async flushReceipts() {
      await Promise.all([...pending.values()].map((d) => d()));
    },
    stopTimers() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return { app, control };
}

/**
 * Starts the fake provider on 127.0.0.1 (port 0 picks a free port).
 *
 * @example
 * const fake = await startFakeSmsServer({ seed: 7, deliveryDelayMs: 10 });
 * // … point a FakeSmsProvider at fake.url …
 * await fake.close();
 */
export async function startFakeSmsServer(
  options: Partial<FakeSmsOptions> & { port?: number } = {},
): Promise<FakeSmsServer> {
  const { port = 0, ...rest } = options;
  const { app, control } = createFakeSmsApp(rest);
  const { server, info } = await new Promise<{
    server: ReturnType<typeof serve>;
    info: AddressInfo;
  }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, (i) =>
      resolve({ server: s, info: i }),
    );
    s.once("error", reject);
  });
  const url = `http://127.0.0.1:${info.port}`;
  return {
    url,
    port: info.port,
    log: control.log,
    receipts: control.receipts,
    callbackErrors: control.callbackErrors,
    configure: control.configure,
    flushReceipts: control.flushReceipts,
    close: () =>
      new Promise<void>((resolve, reject) => {
        control.stopTimers();
        server.close((err) => (err ? reject(err) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
