import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../main.ts";

interface Run {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Runs `dacu <args>` in-process and captures its output and exit code. */
async function run(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = 0;
  try {
    await main(["node", "dacu", ...args]);
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stdout, stderr, exitCode };
}

afterEach(() => {
  process.exitCode = 0;
});

describe("dacu calendar", () => {
  it("--json prints one object per node with exactly the contract fields", async () => {
    const r = await run("calendar", "--year", "2026", "--json");
    expect(r.exitCode).toBe(0);
    const nodes = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(nodes)).toBe(true);
    expect(nodes.length).toBeGreaterThan(25);
    for (const n of nodes)
      expect(Object.keys(n)).toEqual(["key", "name", "nameEn", "date", "kind"]);
    expect(nodes).toContainEqual({
      key: "mid-autumn",
      name: "中秋节",
      nameEn: "Mid-Autumn Festival",
      date: "2026-09-25",
      kind: "lunar",
    });
    expect(nodes).toContainEqual(
      expect.objectContaining({ key: "spring-festival", date: "2026-02-17" }),
    );
    const dates = nodes.map((n) => n.date as string);
    expect(dates).toEqual([...dates].sort());
  });

  it("prints a readable zh/en table without --json", async () => {
    const r = await run("calendar", "--year", "2026");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("日期 Date");
    expect(r.stdout).toMatch(/2026-09-25 +周五 Fri +中秋节 +Mid-Autumn Festival/);
  });

  it.each([["abc"], ["1900"], ["2101"], ["20x6"], ["2026.5"]])(
    "rejects --year %s with exit code 2 and a bilingual message",
    async (year) => {
      const r = await run("calendar", "--year", year, "--json");
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("--year");
      expect(r.stderr).toContain("年份");
      expect(r.stderr).toContain("year");
      expect(r.stderr).not.toMatch(/\n\s+at /);
    },
  );
});

describe("dacu calendar --ical", () => {
  it("prints a VCALENDAR with the year's nodes and official holidays", async () => {
    const r = await run("calendar", "--year", "2026", "--ical");
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(r.stdout.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(r.stdout).toContain("UID:double-11-2026-11-11@dacu.calendar");
    expect(r.stdout).toContain("UID:holiday-workday-2026-02-28@dacu.calendar");
  });

  it("refuses --json together with --ical", async () => {
    const r = await run("calendar", "--year", "2026", "--ical", "--json");
    expect(r.exitCode).toBe(2);
  });
});

describe("dacu holidays", () => {
  it("--json prints the announced year", async () => {
    const r = await run("holidays", "--year", "2026", "--json");
    expect(r.exitCode).toBe(0);
    const data = JSON.parse(r.stdout) as {
      year: number;
      status: string;
      days: { date: string; name: string; isOffDay: boolean }[];
    };
    expect(Object.keys(data)).toEqual(["year", "status", "days"]);
    expect(data.year).toBe(2026);
    expect(data.status).toBe("announced");
    expect(data.days).toContainEqual({ date: "2026-02-15", name: "春节", isOffDay: true });
    expect(data.days).toContainEqual({ date: "2026-02-14", name: "春节", isOffDay: false });
    expect(data.days.filter((d) => d.isOffDay)).toHaveLength(33);
    expect(data.days.filter((d) => !d.isOffDay)).toHaveLength(6);
    for (const d of data.days) expect(Object.keys(d)).toEqual(["date", "name", "isOffDay"]);
  });

  it("--json reports a year not announced with no days", async () => {
    const r = await run("holidays", "--year", "2030", "--json");
    expect(JSON.parse(r.stdout)).toEqual({ year: 2030, status: "not_announced", days: [] });
  });

  it("prints a table and rejects a bad year", async () => {
    const table = await run("holidays", "--year", "2025");
    expect(table.stdout).toContain("调休上班 make-up workday");
    expect(table.stdout).toContain("28 days off, 5 make-up workdays");
    const bad = await run("holidays", "--year", "two-thousand");
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("年份");
  });
});

describe("bin/dacu.js", () => {
  const bin = fileURLToPath(new URL("../../../bin/dacu.js", import.meta.url));

  it("exits with code 2 and no stack trace on a bad year", () => {
    const r = spawnSync(process.execPath, [bin, "calendar", "--year", "3000"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("年份");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints the calendar as JSON", () => {
    const r = spawnSync(process.execPath, [bin, "calendar", "--year", "2025", "--json"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const nodes = JSON.parse(r.stdout) as { key: string; date: string }[];
    expect(nodes.find((n) => n.key === "mid-autumn")?.date).toBe("2025-10-06");
  });
});
