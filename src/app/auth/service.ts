/**
 * Login, sessions and the first owner account.
 * A session token is 32 random bytes given to the browser in a cookie; only its SHA-256 is
 * stored, so a leaked database does not leak live sessions.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { recordAudit } from "../../adapters/db/repositories/audit.ts";
import {
  countUsers,
  deleteSession,
  findSessionUser,
  findUserByUsername,
  insertSession,
  insertUser,
  type PublicUser,
} from "../../adapters/db/repositories/users.ts";
import type { DB, Role } from "../../adapters/db/schema.ts";
import { AppError } from "../errors.ts";
import { generatePassword, hashPassword, verifyPassword } from "./passwords.ts";

export const sessionTtlMs = 7 * 24 * 3600 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("base64url");

const failures = new Map<string, { count: number; since: number }>();
const maxFailures = 10;
const failureWindowMs = 15 * 60 * 1000;

export async function login(
  db: Kysely<DB>,
  username: string,
  password: string,
  now = new Date(),
): Promise<{ token: string; user: PublicUser; expiresAt: Date }> {
  const key = username.toLowerCase();
  const f = failures.get(key);
  if (f && now.getTime() - f.since < failureWindowMs && f.count >= maxFailures) {
    throw new AppError(
      "rate_limited",
      "登录失败次数过多，请 15 分钟后再试",
      "Too many failed logins; try again in 15 minutes",
      "username",
    );
  }
  const user = await findUserByUsername(db, username);
  const ok = user && !user.disabled ? await verifyPassword(password, user.password_hash) : false;
  if (!user || !ok) {
    const cur =
      f && now.getTime() - f.since < failureWindowMs ? f : { count: 0, since: now.getTime() };
    failures.set(key, { count: cur.count + 1, since: cur.since });
    throw new AppError(
      "unauthenticated",
      "用户名或密码错误",
      "Wrong username or password",
      "password",
    );
  }
  failures.delete(key);
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + sessionTtlMs);
  await insertSession(db, { id: hashToken(token), user_id: user.id, expires_at: expiresAt });
  await recordAudit(db, {
    shopId: null,
    userId: user.id,
    action: "login",
    entity: "user",
    entityId: user.id,
  });
  return {
    token,
    expiresAt,
    user: {
      id: user.id,
      username: user.username,
      display_name: user.display_name,
      role: user.role,
      locale: user.locale,
    },
  };
}

/**
 * Recently seen sessions, for up to a minute: a request need not wait for the database just
 * to know who is asking (on the embedded database a long import holds the one connection,
 * and the UI still polls its progress). Logout and password resets clear it.
 */
const sessionCache = new Map<string, { user: PublicUser; until: number; expires: number }>();
const sessionCacheMs = 60_000;

export async function authenticate(
  db: Kysely<DB>,
  token: string | undefined,
  now = new Date(),
): Promise<PublicUser | undefined> {
  if (!token) return undefined;
  const id = hashToken(token);
  const cached = sessionCache.get(id);
  const t = now.getTime();
  if (cached && cached.until > t && cached.expires > t) return cached.user;
  const found = await findSessionUser(db, id, now);
  if (found) {
    if (sessionCache.size > 10_000) sessionCache.clear();
    sessionCache.set(id, {
      user: found.user,
      until: t + sessionCacheMs,
      expires: found.expiresAt.getTime(),
    });
    return found.user;
  }
  sessionCache.delete(id);
  return undefined;
}

/** Forget cached sessions (all, or one user's) after logout or a password change. */
export function forgetSessions(userId?: number): void {
  if (userId === undefined) sessionCache.clear();
  else for (const [k, v] of sessionCache) if (v.user.id === userId) sessionCache.delete(k);
}

export async function logout(db: Kysely<DB>, token: string): Promise<void> {
  const id = hashToken(token);
  sessionCache.delete(id);
  await deleteSession(db, id);
}

/**
 * Creates the owner account on the first start. The password is `DACU_ADMIN_PASSWORD` when
 * set, else generated and returned so it can be printed once (it is stored only hashed).
 */
export async function ensureOwner(
  db: Kysely<DB>,
  env: { DACU_ADMIN_USER?: string | undefined; DACU_ADMIN_PASSWORD?: string | undefined },
): Promise<{ username: string; password?: string; created: boolean }> {
  const username = env.DACU_ADMIN_USER || "admin";
  if ((await countUsers(db)) > 0) return { username, created: false };
  const password = env.DACU_ADMIN_PASSWORD || generatePassword();
  const user = await insertUser(db, {
    username,
    display_name: "店主",
    password_hash: await hashPassword(password),
    role: "owner",
  });
  await recordAudit(db, {
    shopId: null,
    userId: null,
    action: "create",
    entity: "user",
    entityId: user.id,
    after: { username, role: "owner" },
  });
  return { username, password, created: true };
}

export async function createUser(
  db: Kysely<DB>,
  actor: PublicUser,
  input: { username: string; displayName: string; password: string; role: Role },
): Promise<PublicUser> {
  if (actor.role !== "owner") {
    throw new AppError("forbidden", "只有店主可以添加用户", "Only an owner can add users");
  }
  if (await findUserByUsername(db, input.username)) {
    throw new AppError("conflict", "用户名已存在", "Username already taken", "username");
  }
  const user = await insertUser(db, {
    username: input.username,
    display_name: input.displayName,
    password_hash: await hashPassword(input.password),
    role: input.role,
  });
  await recordAudit(db, {
    shopId: null,
    userId: actor.id,
    action: "create",
    entity: "user",
    entityId: user.id,
    after: { username: user.username, role: user.role },
  });
  return user;
}
