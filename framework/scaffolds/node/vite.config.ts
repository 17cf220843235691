/**
 * Vite builds and serves the app; Vitest runs its unit tests (tests/unit) with coverage.
 *
 * The app calls the backend under /api on its own origin. In development Vite passes /api on to
 * BACKEND_URL, which `nox -s dev` sets to where it started the backend; the production server
 * (server/server.mjs) does the same, so the browser never needs CORS. /health answers as the
 * production server's does, so `nox -s dev` knows when the app is up.
 */
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

const backend = process.env.BACKEND_URL ?? "http://127.0.0.1:8000";
const proxy = {
  "/api": {
    target: backend,
    changeOrigin: true,
    rewrite: (path: string) => path.replace(/^\/api/, ""),
  },
};

const health: Plugin = {
  name: "health",
  configureServer(server) {
    server.middlewares.use("/health", (_request, response) => {
      response.setHeader("Content-Type", "application/json");
      response.end('{"status":"ok"}');
    });
  },
};

export default defineConfig({
  plugins: [react(), health],
  server: { proxy },
  preview: { proxy },
  test: {
    environment: "happy-dom",
    include: ["tests/unit/**/*.test.{ts,tsx}"],
    coverage: {
      provider: "v8",
      include: ["src/**/*.{ts,tsx}", "server/**/*.mjs"],
      exclude: ["src/generated/**", "src/main.tsx"],
      reporter: ["text"],
      // The floor `nox -s test` holds the code to, as the Python packages' fail_under does.
      thresholds: { lines: 85, functions: 85, branches: 80, statements: 85 },
    },
  },
});
