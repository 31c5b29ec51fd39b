/**
 * Crash-safe delivery of planned outreach messages.
 *
 * A message row exists (state `queued`) before any provider call. A send job covers one
 * chunk of a step (~500 rows by id range). The worker marks the chunk's rows `sending` with
 * its worker id and a lease and commits **before** calling the provider; it records `sent`
 * and the provider id after. Rows found `sending` with an expired lease belong to a dead
 * worker: they become `unknown` and are reconciled through the provider (found → sent /
 * delivered / failed; not found → `queued` again, safe because the provider never accepted
 * it, and the provider drops a repeated key anyway). Nothing is re-sent blindly.
 */

import { randomUUID } from "node:crypto";
import type { Database } from "../../adapters/db/database.ts";
import {
  abandonExpired,
  applyReceiptRows,
  type ClaimedMessage,
  claimChunkRanges,
  claimSmsChunk,
  type DeliveryStepInfo,
  deferChunk,
  dueLaunchedSteps,
  extendLease,
  loadDeliveryStep,
  markFailed,
  markSent,
  requeueUnknown,
  settleUnknown,
  stepStateCounts,
  unknownSmsPage,
} from "../../adapters/db/repositories/outreach-delivery.ts";
import type { EmailTransport } from "../../adapters/email/smtp.ts";
import { ensureQueue, type Queue } from "../../adapters/queue/boss.ts";
import {
  type SmsMessage,
  type SmsProvider,
  SmsProviderError,
  type SmsStatus,
} from "../../adapters/sms/provider.ts";
import { renderTemplate } from "../../domain/outreach/journeys/templates.ts";
import {
  type SmsWindowProvider,
  smsSendWindow,
  windowProviderFor,
} from "../../domain/outreach/sms-window.ts";
import { processEmailChunk, templateVars } from "./email-delivery.ts";
import { shopMailers } from "./email-settings.ts";
import { planLogisticsForAllShops } from "./logistics.ts";

/** Message states. See `README.md` for the transitions. */
export type MessageState =
  | "queued"
  | "sending"
  | "sent"
  | "delivered"
  | "failed"
  | "unknown"
  | "held_out";

/** Every message state, in lifecycle order. */
export const MESSAGE_STATES: readonly MessageState[] = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "failed",
  "unknown",
  "held_out",
];

/** The pg-boss queue of send jobs. */
export const SEND_QUEUE = "outreach-send";

/** Provider ids per status query (a GET URL and the providers' batch limits stay small). */
export const STATUS_BATCH = 100;

/** Rows per send job. */
export const CHUNK_SIZE = 500;

/** A send job: one chunk of a step's messages, by id range. */
export interface SendJob {
  readonly shopId: number;
  readonly stepId: number;
  readonly fromId: number;
  readonly toId: number;
}

/**
 * Finds which keys a provider has accepted, when it can tell (the local fake's log;
 * Alibaba Cloud's `OutId` through `QuerySendDetails`). Used to reconcile rows whose send
 * outcome was lost with the worker.
 */
export interface SmsKeyLookup {
  /** Provider ids of the accepted keys; a key missing from the map was never accepted. */
  findByKeys(keys: readonly string[]): Promise<Map<string, string>>;
}

/** The SMTP transport and wording settings of a shop, when it has e-mail set up. */
export interface ShopMailer {
  readonly transport: EmailTransport;
  readonly language: "zh" | "en";
  /** Base URL of the unsubscribe links. */
  readonly publicUrl: string;
  /** Sender address (its domain names the Message-IDs). */
  readonly from: string;
}

