import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import type { SmsMessage } from "../provider.ts";
import { SmsProviderError } from "../provider.ts";
import { FakeSmsProvider } from "./client.ts";
import { type FakeSmsServer, startFakeSmsServer } from "./server.ts";

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function fake(opts: Parameters<typeof startFakeSmsServer>[0] = {}): Promise<FakeSmsServer> {
  const s = await startFakeSmsServer(opts);
  servers.push(s);
  return s;
}

const msg = (i: number, extra: Partial<SmsMessage> = {}): SmsMessage => ({
  key: `journey1:step3:c${i}:sms`,
  phone: `1380000${String(i).padStart(4, "0")}`,
  text: "【小店】您的包裹已发出，请留意查收",
  type: "notification",
  ...extra,
});

/** A local receiver for receipts pushed to a callback URL. */
async function receiver() {
  const got: unknown[] = [];
  const app = new Hono();
  app.post("/receipts", async (c) => {
    got.push(...((await c.req.json()) as { receipts: unknown[] }).receipts);
    return c.json({ ok: true });
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const handle = {
    url: `http://127.0.0.1:${port}/receipts`,
    got,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
  servers.push(handle);
  return handle;
}

async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("fake SMS provider over HTTP on 127.0.0.1", () => {
  it("send → receipt (callback and pull) → status query", async () => {
    const cb = await receiver();
    // A long delay keeps the messages pending until the test flushes the receipts.
    const server = await fake({ deliveryDelayMs: 60_000, callbackUrl: cb.url });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const sms = new FakeSmsProvider({ baseUrl: server.url });

    const out = await sms.send([msg(1), msg(2)]);
    expect(out).toEqual([
      { key: msg(1).key, ok: true, providerId: "fake-00000001", duplicate: false },
      { key: msg(2).key, ok: true, providerId: "fake-00000002", duplicate: false },
    ]);
    const ids = ["fake-00000001", "fake-00000002"];
    expect((await sms.queryStatus(ids)).map((s) => s.status)).toEqual(["pending", "pending"]);

    await server.flushReceipts();
    await waitFor(() => cb.got.length === 2);
    expect(cb.got).toMatchObject([
      { seq: 1, id: ids[0], key: msg(1).key, status: "delivered" },
      { seq: 2, id: ids[1], key: msg(2).key, status: "delivered" },
    ]);
    const pulled = await sms.pullReceipts();
    expect(pulled.receipts.map((r) => r.id)).toEqual(ids);
    expect(pulled.next).toBe(2);
    expect((await sms.pullReceipts(pulled.next)).receipts).toEqual([]);

    const statuses = await sms.queryStatus([...ids, "fake-99999999"]);
    expect(statuses.map((s) => s.status)).toEqual(["delivered", "delivered", "unknown"]);
    expect(statuses[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("receipts are issued on their own after the delivery delay", async () => {
    const cb = await receiver();
    const server = await fake({ deliveryDelayMs: 5, callbackUrl: cb.url });
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    await sms.send([msg(1)]);
    await waitFor(() => cb.got.length === 1);
    expect((await sms.queryStatus(["fake-00000001"]))[0]?.status).toBe("delivered");
    expect(server.callbackErrors()).toEqual([]);
  });

  it("idempotency: a repeated key returns the original id and is delivered once", async () => {
    const server = await fake();
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    const [first] = await sms.send([msg(1)]);
    const [again] = await sms.send([msg(1, { text: "【小店】不同的正文" })]);
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(again).toEqual({ ...first, duplicate: true });
    expect(server.log()).toHaveLength(1);
    await server.flushReceipts();
    expect(server.receipts()).toHaveLength(1);
  });

  it("seeded failures are reproducible and classified transient / permanent", async () => {
    const batch = Array.from({ length: 40 }, (_, i) => msg(i));
    const run = async () => {
      const server = await fake({ seed: 42, transientFailureRate: 0.2, permanentFailureRate: 0.1 });
      const out = await new FakeSmsProvider({ baseUrl: server.url }).send(batch);
      return out.map((o) => (o.ok ? "ok" : o.error.kind));
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain("transient");
    expect(a).toContain("permanent");
    expect(a).toContain("ok");
  });

  it("retrying transient failures with the same keys: exactly one delivered per recipient", async () => {
    const server = await fake({ seed: 7, transientFailureRate: 0.4, deliveryDelayMs: 1 });
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    const batch = Array.from({ length: 30 }, (_, i) => msg(i));
    let todo = batch;
    for (let attempt = 0; attempt < 20 && todo.length > 0; attempt++) {
      // Re-send the whole batch on the first retries too: accepted keys are deduplicated.
      const out = await sms.send(attempt < 2 ? batch : todo);
      const failed = new Set(out.filter((o) => !o.ok).map((o) => o.key));
      todo = batch.filter((m) => failed.has(m.key));
    }
    expect(todo).toEqual([]);
    await server.flushReceipts();
    const delivered = server.receipts().filter((r) => r.status === "delivered");
    const perPhone = new Map<string, number>();
    for (const r of delivered) perPhone.set(r.phone, (perPhone.get(r.phone) ?? 0) + 1);
    expect(perPhone.size).toBe(30);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
    expect(server.log()).toHaveLength(30);
  });

  it("undeliverable messages get a failed receipt and status", async () => {
    const server = await fake({ seed: 3, undeliverableRate: 1 });
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    const [o] = await sms.send([msg(1)]);
    await server.flushReceipts();
    const id = o?.ok ? o.providerId : "";
    expect(await sms.queryStatus([id])).toEqual([
      { providerId: id, status: "failed", at: expect.any(String), errorCode: "UNDELIVERABLE" },
    ]);
  });

  it("balance is counted in segments; running out is a permanent error", async () => {
    const server = await fake({ balance: 3 });
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    expect(await sms.balance()).toEqual({ remaining: 3, unit: "segments" });
    const long = `【小店】${"好".repeat(80)}`; // 86 chars = 2 segments
    const out = await sms.send([msg(1, { text: long }), msg(2, { text: long })]);
    expect(out[0]?.ok).toBe(true);
    expect(out[1]).toMatchObject({
      ok: false,
      error: { kind: "permanent", code: "insufficient_balance" },
    });
    expect(await sms.balance()).toEqual({ remaining: 1, unit: "segments" });
  });

  it("invalid numbers are permanent; marketing outside the window is refused when enforced", async () => {
    const server = await fake({
      enforceMarketingWindow: true,
      now: () => Date.parse("2026-11-10T20:30:00+08:00"),
    });
    const sms = new FakeSmsProvider({ baseUrl: server.url });
    const out = await sms.send([
      msg(1, { phone: "12345" }),
      msg(2, { type: "marketing", text: "【小店】上新啦，回T退订" }),
      msg(3),
    ]);
    expect(out.map((o) => (o.ok ? "ok" : o.error.code))).toEqual([
      "invalid_phone",
      "marketing_time_constraint",
      "ok",
    ]);
  });

  it("API key, latency and timeouts map to classified errors", async () => {
    const server = await fake({ apiKey: "k1", latencyMs: 150 });
    await expect(new FakeSmsProvider({ baseUrl: server.url }).send([msg(1)])).rejects.toMatchObject(
      {
        name: "SmsProviderError",
        kind: "permanent",
        code: "http_401",
      },
    );
    const slow = new FakeSmsProvider({ baseUrl: server.url, apiKey: "k1", timeoutMs: 30 });
    const err = await slow.send([msg(1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsProviderError);
    expect(err).toMatchObject({ kind: "transient", code: "timeout" });
    const ok = new FakeSmsProvider({ baseUrl: server.url, apiKey: "k1" });
    expect((await ok.send([msg(2)]))[0]?.ok).toBe(true);
  });

  it("an unreachable provider is a transient network error", async () => {
    const server = await fake();
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await expect(new FakeSmsProvider({ baseUrl: url }).send([msg(1)])).rejects.toMatchObject({
      kind: "transient",
      code: "network_error",
    });
  });
});
