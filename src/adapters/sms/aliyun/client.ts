/**
 * Alibaba Cloud SMS (dysmsapi, API version 2017-05-25): `SendSms`, `SendBatchSms`,
 * `QuerySendDetails`, signed requests (GET; POST for batches) against a configurable endpoint.
 */

import { randomUUID } from "node:crypto";
import {
  fetchClassified,
  groupByTemplate,
  normalizeCnMobile,
  type SmsErrorInfo,
  type SmsErrorKind,
  type SmsMessage,
  type SmsProvider,
  SmsProviderError,
  type SmsSendOutcome,
  type SmsStatus,
  sendOncePerKey,
  unexpectedAnswer,
} from "../provider.ts";
import { signedQuery } from "./sign.ts";

/** Settings of {@link AliyunSmsProvider}. */
export interface AliyunSmsOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** The approved signature name, without 【】. */
  readonly signName: string;
  /** Default `https://dysmsapi.aliyuncs.com/`. */
  readonly endpoint?: string;
  readonly regionId?: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Clock (epoch ms) and nonce source, for reproducible requests in tests. */
  readonly now?: () => number;
  readonly nonce?: () => string;
}

/** Error codes worth retrying later with the same message key. */
const TRANSIENT_CODES = new Set([
  "isv.BUSINESS_LIMIT_CONTROL",
  "isp.SYSTEM_ERROR",
  "isp.GATEWAY_ERROR",
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "ServiceUnavailable",
  "InternalError",
  "SignatureNonceUsed",
]);

/** Codes that concern the account or the request as a whole, not one recipient. */
const WHOLE_CALL_CODES = new Set([
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "InvalidAccessKeyId.NotFound",
  "InvalidAccessKeyId.Inactive",
  "InvalidTimeStamp.Expired",
  "isp.RAM_PERMISSION_DENY",
  "Forbidden.RAM",
  "isv.ACCOUNT_NOT_EXISTS",
  "isv.ACCOUNT_ABNORMAL",
]);

/**
 * Classifies an Alibaba Cloud SMS error code.
 *
 * @example
 * classifyAliyunCode("isv.BUSINESS_LIMIT_CONTROL"); // "transient"
 * classifyAliyunCode("isv.MOBILE_NUMBER_ILLEGAL"); // "permanent"
 */
export function classifyAliyunCode(code: string): SmsErrorKind {
  return TRANSIENT_CODES.has(code) || code.startsWith("Throttling") ? "transient" : "permanent";
}