/** Settings of a delivery worker. */
export interface DeliveryOptions {
  readonly provider: SmsProvider;
  /** The mailer of a shop; `null` when the shop has no e-mail settings (rows wait). */
  readonly mailer?: (shopId: number) => Promise<ShopMailer | null>;
  /** E-mails sent at once per chunk. Default 4. */
  readonly emailConcurrency?: number;
  /** Reconciles rows without a provider id; without it such rows stay `unknown` for review. */
  readonly lookup?: SmsKeyLookup;
  /** Worker id written on claimed rows. Default a random UUID. */
  readonly workerId?: string;
  /** Messages per second to the provider (token bucket). Default 1,000. */
  readonly ratePerSecond?: number;
  /** Messages per provider call. Default 100. */
  readonly batchSize?: number;
  /** How long a claim is held before other workers consider the claimer dead. Default 60 s. */
  readonly leaseSeconds?: number;
  /** Attempts per message for transient errors. Default 5. */
  readonly maxAttempts?: number;
  /** First backoff after a transient error, doubled each time. Default 200 ms. */
  readonly backoffMs?: number;
  /** Marketing window of the provider (default: from the adapter name). */
  readonly windowProvider?: SmsWindowProvider;
  /** Queue name (tests use their own). Default {@link SEND_QUEUE}. */
  readonly queue?: string;
  readonly now?: () => Date;
  /** Plan logistics notifications of new order events every maintenance tick. Default true. */
  readonly logistics?: boolean;
  /** How often to look for abandoned rows and due steps, in seconds. Default the lease. */
  readonly maintenanceSeconds?: number;
}

/**
 * The message key sent to the provider: unique per journey, step, customer and channel (and
 * order, for messages triggered by an order's logistics events).
 */
export function messageKey(m: {
  journey_id: number;
  step_id: number;
  customer_id: number;
  channel: string;
  order_ref?: number;
}): string {
  const order = m.order_ref ? `:o${m.order_ref}` : "";
  return `j${m.journey_id}:s${m.step_id}:c${m.customer_id}:${m.channel}${order}`;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A token bucket: `take(n)` waits until `n` sends fit in the rate. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  constructor(private readonly perSecond: number) {
    this.tokens = perSecond;
  }
  async take(n: number): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(
        this.perSecond,
        this.tokens + ((now - this.last) / 1000) * this.perSecond,
      );
      this.last = now;
      if (this.tokens >= n || (n > this.perSecond && this.tokens >= this.perSecond)) {
        this.tokens -= n;
        return;
      }
      await sleep(Math.ceil(((n - this.tokens) / this.perSecond) * 1000));
    }
  }
}

/**
 * Splits a step's queued rows into chunks of {@link CHUNK_SIZE} by id and enqueues one send
 * job per chunk. Safe to repeat: a job only claims rows still `queued`.
 */
export async function enqueueStep(
  database: Database,
  boss: Queue,
  shopId: number,
  stepId: number,
  queue = SEND_QUEUE,
): Promise<number> {
  const ranges = await claimChunkRanges(database, shopId, stepId, CHUNK_SIZE);
  await ensureQueue(boss, queue, { retryLimit: 5, retryDelay: 1, expireInSeconds: 600 });
  if (ranges.length === 0) return 0;
  await boss.insert(
    ranges.map((c) => ({
      name: queue,
      data: { shopId, stepId, fromId: c.fromId, toId: c.toId } satisfies SendJob,
    })),
  );
  return ranges.length;
}

/**
 * Creates send jobs for every launched step with due `queued` SMS or e-mail rows that no job covers
 * (never enqueued, or enqueued long ago). Returns the number of jobs created.
 */
export async function dispatchLaunchedSteps(
  database: Database,
  boss: Queue,
  queue = SEND_QUEUE,
): Promise<number> {
  let jobs = 0;
  for (const s of await dueLaunchedSteps(database, ["sms", "email"])) {
    jobs += await enqueueStep(database, boss, s.shopId, s.stepId, queue);
  }
  return jobs;
}

type Claimed = ClaimedMessage;
type StepInfo = DeliveryStepInfo;

async function stepInfo(database: Database, shopId: number, stepId: number): Promise<StepInfo> {
  const row = await loadDeliveryStep(database, shopId, stepId);
  if (!row) throw new Error(`outreach step ${stepId} not found`);
  return row;
}

/** Outcome counts of one chunk. */
export interface ChunkResult {
  claimed: number;
  sent: number;
  failed: number;
  /** Not sent now (marketing window closed): left `queued` with a `not_before`. */
  deferred: number;
}

/**
 * Sends one chunk: claim (`queued` → `sending`, committed), call the provider in batches at
 * the configured rate, record `sent` with the provider id or `failed`; transient errors are
 * retried with exponential backoff and the same keys.
 */
