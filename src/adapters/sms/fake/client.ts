/**
 * The {@link SmsProvider} adapter for the local fake provider (see `server.ts`).
 */

import {
  fetchClassified,
  readJson,
  type SmsBalance,
  type SmsDeliveryStatus,
  type SmsMessage,
  type SmsProvider,
  SmsProviderError,
  type SmsSendOutcome,
  type SmsStatus,
} from "../provider.ts";

/** Settings of {@link FakeSmsProvider}. */
export interface FakeSmsProviderOptions {
  /** Base URL of the fake, e.g. `http://127.0.0.1:43121`. */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A delivery receipt pulled from the fake. */
export interface FakeReceipt {
  readonly seq: number;
  readonly id: string;
  readonly key: string;
  readonly phone: string;
  readonly status: "delivered" | "failed";
  readonly at: string;
  readonly errorCode?: string;
}

interface SendResponse {
  results: (
    | { key: string; status: "accepted"; id: string; duplicate: boolean }
    | {
        key: string;
        status: "rejected";
        error: { code: string; transient: boolean; message: string };
      }
  )[];
}

const STATUSES: readonly SmsDeliveryStatus[] = ["pending", "delivered", "failed", "unknown"];

/**
 * Talks to the fake provider over HTTP.
 *
 * @example
 * const sms = new FakeSmsProvider({ baseUrl: fake.url });
 * const [out] = await sms.send([{ key: "j1:s3:c42:sms", phone: "13800000000", text: "【小店】…", type: "notification" }]);
 */
export class FakeSmsProvider implements SmsProvider {
  readonly name = "fake";
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: FakeSmsProviderOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
    this.fetchImpl = options.fetch ?? fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  private async call(path: string, init: RequestInit = {}): Promise<unknown> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const res = await fetchClassified(
      this.fetchImpl,
      `${this.base}${path}`,
      { ...init, headers },
      this.timeoutMs,
    );
    return readJson(res);
  }

  async send(batch: readonly SmsMessage[]): Promise<SmsSendOutcome[]> {
    if (batch.length === 0) return [];
    const body = (await this.call("/v1/sms/send", {
      method: "POST",
      body: JSON.stringify({
        messages: batch.map((m) => ({ key: m.key, phone: m.phone, text: m.text, type: m.type })),
      }),
    })) as SendResponse;
    if (!Array.isArray(body?.results) || body.results.length !== batch.length) {
      throw new SmsProviderError("transient", "bad_response", "fake provider: malformed results");
    }
    return body.results.map((r, i): SmsSendOutcome => {
      const key = batch[i]?.key ?? r.key;
      if (r.status === "accepted") {
        return { key, ok: true, providerId: r.id, duplicate: r.duplicate };
      }
      return {
        key,
        ok: false,
        error: {
          kind: r.error.transient ? "transient" : "permanent",
          code: r.error.code,
          message: r.error.message,
        },
      };
    });
  }

  async queryStatus(ids: readonly string[]): Promise<SmsStatus[]> {
    if (ids.length === 0) return [];
    const q = encodeURIComponent(ids.join(","));
    const body = (await this.call(`/v1/sms/status?ids=${q}`)) as {
      statuses: { id: string; status: string; at?: string; errorCode?: string }[];
    };
    const byId = new Map(body.statuses.map((s) => [s.id, s]));
    return ids.map((id) => {
      const s = byId.get(id);
      const status = STATUSES.find((x) => x === s?.status) ?? "unknown";
      return {
        providerId: id,
        status,
        ...(s?.at ? { at: s.at } : {}),
        ...(s?.errorCode ? { errorCode: s.errorCode } : {}),
      };
    });
  }

  async balance(): Promise<SmsBalance> {
    const body = (await this.call("/v1/balance")) as { remaining: number };
    return { remaining: body.remaining, unit: "segments" };
  }

  /** Pulls receipts issued after sequence number `after` (0 for all). */
  async pullReceipts(after = 0): Promise<{ receipts: FakeReceipt[]; next: number }> {
    return (await this.call(`/v1/sms/receipts?after=${after}`)) as {
      receipts: FakeReceipt[];
      next: number;
    };
  }
}