interface AliyunBody {
  Code?: string;
  Message?: string;
  BizId?: string;
  RequestId?: string;
  SmsSendDetailDTOs?: {
    SmsSendDetailDTO?: {
      SendStatus?: number;
      ErrCode?: string;
      PhoneNum?: string;
      ReceiveDate?: string;
      OutId?: string;
    }[];
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DDTHH:mm:ssZ` (UTC, no milliseconds) as the API wants. */
function aliyunTimestamp(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19)}Z`;
}

/** Beijing calendar date `yyyyMMdd` of an instant. */
function beijingDate(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

/** `2019-01-08 16:44:13` (Beijing) → ISO 8601 with +08:00. */
function beijingToIso(s: string | undefined): string | undefined {
  const m = s ? /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(s) : null;
  return m ? `${m[1]}T${m[2]}+08:00` : undefined;
}

/** Largest batch `SendBatchSms` accepts. */
const MAX_BATCH = 100;

/**
 * The Alibaba Cloud SMS adapter. Every message needs a `template` (Alibaba Cloud sends
 * approved templates only). The caller's key travels as `OutId` for single sends; Alibaba
 * Cloud does not deduplicate, so Dacu's message rows guard against re-sending.
 *
 * Provider ids are `BizId|phone|yyyyMMdd` so `queryStatus` can call `QuerySendDetails`.
 *
 * @example
 * const sms = new AliyunSmsProvider({ accessKeyId, accessKeySecret, signName: "小店" });
 * await sms.send([{ key, phone: "13800000000", text, type: "notification",
 *   template: { code: "SMS_123", params: { order: "A1" } } }]);
 */
export class AliyunSmsProvider implements SmsProvider {
  readonly name = "aliyun";
  private readonly endpoint: string;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;
  private readonly nonce: () => string;

  constructor(private readonly options: AliyunSmsOptions) {
    this.endpoint = options.endpoint ?? "https://dysmsapi.aliyuncs.com/";
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
    this.nonce = options.nonce ?? randomUUID;
  }

  /**
   * Calls one API action and returns its JSON body (Code may be an error code). GET puts the
   * signed parameters in the URL; POST sends them as a form body (for long batches).
   */
  async call(
    action: string,
    params: Record<string, string>,
    method: "GET" | "POST" = "GET",
  ): Promise<AliyunBody> {
    const all: Record<string, string> = {
      AccessKeyId: this.options.accessKeyId,
      Action: action,
      Format: "JSON",
      RegionId: this.options.regionId ?? "cn-hangzhou",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: this.nonce(),
      SignatureVersion: "1.0",
      Timestamp: aliyunTimestamp(this.now()),
      Version: "2017-05-25",
      ...params,
    };
    const query = signedQuery(all, this.options.accessKeySecret, method);
    const sep = this.endpoint.includes("?") ? "&" : "?";
    const res = await fetchClassified(
      this.fetchImpl,
      method === "GET" ? `${this.endpoint}${sep}${query}` : this.endpoint,
      method === "GET"
        ? { method }
        : {
            method,
            headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
            body: query,
          },
      this.options.timeoutMs ?? 10_000,
    );
    const text = await res.text();
    let body: AliyunBody | undefined;
    try {
      body = JSON.parse(text) as AliyunBody;
    } catch {
      body = undefined;
    }
    const code = body?.Code;
    if (code && code !== "OK") {
      if (WHOLE_CALL_CODES.has(code) || res.status >= 500) {
        throw new SmsProviderError(
          res.status >= 500 ? "transient" : classifyAliyunCode(code),
          code,
          `Alibaba Cloud SMS ${action}: ${code} ${body?.Message ?? ""}`.trim(),
          res.status,
        );
      }
      return body ?? {};
    }
    if (!res.ok || !body) {
      throw unexpectedAnswer("Alibaba Cloud SMS", action, res);
    }
    return body;
  }

  send(batch: readonly SmsMessage[]): Promise<SmsSendOutcome[]> {
    return sendOncePerKey(batch, (unique) => this.sendUnique(unique));
  }

  private async sendUnique(batch: readonly SmsMessage[]): Promise<Map<string, SmsSendOutcome>> {
    const out = new Map<string, SmsSendOutcome>();
    const groups = groupByTemplate(batch, "Alibaba Cloud SMS", (m) => m.template.code, out);
    const date = beijingDate(this.now());
    for (const [templateCode, messages] of groups) {
      for (let i = 0; i < messages.length; i += MAX_BATCH) {
        const chunk = messages.slice(i, i + MAX_BATCH);
        const phones = chunk.map((m) => normalizeCnMobile(m.phone));
        const body =
          chunk.length === 1
            ? await this.call("SendSms", {
                PhoneNumbers: phones[0] ?? "",
                SignName: this.options.signName,
                TemplateCode: templateCode,
                TemplateParam: JSON.stringify(chunk[0]?.template?.params ?? {}),
                OutId: chunk[0]?.key ?? "",
              })
            : await this.call(
                "SendBatchSms",
                {
                  PhoneNumberJson: JSON.stringify(phones),
                  SignNameJson: JSON.stringify(chunk.map(() => this.options.signName)),
                  TemplateCode: templateCode,
                  TemplateParamJson: JSON.stringify(chunk.map((m) => m.template?.params ?? {})),
                },
                "POST",
              );
        chunk.forEach((m, j) => {
          if (body.Code === "OK" && body.BizId) {
            out.set(m.key, {
              key: m.key,
              ok: true,
              providerId: `${body.BizId}|${phones[j]}|${date}`,
              duplicate: false,
            });
          } else {
            const code = body.Code ?? "bad_response";
            const error: SmsErrorInfo = {
              kind: body.Code ? classifyAliyunCode(code) : "transient",
              code,
              message: body.Message ?? "no BizId in the answer",
            };
            out.set(m.key, { key: m.key, ok: false, error });
          }
        });
      }
    }
    return out;
  }

  async queryStatus(ids: readonly string[]): Promise<SmsStatus[]> {
    const result: SmsStatus[] = [];
    for (const id of ids) {
      const [bizId, phone, date] = id.split("|");
      if (!bizId || !phone || !date) {
        result.push({ providerId: id, status: "unknown" });
        continue;
      }
      const body = await this.call("QuerySendDetails", {
        BizId: bizId,
        PhoneNumber: phone,
        SendDate: date,
        PageSize: "10",
        CurrentPage: "1",
      });
      if (body.Code !== "OK") {
        result.push({
          providerId: id,
          status: "unknown",
          ...(body.Code ? { errorCode: body.Code } : {}),
        });
        continue;
      }
      const d = body.SmsSendDetailDTOs?.SmsSendDetailDTO?.find(
        (x) => !x.PhoneNum || normalizeCnMobile(x.PhoneNum) === phone,
      );
      if (!d) {
        result.push({ providerId: id, status: "unknown" });
        continue;
      }
      const status = d.SendStatus === 3 ? "delivered" : d.SendStatus === 2 ? "failed" : "pending";
      const at = beijingToIso(d.ReceiveDate);
      result.push({
        providerId: id,
        status,
        ...(at && status !== "pending" ? { at } : {}),
        ...(status === "failed" && d.ErrCode ? { errorCode: d.ErrCode } : {}),
      });
    }
    return result;
  }
}