export async function processChunk(
  database: Database,
  job: SendJob,
  options: DeliveryOptions,
  limiter = new RateLimiter(options.ratePerSecond ?? 1000),
): Promise<ChunkResult> {
  const now = options.now?.() ?? new Date();
  const workerId = options.workerId ?? randomUUID();
  const info = await stepInfo(database, job.shopId, job.stepId);
  if (info.channel === "email") {
    return processEmailChunk(database, job, info, { ...options, workerId, now: () => now });
  }
  const result: ChunkResult = { claimed: 0, sent: 0, failed: 0, deferred: 0 };
  if (info.channel !== "sms") return result;
  if (info.sms_type === "marketing") {
    const w = smsSendWindow({
      provider: options.windowProvider ?? windowProviderFor(options.provider.name),
      type: "marketing",
      at: now,
    });
    if (!w.allowed) {
      result.deferred = await deferChunk(database, job, "sms", w.nextAllowed);
      return result;
    }
  }
  const rows = await claimSmsChunk(
    database,
    job,
    workerId,
    now.toISOString(),
    options.leaseSeconds ?? 60,
  );
  result.claimed = rows.length;
  const r = await sendRows(database, job.shopId, info, rows, options, limiter);
  result.sent = r.sent;
  result.failed = r.failed;
  return result;
}

function toSms(info: StepInfo, row: Claimed): SmsMessage {
  const text = renderTemplate(info.template, templateVars(info, row)).text;
  return { key: row.key, phone: row.address ?? "", text, type: info.sms_type };
}

type Outcome = { kind: "ok"; pid: string } | { kind: "retry" } | { kind: "bad"; error: string };

async function sendOne(
  provider: SmsProvider,
  info: StepInfo,
  batch: readonly Claimed[],
  limiter: RateLimiter,
  lastAttempt: boolean,
): Promise<Outcome[]> {
  await limiter.take(batch.length);
  try {
    const outcomes = await provider.send(batch.map((r) => toSms(info, r)));
    return batch.map((_, i): Outcome => {
      const o = outcomes[i];
      if (!o) return lastAttempt ? { kind: "bad", error: "no outcome" } : { kind: "retry" };
      if (o.ok) return { kind: "ok", pid: o.providerId };
      if (o.error.kind === "transient" && !lastAttempt) return { kind: "retry" };
      return { kind: "bad", error: `${o.error.code}: ${o.error.message}` };
    });
  } catch (err) {
    const e =
      err instanceof SmsProviderError
        ? err
        : new SmsProviderError(
            "transient",
            "error",
            err instanceof Error ? err.message : String(err),
          );
    return batch.map(
      (): Outcome =>
        e.kind === "transient" && !lastAttempt
          ? { kind: "retry" }
          : { kind: "bad", error: `${e.code}: ${e.message}` },
    );
  }
}

/**
 * Sends claimed rows in provider batches (concurrently, within the rate), then records the
 * outcomes in two statements; transient failures are retried with backoff and the same keys.
 */
async function sendRows(
  database: Database,
  shopId: number,
  info: StepInfo,
  rows: readonly Claimed[],
  options: DeliveryOptions,
  limiter: RateLimiter,
): Promise<{ sent: number; failed: number }> {
  const maxAttempts = options.maxAttempts ?? 5;
  const batchSize = options.batchSize ?? 100;
  let backoff = options.backoffMs ?? 200;
  let todo = rows;
  let sent = 0;
  let failed = 0;
  for (let attempt = 1; todo.length > 0; attempt++) {
    const batches: Claimed[][] = [];
    for (let i = 0; i < todo.length; i += batchSize) batches.push(todo.slice(i, i + batchSize));
    const results = await Promise.all(
      batches.map((b) => sendOne(options.provider, info, b, limiter, attempt >= maxAttempts)),
    );
    const okIds: number[] = [];
    const okPids: string[] = [];
    const badIds: number[] = [];
    const badErr: string[] = [];
    const retry: Claimed[] = [];
    batches.forEach((b, bi) => {
      b.forEach((row, i) => {
        const o = results[bi]?.[i];
        if (o?.kind === "ok") {
          okIds.push(row.id);
          okPids.push(o.pid);
        } else if (o?.kind === "bad") {
          badIds.push(row.id);
          badErr.push(o.error);
        } else retry.push(row);
      });
    });
    await markSent(database, shopId, okIds, okPids);
    await markFailed(database, shopId, badIds, badErr);
    sent += okIds.length;
    failed += badIds.length;
    todo = retry;
    if (todo.length > 0) {
      await extendLease(
        database,
        shopId,
        todo.map((r) => r.id),
        options.leaseSeconds ?? 60,
      );
      await sleep(backoff);
      backoff *= 2;
    }
  }
  return { sent, failed };
}

