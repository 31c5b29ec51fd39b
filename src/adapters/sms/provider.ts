/**
 * The contract every SMS provider adapter implements (Alibaba Cloud, Tencent Cloud, the local
 * fake), and how errors are classified: `transient` errors may be retried with the same
 * message key; `permanent` ones must not be retried as they are.
 */

import type { SmsType } from "../../domain/outreach/sms-lint.ts";

/** Retry with the same key later (`transient`) or give up / fix first (`permanent`). */
export type SmsErrorKind = "transient" | "permanent";

/** One message to send. `key` is the caller's idempotency key (one per recipient and step). */
export interface SmsMessage {
  /** Client message key: a repeat of the same key must not send a second SMS. */
  readonly key: string;
  /** Mainland mobile number, with or without +86. */
  readonly phone: string;
  /** The complete text (signature + body + opt-out), as linted. */
  readonly text: string;
  readonly type: SmsType;
  /** Template-based providers (Alibaba Cloud, Tencent Cloud) send a template and params. */
  readonly template?: {
    readonly code: string;
    readonly params: Readonly<Record<string, string>>;
  };
}

/** A provider error with its classification. */
export interface SmsErrorInfo {
  readonly kind: SmsErrorKind;
  /** The provider's own code (e.g. `isv.BUSINESS_LIMIT_CONTROL`) or a Dacu code. */
  readonly code: string;
  readonly message: string;
}

/** The outcome for one message of a batch. */
export type SmsSendOutcome =
  | {
      readonly key: string;
      readonly ok: true;
      /** Opaque id to pass to `queryStatus`. */
      readonly providerId: string;
      /** True when the provider had already accepted this key: nothing new was sent. */
      readonly duplicate: boolean;
    }
  | { readonly key: string; readonly ok: false; readonly error: SmsErrorInfo };

/** Delivery state of an accepted message. */
export type SmsDeliveryStatus = "pending" | "delivered" | "failed" | "unknown";

/** Delivery state as reported by the provider. */
export interface SmsStatus {
  readonly providerId: string;
  readonly status: SmsDeliveryStatus;
  /** When the carrier reported it (ISO 8601), if known. */
  readonly at?: string;
  readonly errorCode?: string;
}

/** Remaining credit, in the provider's unit. */
export interface SmsBalance {
  readonly remaining: number;
  readonly unit: "segments" | "messages" | "fen";
}

/** The common interface of SMS provider adapters. */
export interface SmsProvider {
  /** Adapter name: `aliyun`, `tencent`, `fake`. */
  readonly name: string;
  /**
   * Sends a batch. Per-message failures come back as outcomes; a failure of the whole call
   * (network, authentication, throttling) throws {@link SmsProviderError}.
   */
  send(batch: readonly SmsMessage[]): Promise<SmsSendOutcome[]>;
  /** Delivery states for ids returned by `send`, in the same order. */
  queryStatus(ids: readonly string[]): Promise<SmsStatus[]>;
  /** Remaining credit, when the provider exposes it. */
  balance?(): Promise<SmsBalance>;
}

/** A failure of a whole provider call, classified. */
export class SmsProviderError extends Error {
  constructor(
    readonly kind: SmsErrorKind,
    readonly code: string,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = "SmsProviderError";
  }

  /** The same information as a plain object. */
  toInfo(): SmsErrorInfo {
    return { kind: this.kind, code: this.code, message: this.message };
  }
}

/**
 * Classifies an HTTP status: 408, 425, 429 and 5xx are transient; other 4xx are permanent.
 *
 * @example
 * classifyHttpStatus(503); // "transient"
 * classifyHttpStatus(403); // "permanent"
 */
export function classifyHttpStatus(status: number): SmsErrorKind {
  return status === 408 || status === 425 || status === 429 || status >= 500
    ? "transient"
    : "permanent";
}

/**
 * Calls `fetch` and turns network failures and timeouts into transient provider errors.
 *
 * @example
 * const res = await fetchClassified(fetch, "http://127.0.0.1:1234/", { method: "GET" }, 5000);
 */
export async function fetchClassified(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const timeout = err instanceof Error && err.name === "TimeoutError";
    throw new SmsProviderError(
      "transient",
      timeout ? "timeout" : "network_error",
      `SMS provider unreachable: ${why}`,
    );
  }
}

