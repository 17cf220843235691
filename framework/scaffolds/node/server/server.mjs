/**
 * The production server: the built app (`dist/`), `/api/*` passed to the backend, `/health`.
 *
 * The image runs `node server.mjs` and nothing else, so it needs no web server of its own and no
 * dependency: Node's standard library serves files and forwards requests. The app calls the
 * backend at `/api` on its own origin (as under `vite`), so the browser needs no CORS and the
 * backend's address is set once, here, by `BACKEND_URL`.
 *
 *   PORT, HOST   where to listen: 8080 on 0.0.0.0 (`--port N`, `--host H` win)
 *   BACKEND_URL  where /api goes: http://127.0.0.1:8000
 *   STATIC_DIR   the built app: dist/ beside this file's directory
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const TYPES = {
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".ico": "image/x-icon",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
};
/** Headers that describe one hop of a connection, not the request: never forwarded. */
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "upgrade", "host"];

/**
 * @param {{ root: string, backendUrl: string }} options
 * @returns {http.Server}
 */
export function createServer({ root, backendUrl }) {
  const backend = new URL(backendUrl);
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/health") {
      send(response, 200, "application/json", '{"status":"ok"}');
    } else if (url.pathname === "/api" || url.pathname.startsWith("/api/")) {
      forward(request, response, backend, url.pathname.slice(4) + url.search);
    } else if (request.method === "GET" || request.method === "HEAD") {
      void serveFile(response, root, url.pathname, request.method === "HEAD");
    } else {
      response.setHeader("Allow", "GET, HEAD");
      send(response, 405, "text/plain; charset=utf-8", "method not allowed");
    }
  });
}

/**
 * Pass a request to the backend, path without `/api`, and its answer back; 502 if none comes.
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 * @param {URL} backend
 * @param {string} target
 */
function forward(request, response, backend, target) {
  /** @type {http.OutgoingHttpHeaders} */
  const headers = { ...request.headers, host: backend.host };
  for (const name of HOP_BY_HOP.slice(0, -1)) {
    delete headers[name];
  }
  const upstream = http.request(
    new URL(target || "/", backend),
    { method: request.method, headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      // A backend that hangs up halfway: the browser sees a broken answer instead of waiting.
      answer.on("error", () => response.destroy());
      answer.pipe(response);
    },
  );
  upstream.on("error", () => {
    send(response, 502, "application/json", '{"detail":"the backend did not answer"}');
  });
  request.pipe(upstream);
}

/**
 * A file of the built app; any other path gets index.html, so the app's own routes load.
 * @param {http.ServerResponse} response
 * @param {string} root
 * @param {string} pathname
 * @param {boolean} headOnly
 */
async function serveFile(response, root, pathname, headOnly) {
  const file = path.join(root, path.normalize(decodeURIComponent(pathname)));
  const inside = file.startsWith(root + path.sep);
  const found = inside && (await isFile(file)) ? file : path.join(root, "index.html");
  if (!(await isFile(found))) {
    send(response, 404, "text/plain; charset=utf-8", "not found");
    return;
  }
  const type =
    TYPES[/** @type {keyof TYPES} */ (path.extname(found))] ?? "application/octet-stream";
  // Vite names every asset by its content: those never change; index.html must be asked again.
  const cache = found.includes(`${path.sep}assets${path.sep}`)
    ? "public, max-age=31536000, immutable"
    : "no-cache";
  response.writeHead(200, {
    "Content-Type": type,
    "Cache-Control": cache,
    "X-Content-Type-Options": "nosniff",
  });
  if (headOnly) {
    response.end();
  } else {
    createReadStream(found).pipe(response);
  }
}

/** @param {string} file */
async function isFile(file) {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {http.ServerResponse} response
 * @param {number} status
 * @param {string} type
 * @param {string} body
 */
function send(response, status, type, body) {
  response.writeHead(status, { "Content-Type": type, "X-Content-Type-Options": "nosniff" });
  response.end(body);
}

/**
 * Where to listen and what to serve: `--port N` and `--host H` win over PORT and HOST.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @param {string} here the directory of this file, beside which `../dist` is the built app
 */
export function settings(argv, env, here) {
  /** @param {string} flag */
  const option = (flag) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const text = option("--port") ?? env.PORT ?? "8080";
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`not a port: ${text}; pass --port N or set PORT to a number from 0 to 65535`);
  }
  return {
    port,
    host: option("--host") ?? env.HOST ?? "0.0.0.0",
    backendUrl: env.BACKEND_URL ?? "http://127.0.0.1:8000",
    root: path.resolve(env.STATIC_DIR ?? path.join(here, "..", "dist")),
  };
}

/**
 * Serve until SIGINT or SIGTERM, then close and exit 0: what `node server.mjs` does.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @param {string} here
 * @param {{ signals?: import("node:events").EventEmitter, exit?: (code: number) => void }} [hooks]
 *   where the signals come from and how to exit: the process's own, unless a test says otherwise
 * @returns {http.Server}
 */
export function main(argv, env, here, hooks = {}) {
  const { signals = process, exit = (code) => process.exit(code) } = hooks;
  const { port, host, backendUrl, root } = settings(argv, env, here);
  const server = createServer({ root, backendUrl });
  server.listen(port, host, () => {
    const address = server.address();
    const bound = typeof address === "object" && address ? address.port : port;
    console.log(`serving ${root} on http://${host}:${bound}, /api -> ${backendUrl}`);
  });
  const stop = () => server.close(() => exit(0));
  signals.once("SIGINT", stop);
  signals.once("SIGTERM", stop);
  return server;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2), process.env, path.dirname(fileURLToPath(import.meta.url)));
}
