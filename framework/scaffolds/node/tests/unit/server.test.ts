// @vitest-environment node
import { EventEmitter, once } from "node:events";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, main, settings } from "../../server/server.mjs";

let root = "";
let app: http.Server;
let backend: http.Server;
let base = "";
const seen: string[] = [];

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dist-"));
  await mkdir(path.join(root, "assets"));
  await writeFile(path.join(root, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(path.join(root, "assets", "app-1234.js"), "console.log(1);");
  backend = http.createServer((request, response) => {
    if (request.url === "/hang-up") {
      response.writeHead(200, { "Content-Type": "text/plain" });
      response.write("the first half");
      setTimeout(() => request.socket.destroy(), 20);
      return;
    }
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      seen.push(`${request.method} ${request.url} ${body}`);
      response.writeHead(201, { "Content-Type": "application/json" });
      response.end('{"answered":true}');
    });
  });
  app = createServer({ root, backendUrl: await listen(backend) });
  base = await listen(app);
});

afterAll(async () => {
  await Promise.all([close(app), close(backend)]);
  await rm(root, { recursive: true });
});

describe("the production server", () => {
  it("answers its health check", async () => {
    const response = await fetch(`${base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("serves the built files, assets cached for good and the page never", async () => {
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(await asset.text()).toBe("console.log(1);");
    expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const page = await fetch(`${base}/`);
    expect(await page.text()).toContain("<title>app</title>");
    expect(page.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers any other path with the app's page, and HEAD without a body", async () => {
    expect(await (await fetch(`${base}/users/42`)).text()).toContain("<title>app</title>");
    const head = await fetch(`${base}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("never serves a file outside the built app", async () => {
    const response = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(await response.text()).toContain("<title>app</title>");
  });

  it("passes /api to the backend without the prefix, body and all", async () => {
    const response = await fetch(`${base}/api/users?limit=1`, {
      method: "POST",
      body: '{"name":"Ada"}',
      headers: { "Content-Type": "application/json" },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ answered: true });
    expect(seen).toContain('POST /users?limit=1 {"name":"Ada"}');
  });

  it("answers 502 when the backend does not", async () => {
    const lonely = createServer({ root, backendUrl: "http://127.0.0.1:9" });
    const url = await listen(lonely);
    const response = await fetch(`${url}/api/users`);
    await close(lonely);
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({ detail: "the backend did not answer" });
  });

  it("breaks off an answer the backend breaks off", async () => {
    const response = await fetch(`${base}/api/hang-up`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });

  it("refuses to change anything but through /api", async () => {
    const response = await fetch(`${base}/index.html`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 404 when there is no built app", async () => {
    const empty = await mkdtemp(path.join(tmpdir(), "empty-"));
    const bare = createServer({ root: empty, backendUrl: "http://127.0.0.1:9" });
    const url = await listen(bare);
    const response = await fetch(`${url}/`);
    await close(bare);
    await rm(empty, { recursive: true });
    expect(response.status).toBe(404);
  });
});

describe("running it", () => {
  it("listens where it is told, and closes and exits 0 on SIGTERM", async () => {
    const signals = new EventEmitter();
    const exits: number[] = [];
    const server = main(["--port", "0", "--host", "127.0.0.1"], { STATIC_DIR: root }, "/x", {
      signals,
      exit: (code) => exits.push(code),
    });
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    signals.emit("SIGTERM");
    await once(server, "close");
    expect(exits).toEqual([0]);
  });
});

describe("the settings", () => {
  it("take --port and --host first, then PORT and HOST, then 8080 on every address", () => {
    const env = { PORT: "6000", HOST: "127.0.0.1" };
    expect(settings(["--port", "5000", "--host", "::1"], env, "/app/server")).toMatchObject({
      port: 5000,
      host: "::1",
    });
    expect(settings([], env, "/app/server")).toMatchObject({ port: 6000, host: "127.0.0.1" });
    expect(settings([], {}, "/app/server")).toEqual({
      port: 8080,
      host: "0.0.0.0",
      backendUrl: "http://127.0.0.1:8000",
      root: path.resolve("/app/dist"),
    });
  });

  it("refuse a port that is not one", () => {
    expect(() => settings(["--port", "http"], {}, "/app/server")).toThrow(/not a port: http/);
  });
});
