#!/usr/bin/env node
// `npm test`: the whole suite.
//  1. unit + integration tests on embedded PGlite;
//  2. the integration tests again on PostgreSQL when DACU_TEST_DATABASE_URL is set
//     (CI sets it to the machine's server; each run gets a fresh schema);
//  3. the browser (e2e) tests when Chromium is installed (required when CI=true).
// Ends with one summary line "tests: N passed, N failed".
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, ".tmp", "test-results");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
let exitCode = 0;

function vitest(name, args, env) {
  const file = join(out, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(
    process.execPath,
    [
      join(root, "node_modules/vitest/vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${file}`,
      ...args,
    ],
    { stdio: "inherit", cwd: root, env: { ...process.env, ...env } },
  );
  if (existsSync(file)) {
    const j = JSON.parse(readFileSync(file, "utf8"));
    passed += j.numPassedTests;
    failed += j.numFailedTests;
    skipped += j.numPendingTests + (j.numTodoTests ?? 0);
    if (!j.success && j.numFailedTests === 0) failed += 1; // a file failed to load
  } else {
    failed += 1;
  }
  if (r.status !== 0) exitCode = 1;
}

vitest("pglite", [], { DACU_TEST_DB: "pglite" });

const pgUrl = process.env.DACU_TEST_DATABASE_URL;
if (pgUrl) {
  vitest("postgres", ["test/"], { DACU_TEST_DB: "postgres", DACU_TEST_DATABASE_URL: pgUrl });
} else {
  console.log("\n(PostgreSQL run skipped: set DACU_TEST_DATABASE_URL to include it)");
}

const chromium = process.env.DACU_CHROMIUM ?? "/usr/bin/chromium";
if (existsSync(chromium)) {
  vitest("e2e", ["--config", "e2e/vitest.config.ts"], {});
} else if (process.env.CI) {
  console.error(`\nChromium not found at ${chromium}: the browser tests cannot run.`);
  failed += 1;
  exitCode = 1;
} else {
  console.log(`\n(browser tests skipped: no Chromium at ${chromium}; apt-get install chromium)`);
}

console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
