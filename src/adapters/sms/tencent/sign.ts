/**
 * Tencent Cloud API 3.0 request signature, TC3-HMAC-SHA256: canonical request → string to
 * sign → key derived from `TC3` + SecretKey over date, service and `tc3_request`.
 */

import { createHash, createHmac } from "node:crypto";

/** What a signature covers. */
export interface Tc3Input {
  readonly secretId: string;
  readonly secretKey: string;
  /** Product, e.g. `sms` or `cvm`. */
  readonly service: string;
  /** Host header value, e.g. `sms.tencentcloudapi.com` (with `:port` when not default). */
  readonly host: string;
  /** Unix seconds; also gives the UTC date of the credential scope. */
  readonly timestamp: number;
  /** The exact request body (empty for GET). */
  readonly payload: string;
  /** Default `POST`. */
  readonly method?: "GET" | "POST";
  /** Default `application/json; charset=utf-8`. */
  readonly contentType?: string;
  /** Query string after `?` for GET, already encoded. Default empty. */
  readonly query?: string;
}

/** The signature and its intermediate strings (handy when a signature is rejected). */
export interface Tc3Result {
  readonly authorization: string;
  readonly signature: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly credentialScope: string;
  readonly signedHeaders: string;
}

const sha256Hex = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const hmac = (key: string | Buffer, msg: string) =>
  createHmac("sha256", key).update(msg, "utf8").digest();

/**
 * Signs a request with TC3-HMAC-SHA256 (signed headers: `content-type;host`).
 *
 * @example
 * const { authorization } = tc3Sign({
 *   secretId, secretKey, service: "sms", host: "sms.tencentcloudapi.com",
 *   timestamp: 1551113065, payload: '{"PhoneNumberSet":["+8613800000000"]}',
 * });
 */
export function tc3Sign(input: Tc3Input): Tc3Result {
  const method = input.method ?? "POST";
  const contentType = input.contentType ?? "application/json; charset=utf-8";
  const signedHeaders = "content-type;host";
  const canonicalHeaders = `content-type:${contentType.toLowerCase()}\nhost:${input.host.toLowerCase()}\n`;
  const canonicalRequest = [
    method,
    "/",
    input.query ?? "",
    canonicalHeaders,
    signedHeaders,
    sha256Hex(input.payload),
  ].join("\n");
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const credentialScope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [
    "TC3-HMAC-SHA256",
    String(input.timestamp),
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join("\n");
  const secretDate = hmac(`TC3${input.secretKey}`, date);
  const secretService = hmac(secretDate, input.service);
  const secretSigning = hmac(secretService, "tc3_request");
  const signature = createHmac("sha256", secretSigning).update(stringToSign, "utf8").digest("hex");
  const authorization =
    `TC3-HMAC-SHA256 Credential=${input.secretId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    authorization,
    signature,
    canonicalRequest,
    stringToSign,
    credentialScope,
    signedHeaders,
  };
}
