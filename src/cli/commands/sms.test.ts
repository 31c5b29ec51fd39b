import { execFile, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeSmsProvider } from "../../adapters/sms/fake/client.ts";
import { main } from "../main.ts";

const root = new URL("../../../", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "dacu-sms-cli-"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real binary in a child process (used for the exact contract examples). */
function dacuProcess(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(root, "bin/dacu.js"), ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the CLI in this process, capturing stdout, stderr and the exit code. */
async function dacu(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    await main(["node", "dacu", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const code = typeof process.exitCode === "number" ? process.exitCode : 0;
  process.exitCode = undefined;
  return { code, stdout, stderr };
}

afterEach(() => {
  process.exitCode = undefined;
});

let n = 0;
function file(content: unknown): string {
  const p = join(dir, `in-${n++}.json`);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
}

/** The contract examples: a clean marketing text, and a marketing SMS at 20:00 Beijing time. */
const lintExample = [
  "sms",
  "lint",
  "--type",
  "marketing",
  "--text",
  "【小店】双11全场满300减40，回T退订",
];
const windowExample = [
  "sms",
  "window",
  "--provider",
  "aliyun",
  "--type",
  "marketing",
  "--at",
  "2026-11-10T20:00:00+08:00",
];

/** An --input item of `sms window`: the same send as the example. */
const ok = { provider: "aliyun", type: "marketing", at: "2026-11-10T20:00:00+08:00" };

/** `sms <command> --input <a file holding content> …rest`. */
const withInput = (command: "lint" | "window", content: unknown, ...rest: string[]) => [
  "sms",
  command,
  "--input",
  file(content),
  ...rest,
];

describe("dacu sms lint", () => {
  it("prints one result object with exactly ok, problems, segments, chars", async () => {
    const r = await dacu(...lintExample, "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe('{"ok":true,"problems":[],"segments":1,"chars":21}\n');
  });
  it("reports problems sorted", async () => {
    const r = await dacu("sms", "lint", "--type", "notification", "--text", "限时秒杀😀", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      problems: ["marketing_in_notification", "missing_signature", "unsupported_symbol"],
      segments: 1,
      chars: 6,
    });
  });
  it("--input: an array of results in the same order", async () => {
    const r = await dacu(
      ...withInput(
        "lint",
        [
          { text: "您的包裹已发出", type: "notification" },
          { text: "【小店】上新啦，回T退订", type: "marketing" },
        ],
        "--json",
      ),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { ok: false, problems: ["missing_signature"], segments: 1, chars: 7 },
      { ok: true, problems: [], segments: 1, chars: 12 },
    ]);
  });
  it("unknown type: exit 2 naming --type in Chinese and English, no stack", async () => {
    const r = await dacu("sms", "lint", "--type", "promo", "--text", "x", "--json");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("输入无效：--type");
    expect(r.stderr).toContain("Invalid input: --type");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("missing --text: exit 2 naming the field", async () => {
    const r = await dacu("sms", "lint", "--type", "marketing", "--json");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--text");
  });
  it("--input: the bad item's index and field are named", async () => {
    const r = await dacu(
      ...withInput(
        "lint",
        [
          { text: "【小店】您好", type: "notification" },
          { text: "【小店】您好", type: "sms" },
        ],
        "--json",
      ),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("[1].type");
    const missing = await dacu(...withInput("lint", [{ type: "marketing" }], "--json"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("[0].text");
  });
  it("bad JSON, a non-array and a missing file: exit 2 naming --input", async () => {
    for (const f of [file("[{"), file({ text: "x" }), join(dir, "nope.json")]) {
      const r = await dacu("sms", "lint", "--input", f, "--json");
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("--input");
      expect(r.stdout).toBe("");
    }
  });
  it("without --json prints a readable zh/en summary", async () => {
    const r = await dacu("sms", "lint", "--type", "marketing", "--text", "【小店】上新啦");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("missing_unsubscribe");
    expect(r.stdout).toContain("营销短信缺少退订语");
    expect(r.stdout).toContain("Marketing SMS has no opt-out phrase");
  });
});

describe("dacu sms window", () => {
  it("the contract example", async () => {
    const r = await dacu(...windowExample, "--json");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"allowed":false,"nextAllowed":"2026-11-11T08:00:00+08:00"}\n');
  });
  it("--input: an array in the same order", async () => {
    const r = await dacu(
      ...withInput(
        "window",
        [
          { provider: "aliyun", type: "marketing", at: "2026-11-10T12:00:00Z" },
          { provider: "tencent", type: "marketing", at: "2026-11-10T21:00:00+08:00" },
          { provider: "default", type: "notification", at: "2026-11-10T03:00:00+08:00" },
          { provider: "aliyun", type: "marketing", at: "2026-11-10T07:59:59.999+08:00" },
        ],
        "--json",
      ),
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { allowed: false, nextAllowed: "2026-11-11T08:00:00+08:00" },
      { allowed: true, nextAllowed: "2026-11-10T21:00:00+08:00" },
      { allowed: true, nextAllowed: "2026-11-10T03:00:00+08:00" },
      { allowed: false, nextAllowed: "2026-11-10T08:00:00+08:00" },
    ]);
  });
  it("unknown provider, invalid time, missing field: exit 2 naming the field", async () => {
    const base = ["sms", "window", "--type", "marketing", "--json"];
    const p = await dacu(...base, "--provider", "yunpian", "--at", "2026-11-10T20:00:00+08:00");
    expect(p.code).toBe(2);
    expect(p.stderr).toContain("--provider");
    const t = await dacu(...base, "--provider", "aliyun", "--at", "2026-11-10T20:00:00");
    expect(t.code).toBe(2);
    expect(t.stderr).toContain("--at");
    expect(t.stderr).toContain("不是有效时间");
    const m = await dacu(...base, "--provider", "aliyun");
    expect(m.code).toBe(2);
    expect(m.stderr).toContain("--at");
  });
  it("--input: the bad item's index is named (e.g. [3].at)", async () => {
    const r = await dacu(
      ...withInput("window", [ok, ok, ok, { ...ok, at: "2026-13-01T00:00:00Z" }], "--json"),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("[3].at");
    const p = await dacu(...withInput("window", [{ ...ok, provider: "x" }], "--json"));
    expect(p.stderr).toContain("[0].provider");
    const m = await dacu(...withInput("window", [{ provider: "aliyun", at: ok.at }]));
    expect(m.stderr).toContain("[0].type");
    const o = await dacu(...withInput("window", [ok, 42], "--json"));
    expect(o.code).toBe(2);
    expect(o.stderr).toContain("[1]");
  });
  it("--input together with --at is refused", async () => {
    const r = await dacu(...withInput("window", [], "--at", "2026-11-10T20:00:00Z"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--input");
  });
  it("without --json prints a readable zh/en line", async () => {
    const r = await dacu(...windowExample);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("不在发送时段 / not allowed");
    expect(r.stdout).toContain("2026-11-11T08:00:00+08:00");
  });
});

describe.concurrent("the dacu binary (child process)", () => {
  it("sms lint --json prints the result object", async () => {
    const r = await dacuProcess(...lintExample, "--json");
    expect(r).toEqual({
      code: 0,
      stdout: '{"ok":true,"problems":[],"segments":1,"chars":21}\n',
      stderr: "",
    });
  });
  it("sms window --json prints the contract example", async () => {
    const r = await dacuProcess(...windowExample, "--json");
    expect(r).toEqual({
      code: 0,
      stdout: '{"allowed":false,"nextAllowed":"2026-11-11T08:00:00+08:00"}\n',
      stderr: "",
    });
  });
  it("sms window --input with a bad item exits 2 naming [3].at, without a stack", async () => {
    const r = await dacuProcess(
      ...withInput("window", [ok, ok, ok, { ...ok, at: "later" }], "--json"),
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("输入无效：[3].at");
    expect(r.stderr).toContain("Invalid input: [3].at");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("dacu sms fake-server", () => {
  it("starts on 127.0.0.1, serves the fake provider, and stops on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [join(root, "bin/dacu.js"), "sms", "fake-server", "--json"],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = "";
        child.stdout.on("data", (d: Buffer) => {
          buf += d.toString();
          if (buf.includes("\n")) resolve(buf.split("\n")[0] ?? "");
        });
        child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
      });
      const { url } = JSON.parse(line) as { url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const sms = new FakeSmsProvider({ baseUrl: url });
      const [o] = await sms.send([
        { key: "k1", phone: "13800000001", text: "【小店】您的包裹已发出", type: "notification" },
      ]);
      expect(o?.ok).toBe(true);
    } finally {
      const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  });
  it("refuses a bad rate with exit 2 naming the option", async () => {
    const r = await dacu("sms", "fake-server", "--transient-rate", "2");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--transient-rate");
  });
});
