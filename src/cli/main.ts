/**
 * The `dacu` command line. Each sub-command lives in `./commands/<name>.ts` and exports a
 * `register(program)` function; this file only wires them together.
 */
import { Command, CommanderError } from "commander";
import { CliError } from "./errors.ts";

type Registrar = (program: Command) => void;

async function loadCommands(): Promise<Registrar[]> {
  const modules = await Promise.all([
    import("./commands/start.ts"),
  ]);
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
    throw err;
  }
}