/**
 * Reads a JSON body, classifying non-2xx statuses and malformed bodies.
 *
 * @example
 * const body = await readJson(res);
 */
export async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text.length ? JSON.parse(text) : undefined;
  } catch {
    throw new SmsProviderError(
      classifyHttpStatus(res.status === 200 ? 502 : res.status),
      "bad_response",
      `SMS provider answered HTTP ${res.status} with a body that is not JSON`,
      res.status,
    );
  }
  if (!res.ok) {
    throw new SmsProviderError(
      classifyHttpStatus(res.status),
      `http_${res.status}`,
      `SMS provider answered HTTP ${res.status}: ${text.slice(0, 200)}`,
      res.status,
    );
  }
  return body;
}

/**
 * The error for an answer that is not the provider's envelope: a non-2xx status
 * (`http_<status>`; 5xx and 429 transient, other 4xx permanent) or a 2xx without a usable
 * body (`bad_response`, transient).
 *
 * @example
 * if (!res.ok || !body) throw unexpectedAnswer("Tencent Cloud SMS", "SendSms", res);
 */
export function unexpectedAnswer(
  provider: string,
  action: string,
  res: Pick<Response, "ok" | "status">,
): SmsProviderError {
  return new SmsProviderError(
    res.ok || res.status >= 500 || res.status === 429 ? "transient" : "permanent",
    res.ok ? "bad_response" : `http_${res.status}`,
    `${provider} ${action}: HTTP ${res.status}`,
    res.status,
  );
}

/**
 * Groups the messages of a batch by `groupKey`, for a provider that sends approved templates
 * only: a message without a template gets a permanent `template_required` outcome in `out`.
 * Groups and the messages in them keep the batch's order.
 *
 * @example
 * const groups = groupByTemplate(batch, "Alibaba Cloud SMS", (m) => m.template.code, out);
 */
export function groupByTemplate(
  batch: readonly SmsMessage[],
  provider: string,
  groupKey: (m: SmsMessage & { template: NonNullable<SmsMessage["template"]> }) => string,
  out: Map<string, SmsSendOutcome>,
): Map<string, SmsMessage[]> {
  const groups = new Map<string, SmsMessage[]>();
  for (const m of batch) {
    if (!m.template) {
      out.set(m.key, {
        key: m.key,
        ok: false,
        error: {
          kind: "permanent",
          code: "template_required",
          message: `${provider} sends approved templates only`,
        },
      });
      continue;
    }
    const g = groupKey({ ...m, template: m.template });
    const list = groups.get(g);
    if (list) list.push(m);
    else groups.set(g, [m]);
  }
  return groups;
}

/**
 * Normalises a mainland mobile number to 11 digits (drops `+86`/`86`, spaces and dashes).
 *
 * @example
 * normalizeCnMobile("+86 138-0000-0000"); // "13800000000"
 */
export function normalizeCnMobile(phone: string): string {
  const digits = phone.replace(/[\s-]/g, "").replace(/^\+?86(?=1\d{10}$)/, "");
  return digits;
}

/**
 * Sends each key once per batch: a key repeated inside one batch is sent only the first time
 * and its later copies get the same outcome marked `duplicate`.
 *
 * @example
 * const outcomes = await sendOncePerKey(batch, (unique) => provider.sendRaw(unique));
 */
export async function sendOncePerKey(
  batch: readonly SmsMessage[],
  sendUnique: (unique: readonly SmsMessage[]) => Promise<Map<string, SmsSendOutcome>>,
): Promise<SmsSendOutcome[]> {
  const seen = new Set<string>();
  const unique = batch.filter((m) => !seen.has(m.key) && seen.add(m.key));
  const byKey = await sendUnique(unique);
  const first = new Set<string>();
  return batch.map((m): SmsSendOutcome => {
    const o = byKey.get(m.key) ?? {
      key: m.key,
      ok: false,
      error: { kind: "transient", code: "no_outcome", message: "the provider gave no answer" },
    };
    const repeat = first.has(m.key);
    first.add(m.key);
    return repeat && o.ok ? { ...o, duplicate: true } : o;
  });
}
