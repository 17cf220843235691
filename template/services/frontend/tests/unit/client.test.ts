import { describe, expect, it } from "vitest";
import { createUsersApi } from "../../src/api/client";

type Answer = { status: number; body?: unknown };

/** A fetch that records each request and answers as the backend would. */
function backend(answer: Answer) {
  const requests: Request[] = [];
  const fetchFunction = async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(new Request(input, init));
    const body = answer.body === undefined ? null : JSON.stringify(answer.body);
    return new Response(body, {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  };
  return { api: createUsersApi("http://app.test/api", fetchFunction), requests };
}

const ADA = {
  id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  email: "ada@example.com",
  name: "Ada",
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe("the users API client", () => {
  it("asks for one page of users and returns it", async () => {
    const page = { items: [ADA], total: 1, limit: 10, offset: 0 };
    const { api, requests } = backend({ status: 200, body: page });
    expect(await api.listUsers(10, 0)).toEqual({ ok: true, value: page });
    expect(requests[0]?.url).toBe("http://app.test/api/users?limit=10&offset=0");
  });

  it("posts a new user as JSON", async () => {
    const { api, requests } = backend({ status: 201, body: ADA });
    expect(await api.createUser({ name: "Ada", email: "ada@example.com" })).toEqual({
      ok: true,
      value: ADA,
    });
    expect(requests[0]?.method).toBe("POST");
    expect(await requests[0]?.json()).toEqual({ name: "Ada", email: "ada@example.com" });
  });

  it("turns the 409 of a taken email into the API's message", async () => {
    const detail = "email ada@example.com is already registered";
    const { api } = backend({ status: 409, body: { detail } });
    expect(await api.createUser({ name: "Ada", email: "ada@example.com" })).toEqual({
      ok: false,
      message: "Email ada@example.com is already registered.",
      fields: {},
    });
  });

  it("turns a 422 into a message for each field", async () => {
    const detail = [
      { loc: ["body", "email"], msg: "String should match pattern", type: "string_pattern" },
      { loc: ["body", "name"], msg: "Field required", type: "missing" },
      "not an error item",
    ];
    const { api } = backend({ status: 422, body: { detail } });
    const result = await api.createUser({ name: "", email: "nope" });
    expect(result).toEqual({
      ok: false,
      message: "Some fields are not valid.",
      fields: { email: "String should match pattern.", name: "Field required." },
    });
  });

  it("says when the server failed, or answered with nothing it explains", async () => {
    expect(await backend({ status: 502 }).api.listUsers(10, 0)).toMatchObject({
      ok: false,
      message: "The server failed (502); try again later.",
    });
    expect(await backend({ status: 409 }).api.createUser(ADA)).toMatchObject({
      message: "That conflicts with what is already stored.",
    });
    expect(await backend({ status: 418 }).api.listUsers(10, 0)).toMatchObject({
      message: "The request was refused (418).",
    });
  });

  it("says the server cannot be reached when the request fails", async () => {
    const refused = async (): Promise<Response> => {
      throw new TypeError("fetch failed");
    };
    const api = createUsersApi("http://app.test/api", refused);
    for (const result of [await api.listUsers(10, 0), await api.createUser(ADA)]) {
      expect(result).toMatchObject({
        ok: false,
        message: expect.stringMatching(/cannot be reached/),
      });
    }
  });
});
