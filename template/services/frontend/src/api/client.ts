/**
 * The backend's users API, typed from its OpenAPI document.
 *
 * `src/generated/backend.ts` is written by `nox -s generate` from `services/backend/openapi.json`:
 * a spec change that breaks this file fails `nox -s "typecheck(frontend)"`. openapi-fetch checks
 * every path, parameter and body against it; this module turns its answers into what the pages
 * show, so no component deals with HTTP.
 */
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/backend";
import { type Failure, failure, unreachable } from "./errors";

export type User = components["schemas"]["UserRead"];
export type UserPage = components["schemas"]["UserPage"];
export type NewUser = components["schemas"]["UserCreate"];
export type Result<T> = { ok: true; value: T } | ({ ok: false } & Failure);

/** The backend answers under the app's own origin: Vite's dev server and server/server.mjs proxy it. */
export const API_BASE = "/api";

export interface UsersApi {
  listUsers(limit: number, offset: number): Promise<Result<UserPage>>;
  createUser(user: NewUser): Promise<Result<User>>;
}

export function createUsersApi(
  baseUrl: string = API_BASE,
  fetchFunction: typeof fetch = (input, init) => globalThis.fetch(input, init),
): UsersApi {
  const client = createClient<paths>({ baseUrl, fetch: fetchFunction });
  return {
    async listUsers(limit, offset) {
      try {
        const { data, error, response } = await client.GET("/users", {
          params: { query: { limit, offset } },
        });
        return data ? { ok: true, value: data } : { ok: false, ...failure(response, error) };
      } catch {
        return { ok: false, ...unreachable() };
      }
    },
    async createUser(user) {
      try {
        const { data, error, response } = await client.POST("/users", { body: user });
        return data ? { ok: true, value: data } : { ok: false, ...failure(response, error) };
      } catch {
        return { ok: false, ...unreachable() };
      }
    },
  };
}
