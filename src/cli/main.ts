/**
 * The `dacu` command line. Each sub-command lives in `./commands/<name>.ts` and exports a
 * `register(program)` function; every such file is picked up here, in name order.
 * Commands import their heavy dependencies lazily inside their action, so `dacu --help`
 * and the pure commands (pricing, calendar, SMS rules) start fast.
 */
import { readdirSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { DataDirLockedError } from "../adapters/db/lock.ts";
import { AppError } from "../app/errors.ts";
import { CliError } from "./errors.ts";

type Registrar = (program: Command) => void;

async function loadCommands(): Promise<Registrar[]> {
  const dir = new URL("./commands/", import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .sort();
  const modules = await Promise.all(
    files.map((f) => import(new URL(f, dir).href) as Promise<{ register: Registrar }>),
  );
  return modules.map((m) => m.register);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command("dacu")
    .description("Dacu 大促 — promotion command center / 大促作战指挥中心")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of await loadCommands()) register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof CliError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    // a refused action or a known environment problem: its bilingual message, no stack
    if (err instanceof AppError) {
      process.stderr.write(`${err.messageZh}\n${err.messageEn}\n`);
      process.exitCode = err.code === "invalid_input" ? 2 : 1;
      return;
    }
    if (err instanceof DataDirLockedError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}
