import { createHash, createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SmsMessage } from "../provider.ts";
import { classifyTencentCode, TencentSmsProvider } from "./client.ts";
import { tc3Sign } from "./sign.ts";

/**
 * The example published in Tencent Cloud's "Signature v3" documentation (CVM
 * DescribeInstances, cloud.tencent.com/document/api/213/30654): timestamp 1551113065,
 * SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE, expected signature 72e494ea…525168.
 */
const DOC = {
  secretId: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
  secretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
  service: "cvm",
  host: "cvm.tencentcloudapi.com",
  timestamp: 1551113065,
  payload:
    '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

describe("TC3-HMAC-SHA256", () => {
  it("reproduces the published example step by step", () => {
    const r = tc3Sign(DOC);
    expect(r.canonicalRequest).toBe(
      [
        "POST",
        "/",
        "",
        "content-type:application/json; charset=utf-8",
        "host:cvm.tencentcloudapi.com",
        "",
        "content-type;host",
        "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064",
      ].join("\n"),
    );
    expect(r.stringToSign).toBe(
      "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031",
    );
    expect(r.signature).toBe("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    expect(r.authorization).toBe(
      "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
    );
  });

  it("uses the UTC date of the timestamp (00:44 Beijing on the 26th is still the 25th)", () => {
    expect(tc3Sign(DOC).credentialScope).toBe("2019-02-25/cvm/tc3_request");
  });

  it("matches HMACs computed independently with node:crypto", () => {
    const r = tc3Sign({ ...DOC, service: "sms", host: "127.0.0.1:8080", payload: "{}" });
    const h = (k: string | Buffer, m: string) => createHmac("sha256", k).update(m).digest();
    const key = h(h(h("TC3Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25"), "sms"), "tc3_request");
    const canonical = `POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:127.0.0.1:8080\n\ncontent-type;host\n${createHash("sha256").update("{}").digest("hex")}`;
    const sts = `TC3-HMAC-SHA256\n1551113065\n2019-02-25/sms/tc3_request\n${createHash("sha256").update(canonical).digest("hex")}`;
    expect(r.signature).toBe(createHmac("sha256", key).update(sts).digest("hex"));
  });
});

describe("classifyTencentCode", () => {
  it("classifies the SMS codes", () => {
    expect(classifyTencentCode("LimitExceeded.PhoneNumberThirtySecondLimit")).toBe("transient");
    expect(classifyTencentCode("InternalError.Timeout")).toBe("transient");
    expect(classifyTencentCode("RequestLimitExceeded")).toBe("transient");
    expect(classifyTencentCode("LimitExceeded.PhoneNumberDailyLimit")).toBe("permanent");
    expect(classifyTencentCode("FailedOperation.MarketingSendTimeConstraint")).toBe("permanent");
    expect(classifyTencentCode("InvalidParameterValue.IncorrectPhoneNumber")).toBe("permanent");
    expect(classifyTencentCode("AuthFailure.SignatureFailure")).toBe("permanent");
  });
});

// A local stand-in for sms.tencentcloudapi.com that checks every signature.
const SECRET_KEY = "local-key";
const calls: { action: string; body: Record<string, unknown> }[] = [];
let server: ReturnType<typeof serve>;
let endpoint = "";
let pulled = false;

beforeAll(async () => {
  const app = new Hono();
  app.post("/", async (c) => {
    const payload = await c.req.text();
    const expected = tc3Sign({
      secretId: "AKID-local",
      secretKey: SECRET_KEY,
      service: "sms",
      host: c.req.header("host") ?? "",
      timestamp: Number(c.req.header("x-tc-timestamp")),
      payload,
      contentType: c.req.header("content-type") ?? "",
    });
    const action = c.req.header("x-tc-action") ?? "";
    if (c.req.header("authorization") !== expected.authorization) {
      return c.json({
        Response: {
          Error: { Code: "AuthFailure.SignatureFailure", Message: "bad signature" },
          RequestId: "r0",
        },
      });
    }
    if (c.req.header("x-tc-version") !== "2021-01-11") return c.text("bad version", 400);
    const body = JSON.parse(payload) as Record<string, unknown>;
    calls.push({ action, body });
    if (action === "SendSms") {
      const numbers = body.PhoneNumberSet as string[];
      if (numbers.includes("+8613800000007")) {
        return c.json({
          Response: { Error: { Code: "InternalError.Timeout", Message: "x" }, RequestId: "r" },
        });
      }
      return c.json({
        Response: {
          RequestId: "r1",
          SendStatusSet: numbers.map((n, i) => ({
            SerialNo: `serial-${n.slice(-4)}-${i}`,
            PhoneNumber: n,
            Fee: 1,
            SessionContext: body.SessionContext,
            Code: n.endsWith("9")
              ? "InvalidParameterValue.IncorrectPhoneNumber"
              : n.endsWith("8")
                ? "LimitExceeded.PhoneNumberThirtySecondLimit"
                : "Ok",
            Message: "send success",
            IsoCode: "CN",
          })),
        },
      });
    }
    if (action === "PullSmsSendStatus") {
      const set = pulled
        ? []
        : [
            {
              UserReceiveTime: "2026-11-10 10:00:03",
              CountryCode: "86",
              SubscriberNumber: "13800000001",
              PhoneNumber: "+8613800000001",
              SerialNo: "serial-0001-0",
              ReportStatus: "SUCCESS",
              Description: "DELIVRD",
            },
            {
              UserReceiveTime: "2026-11-10 10:00:04",
              PhoneNumber: "+8613800000002",
              SerialNo: "serial-0002-1",
              ReportStatus: "FAIL",
              Description: "MN:0001",
            },
          ];
      pulled = true;
      return c.json({ Response: { RequestId: "r2", PullSmsSendStatusSet: set } });
    }
    return c.json({ Response: { Error: { Code: "InvalidAction", Message: "?" } } });
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

const provider = (secretKey = SECRET_KEY) =>
  new TencentSmsProvider({
    secretId: "AKID-local",
    secretKey,
    smsSdkAppId: "1400000000",
    signName: "小店",
    endpoint,
    now: () => Date.parse("2026-11-10T02:00:00Z"),
  });

const msg = (phone: string, params: Record<string, string> = { "1": "A1" }): SmsMessage => ({
  key: `k-${phone}`,
  phone,
  text: "【小店】您的订单A1已发货",
  type: "notification",
  template: { code: "1234567", params },
});

describe("TencentSmsProvider against a local endpoint", () => {
  it("SendSms: one call per template and parameters, statuses matched by number", async () => {
    calls.length = 0;
    const out = await provider().send([
      msg("13800000001"),
      msg("13800000002"),
      msg("13800000003", { "2": "b", "1": "a" }),
    ]);
    expect(calls.map((c) => c.action)).toEqual(["SendSms", "SendSms"]);
    expect(calls[0]?.body).toEqual({
      PhoneNumberSet: ["+8613800000001", "+8613800000002"],
      SmsSdkAppId: "1400000000",
      SignName: "小店",
      TemplateId: "1234567",
      TemplateParamSet: ["A1"],
      SessionContext: "",
    });
    expect(calls[1]?.body).toMatchObject({
      PhoneNumberSet: ["+8613800000003"],
      TemplateParamSet: ["a", "b"],
      SessionContext: "k-13800000003",
    });
    expect(out).toEqual([
      { key: "k-13800000001", ok: true, providerId: "serial-0001-0", duplicate: false },
      { key: "k-13800000002", ok: true, providerId: "serial-0002-1", duplicate: false },
      { key: "k-13800000003", ok: true, providerId: "serial-0003-0", duplicate: false },
    ]);
  });

  it("per-number errors are classified", async () => {
    const out = await provider().send([msg("13800000009"), msg("13800000008")]);
    expect(out.map((o) => (o.ok ? "ok" : `${o.error.kind}:${o.error.code}`))).toEqual([
      "permanent:InvalidParameterValue.IncorrectPhoneNumber",
      "transient:LimitExceeded.PhoneNumberThirtySecondLimit",
    ]);
  });

  it("whole-call errors throw classified errors", async () => {
    await expect(provider("wrong").send([msg("13800000001")])).rejects.toMatchObject({
      kind: "permanent",
      code: "AuthFailure.SignatureFailure",
    });
    await expect(provider().send([msg("13800000007")])).rejects.toMatchObject({
      kind: "transient",
      code: "InternalError.Timeout",
    });
  });

  it("PullSmsSendStatus feeds queryStatus; unseen ids stay pending", async () => {
    const p = provider();
    expect(await p.queryStatus(["serial-0001-0", "serial-0002-1", "serial-x"])).toEqual([
      { providerId: "serial-0001-0", status: "delivered", at: "2026-11-10T10:00:03+08:00" },
      {
        providerId: "serial-0002-1",
        status: "failed",
        at: "2026-11-10T10:00:04+08:00",
        errorCode: "MN:0001",
      },
      { providerId: "serial-x", status: "pending" },
    ]);
  });
});