/** What {@link recoverAndReconcile} did. */
export interface RecoveryResult {
  /** Rows `sending` with an expired lease, now `unknown`. */
  abandoned: number;
  /** Unknown rows the provider had accepted: now sent / delivered / failed. */
  found: number;
  /** Unknown rows the provider never accepted: `queued` again. */
  requeued: number;
  /** Unknown rows left for review (the provider cannot tell). */
  unresolved: number;
  /** Steps that got send jobs again. */
  steps: number[];
}

/**
 * Marks rows of dead workers (`sending`, lease expired) `unknown`, then reconciles every
 * `unknown` row with the provider: by provider id through `queryStatus`, else by key through
 * the {@link SmsKeyLookup}. Rows the provider never accepted go back to `queued`.
 */
export async function recoverAndReconcile(
  database: Database,
  options: DeliveryOptions,
): Promise<RecoveryResult> {
  const now = (options.now?.() ?? new Date()).toISOString();
  const abandoned = await abandonExpired(database, now);
  const out: RecoveryResult = {
    abandoned,
    found: 0,
    requeued: 0,
    unresolved: 0,
    steps: [],
  };
  const steps = new Set<number>();
  let afterId = 0;
  for (;;) {
    const page = await unknownSmsPage(database, afterId, 2000);
    if (page.length === 0) break;
    afterId = page.at(-1)?.id ?? afterId;
    const withId = page.filter((x) => x.provider_id);
    const settle: { id: number; pid: string; status: SmsStatus["status"] }[] = withId.map((x) => ({
      id: Number(x.id),
      pid: x.provider_id ?? "",
      status: "pending",
    }));
    const noId = page.filter((x) => !x.provider_id);
    const requeue: number[] = [];
    if (options.lookup && noId.length > 0) {
      const found = await options.lookup.findByKeys(noId.map((x) => x.key));
      for (const x of noId) {
        const pid = found.get(x.key);
        if (pid) settle.push({ id: Number(x.id), pid, status: "pending" });
        else {
          requeue.push(Number(x.id));
          steps.add(Number(x.step_id));
        }
      }
    } else out.unresolved += noId.length;
    if (settle.length > 0) {
      const pids = settle.map((s) => s.pid);
      const st: SmsStatus[] = [];
      for (let i = 0; i < pids.length; i += STATUS_BATCH) {
        st.push(...(await options.provider.queryStatus(pids.slice(i, i + STATUS_BATCH))));
      }
      const resolved = settle.filter((s, i) => {
        s.status = st[i]?.status ?? s.status;
        return s.status !== "unknown";
      });
      out.unresolved += settle.length - resolved.length;
      out.found += resolved.length;
      await settleUnknown(
        database,
        resolved.map((x) => ({ id: x.id, pid: x.pid, status: x.status })),
      );
    }
    if (requeue.length > 0) {
      await requeueUnknown(database, requeue);
      out.requeued += requeue.length;
    }
  }
  out.steps = [...steps].sort((a, b) => a - b);
  return out;
}

/** A delivery receipt: the provider's final word on one message. */
export interface Receipt {
  readonly providerId: string;
  readonly status: "delivered" | "failed";
  readonly at?: string;
  readonly errorCode?: string;
}

/** Applies delivery receipts (sent/unknown → delivered/failed). Returns rows updated. */
export async function applyReceipts(
  database: Database,
  receipts: readonly Receipt[],
): Promise<number> {
  return applyReceiptRows(database, receipts);
}

