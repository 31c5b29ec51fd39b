/**
 * `dacu start` refusing to start: a taken port and a data directory held by another process
 * each give their bilingual message and a non-zero exit code, never a stack trace.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/adapters/db/database.ts";

function start(
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const child = spawn(process.execPath, ["bin/dacu.js", "start"], {
    env: { ...process.env, DATABASE_URL: "", DACU_DEMO: "0", DACU_WORKER: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr, stdout })));
}

describe("dacu start refuses with a clear message", () => {
  const dir = mkdtempSync(join(tmpdir(), "dacu-start-"));
  let blocker: Server;
  let port = 0;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((r) => blocker.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the taken port in both languages, still showing the new owner's password", async () => {
    const r = await start({ DACU_DATA_DIR: join(dir, "a"), PORT: String(port) });
    expect(r.code).toBe(1);
    // the first start created the owner: its one-time password is not lost with the start
    expect(r.stdout).toMatch(/用户 Login: admin {2}密码 Password: \S{8,}/);
    expect(r.stderr).toContain(`端口 ${port} 已被占用`);
    expect(r.stderr).toContain(`Port ${port} is in use`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("names the data directory another process holds", async () => {
    const held: Database = await openDatabase({ dataDir: join(dir, "b") });
    try {
      const r = await start({ DACU_DATA_DIR: join(dir, "b"), PORT: "0" });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("正被另一个 Dacu 进程");
      expect(r.stderr).toContain("in use by another Dacu process");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await held.close();
    }
  }, 60_000);
});
