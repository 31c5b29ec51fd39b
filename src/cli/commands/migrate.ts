import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("migrate")
    .description("Apply pending database migrations / 执行数据库迁移")
    .option("--json", "print the result as JSON")
    .action(async (opts: { json?: boolean }) => {
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { migrateToLatest, migrationNames } = await import("../../adapters/db/migrator.ts");
      const database = await openDatabase({ migrate: false });
      try {
        const applied = await migrateToLatest(database.db);
        const result = { database: database.kind, applied, known: migrationNames };
        if (opts.json) console.log(JSON.stringify(result));
        else
          console.log(
            applied.length
              ? `已执行迁移 / applied: ${applied.join(", ")}`
              : "数据库已是最新 / database is up to date",
          );
      } finally {
        await database.close();
      }
    });
}
