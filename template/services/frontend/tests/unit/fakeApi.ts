import type { NewUser, Result, User, UserPage, UsersApi } from "../../src/api/client";

/** The users API in memory, with the backend's rules: emails unique, oldest first. */
export class FakeUsersApi implements UsersApi {
  users: User[] = [];
  calls: string[] = [];

  async listUsers(limit: number, offset: number): Promise<Result<UserPage>> {
    this.calls.push(`list ${limit} ${offset}`);
    const items = this.users.slice(offset, offset + limit);
    return { ok: true, value: { items, total: this.users.length, limit, offset } };
  }

  async createUser(user: NewUser): Promise<Result<User>> {
    this.calls.push(`create ${user.email}`);
    if (!user.name.trim()) {
      return { ok: false, message: "Some fields are not valid.", fields: { name: "Required." } };
    }
    if (this.users.some((known) => known.email === user.email)) {
      return { ok: false, message: `Email ${user.email} is already registered.`, fields: {} };
    }
    return { ok: true, value: this.add(user.name, user.email) };
  }

  add(name: string, email: string): User {
    return this.keep({ name, email });
  }

  /** A user the Telegram bot registered: a Telegram id, no email. */
  addFromTelegram(name: string, telegramId: number): User {
    return this.keep({ name, email: null, telegram_id: telegramId });
  }

  private keep(fields: Pick<User, "name" | "email" | "telegram_id">): User {
    const now = new Date(0).toISOString();
    const user = { id: crypto.randomUUID(), ...fields, created_at: now, updated_at: now };
    this.users.push(user);
    return user;
  }
}
