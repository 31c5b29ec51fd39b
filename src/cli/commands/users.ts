import type { Command } from "commander";
import { CliError } from "../errors.ts";

const roles = ["owner", "operator", "cs", "analyst"] as const;

export function register(program: Command): void {
  const users = program.command("users").description("Manage users / 用户管理");

  users
    .command("list")
    .description("List users / 用户列表")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { listUsers } = await import("../../adapters/db/repositories/users.ts");
      const database = await openDatabase();
      try {
        const list = await listUsers(database.db);
        if (opts.json) console.log(JSON.stringify(list));
        else
          for (const u of list) console.log(`${u.id}\t${u.username}\t${u.role}\t${u.display_name}`);
      } finally {
        await database.close();
      }
    });

  users
    .command("add <username>")
    .description("Add a user with a generated password / 添加用户（生成密码）")
    .requiredOption("--role <role>", `one of ${roles.join(", ")}`)
    .option("--name <displayName>", "display name")
    .option("--json", "print JSON")
    .action(async (username: string, opts: { role: string; name?: string; json?: boolean }) => {
      if (!(roles as readonly string[]).includes(opts.role)) {
        throw new CliError(
          `--role 无效：应为 ${roles.join("/")} / invalid --role: expected one of ${roles.join(", ")}`,
        );
      }
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { findUserByUsername, insertUser } = await import(
        "../../adapters/db/repositories/users.ts"
      );
      const { generatePassword, hashPassword } = await import("../../app/auth/passwords.ts");
      const { recordAudit } = await import("../../adapters/db/repositories/audit.ts");
      const database = await openDatabase();
      try {
        if (await findUserByUsername(database.db, username)) {
          throw new CliError(`用户名已存在 / username already exists: ${username}`);
        }
        const password = generatePassword();
        const user = await insertUser(database.db, {
          username,
          display_name: opts.name ?? username,
          password_hash: await hashPassword(password),
          role: opts.role as (typeof roles)[number],
        });
        await recordAudit(database.db, {
          shopId: null,
          userId: null,
          action: "create",
          entity: "user",
          entityId: user.id,
          after: { username, role: user.role, via: "cli" },
        });
        if (opts.json) console.log(JSON.stringify({ ...user, password }));
        else console.log(`用户 User: ${username}\n密码 Password: ${password}`);
      } finally {
        await database.close();
      }
    });

  users
    .command("reset-password <username>")
    .description("Set a new generated password / 重置密码")
    .option("--json", "print JSON")
    .action(async (username: string, opts: { json?: boolean }) => {
      const { openDatabase } = await import("../../adapters/db/database.ts");
      const { findUserByUsername, replacePassword } = await import(
        "../../adapters/db/repositories/users.ts"
      );
      const { generatePassword, hashPassword } = await import("../../app/auth/passwords.ts");
      const { recordAudit } = await import("../../adapters/db/repositories/audit.ts");
      const database = await openDatabase();
      try {
        const user = await findUserByUsername(database.db, username);
        if (!user) throw new CliError(`用户不存在 / no such user: ${username}`);
        const password = process.env.DACU_ADMIN_PASSWORD || generatePassword();
        await database.db.transaction().execute(async (tx) => {
          await replacePassword(tx, user.id, await hashPassword(password));
          await recordAudit(tx, {
            shopId: null,
            userId: null,
            action: "reset_password",
            entity: "user",
            entityId: user.id,
            after: { via: "cli" },
          });
        });
        if (opts.json) console.log(JSON.stringify({ username, password }));
        else console.log(`用户 User: ${username}\n新密码 New password: ${password}`);
      } finally {
        await database.close();
      }
    });
}
