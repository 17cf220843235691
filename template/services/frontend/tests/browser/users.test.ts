import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { launch, required } from "./chromium";

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage();
  await page.goto(required("APP_URL"));
});

afterAll(async () => {
  await browser?.close();
});

async function createUser(name: string, email: string) {
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create user" }).click();
}

// The database may hold users from earlier runs: each run uses an email of its own.
const email = `ada.${Date.now()}@example.com`;

test("a user created through the form is listed", async () => {
  await createUser("Ada Lovelace", email);

  await page.getByRole("status").filter({ hasText: "Created Ada Lovelace." }).waitFor();
  const row = page.getByRole("row").filter({ hasText: email });
  await row.waitFor();
  expect(await row.textContent()).toContain("Ada Lovelace");
});

test("a second user with that email gets the API's 409 message", async () => {
  await createUser("Ada Again", email);

  const alert = page.getByRole("alert");
  await alert.waitFor();
  expect(await alert.textContent()).toBe(`Email ${email} is already registered.`);
  expect(await page.getByRole("row").filter({ hasText: email }).count()).toBe(1);
});

test("a name the API refuses gets the API's message under the field", async () => {
  await createUser(" Ada", `spaced.${email}`);

  const message = page.getByText("String should match pattern");
  await message.waitFor();
  expect(
    await page
      .getByRole("row")
      .filter({ hasText: `spaced.${email}` })
      .count(),
  ).toBe(0);
});
