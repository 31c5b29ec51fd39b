/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11): `SendSms` and `PullSmsSendStatus`, signed
 * with TC3-HMAC-SHA256, POSTed as JSON to a configurable endpoint.
 */

import {
  fetchClassified,
  groupByTemplate,
  normalizeCnMobile,
  type SmsErrorKind,
  type SmsMessage,
  type SmsProvider,
  SmsProviderError,
  type SmsSendOutcome,
  type SmsStatus,
  sendOncePerKey,
  unexpectedAnswer,
} from "../provider.ts";
import { tc3Sign } from "./sign.ts";

/** Settings of {@link TencentSmsProvider}. */
export interface TencentSmsOptions {
  readonly secretId: string;
  readonly secretKey: string;
  /** The SMS application id (SmsSdkAppId). */
  readonly smsSdkAppId: string;
  /** The approved signature name, without 【】. */
  readonly signName: string;
  /** Default `https://sms.tencentcloudapi.com/`. */
  readonly endpoint?: string;
  /** Default `ap-guangzhou`. */
  readonly region?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Clock (epoch ms), for reproducible requests in tests. */
  readonly now?: () => number;
}

/**
 * Classifies a Tencent Cloud error code: rate limits per 30 s / hour, internal errors and
 * request throttling are transient; daily limits, bad numbers, blacklists, the marketing
 * time window, balance and authorisation problems are permanent.
 *
 * @example
 * classifyTencentCode("LimitExceeded.PhoneNumberThirtySecondLimit"); // "transient"
 * classifyTencentCode("FailedOperation.MarketingSendTimeConstraint"); // "permanent"
 */
export function classifyTencentCode(code: string): SmsErrorKind {
  if (code.startsWith("InternalError") || code.startsWith("RequestLimitExceeded")) {
    return "transient";
  }
  return [
    "LimitExceeded.PhoneNumberThirtySecondLimit",
    "LimitExceeded.PhoneNumberOneHourLimit",
    "LimitExceeded.DeliveryFrequencyLimit",
    "FailedOperation.JsonParseFail",
    "ResourceUnavailable",
  ].includes(code)
    ? "transient"
    : "permanent";
}

interface TencentEnvelope<T> {
  Response?: T & { Error?: { Code: string; Message: string }; RequestId?: string };
}

interface SendStatus {
  SerialNo?: string;
  PhoneNumber?: string;
  Code?: string;
  Message?: string;
  SessionContext?: string;
}

interface PulledStatus {
  SerialNo?: string;
  ReportStatus?: "SUCCESS" | "FAIL";
  UserReceiveTime?: string;
  Description?: string;
}

/** Numbers `SendSms` accepts per call. */
const MAX_NUMBERS = 200;

/** `2019-10-08 17:18:37` (Beijing) → ISO 8601 with +08:00. */
function beijingToIso(s: string | undefined): string | undefined {
  const m = s ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s) : null;
  return m ? `${m[1]}T${m[2]}+08:00` : undefined;
}

/** Template parameters in positional order: numeric keys sorted, else insertion order. */
function paramSet(params: Readonly<Record<string, string>>): string[] {
  const keys = Object.keys(params);
  if (keys.every((k) => /^\d+$/.test(k))) keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => params[k] ?? "");
}

/**
 * The Tencent Cloud SMS adapter. Every message needs a `template` (code = TemplateId; params
 * in positional order, keys "1", "2", …). Recipients sharing a template and its parameters go
 * in one call. Receipts are pulled with `PullSmsSendStatus` and kept in memory, so
 * `queryStatus` reports `pending` until the receipt has been pulled.
 *
 * @example
 * const sms = new TencentSmsProvider({ secretId, secretKey, smsSdkAppId: "1400000000", signName: "小店" });
 * await sms.send([{ key, phone: "13800000000", text, type: "notification",
 *   template: { code: "1234567", params: { "1": "A1" } } }]);
 */
export class TencentSmsProvider implements SmsProvider {
  readonly name = "tencent";
  private readonly endpoint: URL;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly receipts = new Map<string, SmsStatus>();

