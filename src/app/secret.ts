/**
 * The instance's signing secret (unsubscribe links, provider hook tokens). `DACU_SECRET`
 * when set; otherwise a random secret generated on first start and kept in the database,
 * so links stay valid across restarts. Before `loadInstanceSecret` runs (tests, scripts) a
 * random per-process secret is used: tokens are never signed with a guessable value.
 */
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { getSetting, setSetting } from "../adapters/db/repositories/settings.ts";
import type { DB } from "../adapters/db/schema.ts";

let current =
  process.env.DACU_OUTREACH_SECRET ||
  process.env.DACU_SECRET ||
  randomBytes(32).toString("base64url");
const fromEnv = Boolean(process.env.DACU_OUTREACH_SECRET || process.env.DACU_SECRET);

export function instanceSecret(): string {
  return current;
}

export async function loadInstanceSecret(db: Kysely<DB>): Promise<void> {
  if (fromEnv) return;
  const stored = await getSetting<string>(db, "instance.secret");
  if (stored) {
    current = stored;
    return;
  }
  await setSetting(db, "instance.secret", current);
}
