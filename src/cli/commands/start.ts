import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("start")
    .description("Start the server / 启动服务")
    .action(async () => {
      const { runStart } = await import("../../app/start.ts");
      await runStart();
    });
}
