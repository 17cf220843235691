import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../src/App";
import type { UsersApi } from "../../src/api/client";
import { ON_TELEGRAM } from "../../src/users/UserList";
import { FakeUsersApi } from "./fakeApi";

afterEach(cleanup);

async function createUser(name: string, email: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Name"), name);
  await user.type(screen.getByLabelText("Email"), email);
  await user.click(screen.getByRole("button", { name: "Create user" }));
}

function rows(): string[] {
  const table = screen.getByRole("table");
  return within(table)
    .getAllByRole("row")
    .slice(1)
    .map((row) => row.textContent ?? "");
}

describe("the users page", () => {
  it("lists the users and creates one through the form", async () => {
    const api = new FakeUsersApi();
    api.add("Ada", "ada@example.com");
    render(<App api={api} />);
    expect(await screen.findByText("ada@example.com")).toBeTruthy();

    await createUser("Grace", "grace@example.com");

    expect(await screen.findByText("grace@example.com")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("Created Grace.");
    expect((screen.getByLabelText("Email") as HTMLInputElement).value).toBe("");
  });

  it("shows the API's message when the email is taken, and keeps what was typed", async () => {
    const api = new FakeUsersApi();
    api.add("Ada", "ada@example.com");
    render(<App api={api} />);
    await screen.findByText("ada@example.com");

    await createUser("Ada again", "ada@example.com");

    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("Email ada@example.com is already registered.");
    expect((screen.getByLabelText("Name") as HTMLInputElement).value).toBe("Ada again");
    expect(rows()).toHaveLength(1);
  });

  it("shows a field's validation message under that field", async () => {
    render(<App api={new FakeUsersApi()} />);
    await screen.findByText(/No users yet/);
    await createUser(" ", "someone@example.com");
    expect(await screen.findByText("Required.")).toBeTruthy();
  });

  it("pages through the users, and shows the last page after creating one", async () => {
    const api = new FakeUsersApi();
    for (const n of [1, 2, 3, 4, 5]) {
      api.add(`User ${n}`, `user${n}@example.com`);
    }
    const user = userEvent.setup();
    render(<App api={api} pageSize={2} />);
    expect(await screen.findByText("1–2 of 5")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Previous" }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("3–4 of 5")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Previous" }));
    expect(await screen.findByText("1–2 of 5")).toBeTruthy();

    await createUser("Newest", "newest@example.com");
    expect(await screen.findByText("5–6 of 6")).toBeTruthy();
    expect(rows()).toEqual(["User 5user5@example.com", "Newestnewest@example.com"]);
  });

  it("lists a user from the Telegram bot, who has no email, as such", async () => {
    const api = new FakeUsersApi();
    api.add("Ada", "ada@example.com");
    api.addFromTelegram("Grace", 7123456789);
    render(<App api={api} />);
    expect(await screen.findByText(ON_TELEGRAM)).toBeTruthy();
    expect(rows()).toEqual(["Adaada@example.com", `Grace${ON_TELEGRAM}`]);
  });

  it("says so when the list cannot be loaded", async () => {
    const api: UsersApi = {
      listUsers: async () => ({ ok: false, message: "The server cannot be reached.", fields: {} }),
      createUser: async () => ({ ok: false, message: "", fields: {} }),
    };
    render(<App api={api} />);
    expect((await screen.findByRole("alert")).textContent).toBe("The server cannot be reached.");
    expect(screen.getByText("Loading users…")).toBeTruthy();
  });
});
