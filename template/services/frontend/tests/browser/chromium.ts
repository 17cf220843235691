import { type Browser, chromium } from "playwright-core";

/**
 * Flags for a headless Chromium that reaches nothing but the app: no sandbox (CI containers run
 * as root), no GPU, and none of the calls home a fresh profile makes. Playwright gives each
 * launch a fresh, temporary profile (--user-data-dir) and removes it when the browser closes.
 */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the browser tests with nox -s browser`);
  }
  return value;
}

/** The system's Chromium (`apt-get install chromium`): Playwright's own downloads are not used. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: required("CHROMIUM_PATH"), args: FLAGS });
}