  constructor(private readonly options: TencentSmsOptions) {
    this.endpoint = new URL(options.endpoint ?? "https://sms.tencentcloudapi.com/");
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /** Calls one API action; throws a classified error for an `Error` response. */
  async call<T>(action: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    const timestamp = Math.floor(this.now() / 1000);
    const contentType = "application/json; charset=utf-8";
    const { authorization } = tc3Sign({
      secretId: this.options.secretId,
      secretKey: this.options.secretKey,
      service: "sms",
      host: this.endpoint.host,
      timestamp,
      payload,
      contentType,
    });
    const res = await fetchClassified(
      this.fetchImpl,
      this.endpoint.href,
      {
        method: "POST",
        headers: {
          Authorization: authorization,
          "Content-Type": contentType,
          "X-TC-Action": action,
          "X-TC-Version": "2021-01-11",
          "X-TC-Timestamp": String(timestamp),
          "X-TC-Region": this.options.region ?? "ap-guangzhou",
        },
        body: payload,
      },
      this.options.timeoutMs ?? 10_000,
    );
    const text = await res.text();
    let env: TencentEnvelope<T> | undefined;
    try {
      env = JSON.parse(text) as TencentEnvelope<T>;
    } catch {
      env = undefined;
    }
    const err = env?.Response?.Error;
    if (err) {
      throw new SmsProviderError(
        classifyTencentCode(err.Code),
        err.Code,
        `Tencent Cloud SMS ${action}: ${err.Code} ${err.Message}`,
        res.status,
      );
    }
    if (!res.ok || !env?.Response) {
      throw unexpectedAnswer("Tencent Cloud SMS", action, res);
    }
    return env.Response as T;
  }

  send(batch: readonly SmsMessage[]): Promise<SmsSendOutcome[]> {
    return sendOncePerKey(batch, (unique) => this.sendUnique(unique));
  }

  private async sendUnique(batch: readonly SmsMessage[]): Promise<Map<string, SmsSendOutcome>> {
    const out = new Map<string, SmsSendOutcome>();
    // One request per template and parameter set (TemplateParamSet is shared by its numbers).
    const groups = groupByTemplate(
      batch,
      "Tencent Cloud SMS",
      (m) => `${m.template.code}\u0000${JSON.stringify(paramSet(m.template.params))}`,
      out,
    );
    for (const messages of groups.values()) {
      for (let i = 0; i < messages.length; i += MAX_NUMBERS) {
        const chunk = messages.slice(i, i + MAX_NUMBERS);
        const first = chunk[0];
        if (!first?.template) continue;
        const numbers = chunk.map((m) => `+86${normalizeCnMobile(m.phone)}`);
        const res = await this.call<{ SendStatusSet?: SendStatus[] }>("SendSms", {
          PhoneNumberSet: numbers,
          SmsSdkAppId: this.options.smsSdkAppId,
          SignName: this.options.signName,
          TemplateId: first.template.code,
          TemplateParamSet: paramSet(first.template.params),
          SessionContext: chunk.length === 1 ? first.key : "",
        });
        const set = res.SendStatusSet ?? [];
        chunk.forEach((m, j) => {
          const s = set.find((x) => x.PhoneNumber === numbers[j]) ?? set[j];
          if (s?.Code === "Ok" && s.SerialNo) {
            out.set(m.key, { key: m.key, ok: true, providerId: s.SerialNo, duplicate: false });
          } else {
            const code = s?.Code ?? "no_status";
            out.set(m.key, {
              key: m.key,
              ok: false,
              error: {
                kind: s?.Code ? classifyTencentCode(code) : "transient",
                code,
                message: s?.Message ?? "no status for this number",
              },
            });
          }
        });
      }
    }
    return out;
  }

  /** Pulls new receipts (each receipt is returned once by Tencent Cloud) into memory. */
  async pullReceipts(limit = 100): Promise<number> {
    let total = 0;
    for (let round = 0; round < 10; round++) {
      const res = await this.call<{ PullSmsSendStatusSet?: PulledStatus[] }>("PullSmsSendStatus", {
        Limit: limit,
        SmsSdkAppId: this.options.smsSdkAppId,
      });
      const set = res.PullSmsSendStatusSet ?? [];
      for (const r of set) {
        if (!r.SerialNo) continue;
        const at = beijingToIso(r.UserReceiveTime);
        const failed = r.ReportStatus !== "SUCCESS";
        this.receipts.set(r.SerialNo, {
          providerId: r.SerialNo,
          status: failed ? "failed" : "delivered",
          ...(at ? { at } : {}),
          ...(failed && r.Description ? { errorCode: r.Description } : {}),
        });
      }
      total += set.length;
      if (set.length < limit) break;
    }
    return total;
  }

  async queryStatus(ids: readonly string[]): Promise<SmsStatus[]> {
    if (ids.some((id) => !this.receipts.has(id))) await this.pullReceipts();
    return ids.map((id) => this.receipts.get(id) ?? { providerId: id, status: "pending" });
  }
}
