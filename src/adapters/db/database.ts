/**
 * Opens Dacu's database: embedded PGlite under a data directory by default, PostgreSQL when
 * a URL is given. Both are reached through one `pg.Pool`, so Kysely repositories, raw SQL
 * and pg-boss run the same code on both.
 *
 * PGlite serves a single session: its pool has exactly one connection (a second pool would
 * share the session and lose writes), and a lock file keeps a second process out.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { lockDataDir } from "./lock.ts";
import { migrateToLatest } from "./migrator.ts";
import type { DB } from "./schema.ts";

export type DatabaseKind = "pglite" | "postgres";

export interface Database {
  readonly kind: DatabaseKind;
  readonly db: Kysely<DB>;
  readonly pool: pg.Pool;
  /** Where the data lives, for messages: a directory or a redacted URL. */
  readonly location: string;
  /** The PostgreSQL schema in use when one was asked for (tests). */
  readonly schema?: string | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; when absent, embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory (default `./data/pglite`); `memory://` keeps it in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL schema to use (created if missing); tests use a fresh one per run. */
  schema?: string | undefined;
  /** Run pending migrations (default true). */
  migrate?: boolean | undefined;
  /** Pool size on PostgreSQL (default 10). */
  poolSize?: number | undefined;
}

// int8 (bigint) and numeric counts come back as JS numbers: money is integer fen and
// stays far below 2^53. Order numbers are text, never numbers.
// `date` columns stay "YYYY-MM-DD" strings (a calendar day has no time zone).
const int8 = 20;
const date = 1082;
const typeParsers = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === int8) return (v: string) => Number(v);
    if (oid === date) return (v: string) => v;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}

/** Opens (and by default migrates) the database described by `options` or the environment. */
export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  let pool: pg.Pool;
  let kind: DatabaseKind;
  let location: string;
  let release = () => {};
  let pglite: { close(): Promise<void> } | undefined;

  if (url) {
    kind = "postgres";
    location = redact(url);
    const schema = options.schema;
    if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`invalid schema name ${schema}`);
    if (schema) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema if not exists ${schema}`);
      await admin.end();
    }
    pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      types: typeParsers,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
  } else {
    kind = "pglite";
    const dataDir = options.dataDir ?? process.env.DACU_DATA_DIR ?? "./data/pglite";
    const inMemory = dataDir.startsWith("memory://");
    location = inMemory ? dataDir : resolve(dataDir);
    if (!inMemory) {
      mkdirSync(location, { recursive: true });
      release = lockDataDir(location);
    }
    try {
      const { PGlite } = await import("@electric-sql/pglite");
      const { createPgConfig } = await import("@electric-sql/pglite/node-postgres");
      const instance = inMemory ? new PGlite() : new PGlite(location);
      await instance.waitReady;
      pglite = instance;
      const config = createPgConfig(instance);
      pool = new pg.Pool({ ...(config as unknown as pg.PoolConfig), max: 1, types: typeParsers });
    } catch (err) {
      release();
      throw err;
    }
  }

  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const database: Database = {
    kind,
    db,
    pool,
    location,
    schema: options.schema,
    async close() {
      await db.destroy();
      if (pglite) await pglite.close();
      release();
    },
  };
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db, options.schema);
    } catch (err) {
      await database.close();
      throw err;
    }
  }
  return database;
}

/**
 * Runs `fn` in one transaction on one pooled connection and hands it both a Kysely handle on
 * that connection and the raw `pg` client (for COPY, which Kysely cannot issue). Commits when
 * `fn` resolves, rolls back when it throws.
 */
export async function withClientTransaction<T>(
  database: Database,
  fn: (tx: Kysely<DB>, client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await database.pool.connect();
  const tx = new Kysely<DB>({
    dialect: new PostgresDialect({
      pool: {
        connect: async () => ({
          query: client.query.bind(client) as pg.PoolClient["query"],
          release: () => {},
        }),
        end: async () => {},
      },
    }),
  });
  let broken = false;
  try {
    await client.query("begin");
    const out = await fn(tx, client);
    await client.query("commit");
    return out;
  } catch (err) {
    try {
      await client.query("rollback");
    } catch {
      broken = true;
    }
    throw err;
  } finally {
    await tx.destroy();
    client.release(broken);
  }
}
