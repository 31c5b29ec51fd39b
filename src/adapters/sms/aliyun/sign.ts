/**
 * Alibaba Cloud RPC-style request signature (SignatureVersion 1.0, HMAC-SHA1), as used by
 * the SMS API (dysmsapi): sort the parameters, percent-encode them (RFC 3986), build
 * `METHOD&%2F&` + encoded canonical query, sign with HMAC-SHA1 keyed `AccessKeySecret&`.
 */

import { createHmac } from "node:crypto";

/**
 * Percent-encodes per RFC 3986 as Alibaba Cloud requires: UTF-8, unreserved characters
 * (`A–Z a–z 0–9 - _ . ~`) kept, space as `%20` (never `+`), `*` as `%2A`, `~` kept.
 *
 * @example
 * percentEncode("a b*c~"); // "a%20b%2Ac~"
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%7E/g, "~");
}

/**
 * The canonical query string: parameters (without `Signature`) sorted by name in byte order,
 * each `encode(name)=encode(value)`, joined by `&`.
 *
 * @example
 * canonicalQuery({ B: "2", A: "x y" }); // "A=x%20y&B=2"
 */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((k) => k !== "Signature")
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] ?? "")}`)
    .join("&");
}

/**
 * The string to sign: `METHOD&%2F&` + the percent-encoded canonical query.
 *
 * @example
 * stringToSign("GET", { Action: "SendSms" }); // "GET&%2F&Action%3DSendSms"
 */
export function stringToSign(method: "GET" | "POST", params: Readonly<Record<string, string>>) {
  return `${method}&${percentEncode("/")}&${percentEncode(canonicalQuery(params))}`;
}

/**
 * The `Signature` value: Base64 of HMAC-SHA1(`AccessKeySecret&`, string to sign).
 *
 * @example
 * signRpc("GET", params, "testSecret"); // e.g. "zJDF+Lrzhj/ThnlvIToysFRq6t4=" for the documented example
 */
export function signRpc(
  method: "GET" | "POST",
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac("sha1", `${accessKeySecret}&`)
    .update(stringToSign(method, params), "utf8")
    .digest("base64");
}

/**
 * The full signed query string (`Signature` first, then the canonical query): the URL query
 * of a GET, or the form body of a POST.
 *
 * @example
 * signedQuery(params, "testSecret"); // "Signature=zJDF%2BLrzhj%2F…&AccessKeyId=…"
 */
export function signedQuery(
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
  method: "GET" | "POST" = "GET",
): string {
  const signature = signRpc(method, params, accessKeySecret);
  return `Signature=${percentEncode(signature)}&${canonicalQuery(params)}`;
}
