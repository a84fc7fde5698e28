// A tiny static server for the demo page, on 127.0.0.1 only: this folder at `/`, the npm
// package built by scripts/build-wasm.sh at `/pkg/`. Node's standard library only.
//
//   scripts/build-wasm.sh target/wasm-pkg
//   node examples/browser/serve.mjs [--pkg target/wasm-pkg] [--port 8080]
//
// The tests import startServer() and close it when done.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

/** The file under `base` that `rel` names, or null when it would leave `base`. */
function inside(base, rel) {
  const path = normalize(join(base, rel));
  return path === base || path.startsWith(base.endsWith(sep) ? base : base + sep) ? path : null;
}

/**
 * Starts the server. Resolves to `{ url, close }`; `port: 0` picks a free port.
 * @param {{ pkgDir: string, port?: number, root?: string }} options
 */
export function startServer({ pkgDir, port = 0, root = here }) {
  const pkg = resolve(pkgDir);
  const site = resolve(root);
  const server = createServer(async (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = pathname.startsWith("/pkg/") ? inside(pkg, pathname.slice(5)) : inside(site, pathname.slice(1));
    if (file === null) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
    }
  });
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address();
      done({
        url: `http://127.0.0.1:${bound}/`,
        close: () => new Promise((closed) => server.close(() => closed())),
      });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const value = (flag, fallback) => {
    const i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
  };
  const pkgDir = value("--pkg", resolve(here, "../../target/wasm-pkg"));
  const port = Number(value("--port", "8080"));
  const { url } = await startServer({ pkgDir, port });
  console.log(`tact demo: ${url}  (package from ${pkgDir}; Ctrl-C stops)`);
}
