/**
 * The browser tests: `nox -s "browser(frontend)"` builds the app, starts it with the backend on
 * real servers, and runs these against it in headless Chromium (APP_URL, CHROMIUM_PATH).
 */
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    environment: "node",
    include: ["tests/browser/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