/** Counts of a step's messages by state, from SQL. */
export async function stepProgress(
  database: Database,
  shopId: number,
  stepId: number,
): Promise<Record<MessageState, number> & { total: number }> {
  const rows = await stepStateCounts(database, shopId, stepId);
  const out = Object.fromEntries(MESSAGE_STATES.map((s) => [s, 0])) as Record<MessageState, number>;
  let total = 0;
  for (const row of rows) {
    out[row.state as MessageState] = row.n;
    total += row.n;
  }
  return { ...out, total };
}

function shopMailersGet(m: ReturnType<typeof shopMailers> | null) {
  return (shopId: number) => (m ? m.get(shopId) : Promise.resolve(null));
}

/** A running delivery worker. */
export interface OutreachWorker {
  readonly workerId: string;
  /** Runs recovery once more now (also runs every lease period). */
  recover(): Promise<RecoveryResult>;
  /** What recovery has done since the worker started. */
  totals(): RecoveryResult;
  stop(): Promise<void>;
}

/**
 * Starts a delivery worker on the queue: first recovers and reconciles what a dead worker
 * left, plans logistics notifications of new order events, re-enqueues due steps, then takes
 * send jobs. This maintenance repeats every lease period so a worker that dies later is
 * noticed too and new events are picked up.
 */
export async function startOutreachWorker(
  database: Database,
  boss: Queue,
  options: DeliveryOptions & {
    pollingIntervalSeconds?: number;
    /** Send jobs fetched and run together. Default 4. */
    concurrency?: number;
  },
): Promise<OutreachWorker> {
  const workerId = options.workerId ?? randomUUID();
  const mailers = options.mailer ? null : shopMailers(database);
  const opts: DeliveryOptions = {
    ...options,
    workerId,
    mailer: options.mailer ?? shopMailersGet(mailers),
  };
  const queue = options.queue ?? SEND_QUEUE;
  const limiter = new RateLimiter(options.ratePerSecond ?? 1000);
  await ensureQueue(boss, queue, { retryLimit: 5, retryDelay: 1, expireInSeconds: 600 });
  let running = Promise.resolve<unknown>(undefined);
  const totals: RecoveryResult = { abandoned: 0, found: 0, requeued: 0, unresolved: 0, steps: [] };
  const recover = async () => {
    const r = await recoverAndReconcile(database, opts);
    totals.abandoned += r.abandoned;
    totals.found += r.found;
    totals.requeued += r.requeued;
    totals.unresolved = r.unresolved;
    totals.steps = [...new Set([...totals.steps, ...r.steps])];
    if (options.logistics !== false) {
      await planLogisticsForAllShops(database, options.now?.() ?? new Date());
    }
    await dispatchLaunchedSteps(database, boss, queue);
    return r;
  };
  await recover();
  const timer = setInterval(
    () => {
      running = running.then(recover).catch((err: unknown) => {
        console.error("[dacu] outreach recovery:", err instanceof Error ? err.message : err);
      });
    },
    (options.maintenanceSeconds ?? options.leaseSeconds ?? 60) * 1000,
  );
  timer.unref();
  const id = await boss.work<SendJob>(
    queue,
    {
      batchSize: options.concurrency ?? 4,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
    async (jobs) => {
      await Promise.all(jobs.map((job) => processChunk(database, job.data, opts, limiter)));
    },
  );
  return {
    workerId,
    recover,
    totals: () => ({ ...totals }),
    async stop() {
      clearInterval(timer);
      await running;
      await boss.offWork({ id });
      mailers?.close();
    },
  };
}

/**
 * A key lookup for the local fake provider, through its log of accepted messages.
 *
 * @example
 * const lookup = fakeKeyLookup("http://127.0.0.1:43121");
 */
export function fakeKeyLookup(baseUrl: string): SmsKeyLookup {
  return {
    async findByKeys(keys) {
      const res = await fetch(`${baseUrl.replace(/\/+$/, "")}/v1/log`);
      const body = (await res.json()) as { messages: { key: string; id: string }[] };
      const want = new Set(keys);
      const out = new Map<string, string>();
      for (const m of body.messages) if (want.has(m.key)) out.set(m.key, m.id);
      return out;
    },
  };
}
