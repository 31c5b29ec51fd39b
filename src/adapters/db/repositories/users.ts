/** Users and their login sessions. */
import type { Kysely } from "kysely";
import type { DB, Role, User } from "../schema.ts";

export type PublicUser = Pick<User, "id" | "username" | "display_name" | "role" | "locale">;

export async function countUsers(db: Kysely<DB>): Promise<number> {
  const r = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom("users").selectAll().where("username", "=", username).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<DB>,
  user: { username: string; display_name: string; password_hash: string; role: Role },
): Promise<PublicUser> {
  return db
    .insertInto("users")
    .values(user)
    .returning(["id", "username", "display_name", "role", "locale"])
    .executeTakeFirstOrThrow();
}

export async function listUsers(db: Kysely<DB>): Promise<PublicUser[]> {
  return db
    .selectFrom("users")
    .select(["id", "username", "display_name", "role", "locale"])
    .orderBy("id")
    .execute();
}

export async function insertSession(
  db: Kysely<DB>,
  session: { id: string; user_id: number; expires_at: Date },
): Promise<void> {
  await db.insertInto("sessions").values(session).execute();
}

/** The user of a live session, or undefined when the session is unknown or expired. */
export async function findSessionUser(
  db: Kysely<DB>,
  sessionId: string,
  now: Date,
): Promise<{ user: PublicUser; expiresAt: Date } | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "users.id",
      "users.username",
      "users.display_name",
      "users.role",
      "users.locale",
      "sessions.expires_at",
    ])
    .where("sessions.id", "=", sessionId)
    .where("sessions.expires_at", ">", now)
    .where("users.disabled", "=", false)
    .executeTakeFirst();
  if (!row) return undefined;
  const { expires_at, ...user } = row;
  return { user, expiresAt: new Date(expires_at) };
}

export async function deleteSession(db: Kysely<DB>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

export async function deleteExpiredSessions(db: Kysely<DB>, now: Date): Promise<void> {
  await db.deleteFrom("sessions").where("expires_at", "<=", now).execute();
}

/** Sets a new password hash and ends every session of the user. */
export async function replacePassword(
  db: Kysely<DB>,
  userId: number,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable("users")
    .set({ password_hash: passwordHash })
    .where("id", "=", userId)
    .execute();
  await db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
