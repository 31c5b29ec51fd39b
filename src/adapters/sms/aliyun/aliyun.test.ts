import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmsMessage } from "../provider.ts";
import { AliyunSmsProvider, classifyAliyunCode } from "./client.ts";
import { canonicalQuery, percentEncode, signedQuery, signRpc, stringToSign } from "./sign.ts";

/**
 * The example published in Alibaba Cloud's SMS signature documentation ("签名机制", HTTP
 * protocol and signature; help.aliyun.com/document_detail/56189): AccessKeyId `testId`,
 * AccessKeySecret `testSecret`. Note the published key pair is capitalised this way; with
 * `testid`/`testsecret` the same parameters give a different signature.
 */
const SMS_DOC_PARAMS = {
  AccessKeyId: "testId",
  Action: "SendSms",
  Format: "XML",
  OutId: "123",
  PhoneNumbers: "15300000001",
  RegionId: "cn-hangzhou",
  SignName: "阿里云短信测试专用",
  SignatureMethod: "HMAC-SHA1",
  SignatureNonce: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
  SignatureVersion: "1.0",
  TemplateCode: "SMS_71390007",
  TemplateParam: '{"customer":"test"}',
  Timestamp: "2017-07-12T02:42:19Z",
  Version: "2017-05-25",
};

describe("Alibaba Cloud RPC signature", () => {
  it("percent-encoding follows RFC 3986 with %20, %2A and ~", () => {
    expect(percentEncode("a b")).toBe("a%20b");
    expect(percentEncode("*")).toBe("%2A");
    expect(percentEncode("~-_.")).toBe("~-_.");
    expect(percentEncode("/=&+:")).toBe("%2F%3D%26%2B%3A");
    expect(percentEncode("!'()")).toBe("%21%27%28%29");
    expect(percentEncode("阿")).toBe("%E9%98%BF");
  });

  it("reproduces the published SMS example: canonical query, string to sign, signature", () => {
    expect(canonicalQuery(SMS_DOC_PARAMS)).toBe(
      "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25",
    );
    expect(stringToSign("GET", SMS_DOC_PARAMS)).toBe(
      "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25",
    );
    expect(signRpc("GET", SMS_DOC_PARAMS, "testSecret")).toBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
    expect(signedQuery(SMS_DOC_PARAMS, "testSecret")).toMatch(
      /^Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&/,
    );
  });

  it("reproduces the published RPC example (DescribeRegions, secret testsecret)", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    expect(signRpc("GET", params, "testsecret")).toBe("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
  });

  it("matches an HMAC computed independently on a hand-built string", () => {
    const params = { B: "x y*", A: "~1" };
    const hand = "GET&%2F&A%3D~1%26B%3Dx%2520y%252A";
    expect(stringToSign("GET", params)).toBe(hand);
    expect(signRpc("GET", params, "k")).toBe(
      createHmac("sha1", "k&").update(hand).digest("base64"),
    );
  });
});

describe("classifyAliyunCode", () => {
  it("rate limits and system errors are transient; the rest permanent", () => {
    expect(classifyAliyunCode("isv.BUSINESS_LIMIT_CONTROL")).toBe("transient");
    expect(classifyAliyunCode("Throttling.User")).toBe("transient");
    expect(classifyAliyunCode("isp.SYSTEM_ERROR")).toBe("transient");
    expect(classifyAliyunCode("isv.MOBILE_NUMBER_ILLEGAL")).toBe("permanent");
    expect(classifyAliyunCode("isv.AMOUNT_NOT_ENOUGH")).toBe("permanent");
  });
});

// A local stand-in for dysmsapi that checks every signature.
const SECRET = "local-secret";
const requests: Record<string, string>[] = [];
let server: ReturnType<typeof serve>;
let endpoint = "";

beforeAll(async () => {
  const app = new Hono();
  app.on(["GET", "POST"], "/", async (c) => {
    const method = c.req.method === "POST" ? "POST" : "GET";
    const params = Object.fromEntries(
      method === "GET" ? new URL(c.req.url).searchParams : new URLSearchParams(await c.req.text()),
    );
    requests.push({ ...params, _method: method });
    const { Signature, ...rest } = params;
    if (Signature !== signRpc(method, rest, SECRET)) {
      return c.json({ Code: "SignatureDoesNotMatch", Message: "bad signature" }, 400);
    }
    if (params.Action === "SendSms") {
      if (params.PhoneNumbers === "13800000009") {
        return c.json({ Code: "isv.MOBILE_NUMBER_ILLEGAL", Message: "illegal number" });
      }
      if (params.PhoneNumbers === "13800000008") {
        return c.json({ Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "flow control" });
      }
      if (params.PhoneNumbers === "13800000007") return c.text("oops", 503);
      return c.json({ Code: "OK", Message: "OK", BizId: "900619746936498440^0" });
    }
    if (params.Action === "SendBatchSms") {
      return c.json({ Code: "OK", Message: "OK", BizId: "batch-1" });
    }
    if (params.Action === "QuerySendDetails") {
      return c.json({
        Code: "OK",
        TotalCount: 1,
        SmsSendDetailDTOs: {
          SmsSendDetailDTO: [
            {
              SendStatus: params.PhoneNumber === "13800000002" ? 2 : 3,
              ErrCode: params.PhoneNumber === "13800000002" ? "MOBILE_NOT_ON_SERVICE" : "DELIVERED",
              PhoneNum: params.PhoneNumber,
              ReceiveDate: "2026-11-10 10:00:03",
            },
          ],
        },
      });
    }
    return c.json({ Code: "InvalidAction", Message: "unknown" }, 404);
  });
  server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise<void>((r) => {
    server.close(() => r());
    if ("closeAllConnections" in server) server.closeAllConnections();
  });
});

