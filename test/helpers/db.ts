/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new
 * schema on the PostgreSQL server named by DACU_TEST_DATABASE_URL when DACU_TEST_DB=postgres.
 * `close()` drops that schema.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/adapters/db/database.ts";

export const testBackend: "pglite" | "postgres" =
  process.env.DACU_TEST_DB === "postgres" ? "postgres" : "pglite";

export async function openTestDatabase(): Promise<Database> {
  if (testBackend === "pglite") return openDatabase({ dataDir: "memory://" });
  const url = process.env.DACU_TEST_DATABASE_URL;
  if (!url) throw new Error("DACU_TEST_DB=postgres needs DACU_TEST_DATABASE_URL");
  const schema = `dacu_t_${randomBytes(5).toString("hex")}`;
  const database = await openDatabase({ url, schema });
  return {
    ...database,
    async close() {
      await database.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.query(`drop schema if exists ${schema}_pgboss cascade`);
      await client.end();
    },
  };
}