const provider = (secret = SECRET) =>
  new AliyunSmsProvider({
    accessKeyId: "LTAI-local",
    accessKeySecret: secret,
    signName: "小店",
    endpoint,
    now: () => Date.parse("2026-11-10T02:00:00.123Z"),
    nonce: () => "nonce-1",
  });

const msg = (phone: string, key = `k-${phone}`): SmsMessage => ({
  key,
  phone,
  text: "【小店】您的订单A1已发货",
  type: "notification",
  template: { code: "SMS_1", params: { order: "A1" } },
});

describe("AliyunSmsProvider against a local endpoint", () => {
  it("SendSms: signed GET with the common parameters, OutId = key", async () => {
    requests.length = 0;
    const out = await provider().send([msg("+86 13800000001")]);
    expect(out).toEqual([
      {
        key: "k-+86 13800000001",
        ok: true,
        providerId: "900619746936498440^0|13800000001|20261110",
        duplicate: false,
      },
    ]);
    expect(requests[0]).toMatchObject({
      _method: "GET",
      Action: "SendSms",
      Format: "JSON",
      Version: "2017-05-25",
      SignatureMethod: "HMAC-SHA1",
      SignatureVersion: "1.0",
      SignatureNonce: "nonce-1",
      Timestamp: "2026-11-10T02:00:00Z",
      PhoneNumbers: "13800000001",
      SignName: "小店",
      TemplateCode: "SMS_1",
      TemplateParam: '{"order":"A1"}',
      OutId: "k-+86 13800000001",
    });
  });

  it("SendBatchSms for several recipients of one template; keys repeated in a batch go once", async () => {
    requests.length = 0;
    const out = await provider().send([msg("13800000001"), msg("13800000002"), msg("13800000001")]);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      _method: "POST",
      Action: "SendBatchSms",
      PhoneNumberJson: '["13800000001","13800000002"]',
      SignNameJson: '["小店","小店"]',
      TemplateParamJson: '[{"order":"A1"},{"order":"A1"}]',
    });
    expect(out.map((o) => (o.ok ? [o.providerId, o.duplicate] : o.error.code))).toEqual([
      ["batch-1|13800000001|20261110", false],
      ["batch-1|13800000002|20261110", false],
      ["batch-1|13800000001|20261110", true],
    ]);
  });

  it("per-message errors are classified; messages without a template are refused", async () => {
    const one = (phone: string) => ({
      ...msg(phone),
      template: { code: `T-${phone}`, params: {} },
    });
    const out = await provider().send([
      one("13800000009"),
      one("13800000008"),
      { ...msg("13800000001"), template: undefined } as unknown as SmsMessage,
    ]);
    expect(out.map((o) => (o.ok ? "ok" : `${o.error.kind}:${o.error.code}`))).toEqual([
      "permanent:isv.MOBILE_NUMBER_ILLEGAL",
      "transient:isv.BUSINESS_LIMIT_CONTROL",
      "permanent:template_required",
    ]);
  });

  it("a wrong secret is a permanent whole-call error; HTTP 503 is transient", async () => {
    await expect(provider("wrong").send([msg("13800000001")])).rejects.toMatchObject({
      kind: "permanent",
      code: "SignatureDoesNotMatch",
    });
    await expect(provider().send([msg("13800000007")])).rejects.toMatchObject({
      kind: "transient",
      code: "http_503",
    });
  });

  it("QuerySendDetails maps delivery states", async () => {
    const st = await provider().queryStatus([
      "biz|13800000001|20261110",
      "biz|13800000002|20261110",
      "garbage",
    ]);
    expect(st).toEqual([
      {
        providerId: "biz|13800000001|20261110",
        status: "delivered",
        at: "2026-11-10T10:00:03+08:00",
      },
      {
        providerId: "biz|13800000002|20261110",
        status: "failed",
        at: "2026-11-10T10:00:03+08:00",
        errorCode: "MOBILE_NOT_ON_SERVICE",
      },
      { providerId: "garbage", status: "unknown" },
    ]);
  });
});
