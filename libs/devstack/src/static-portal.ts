import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request, Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { PORTAL_SECURITY_HEADERS } from './portal-security-headers';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticPortalHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the built portal the way production's nginx does: files from `root` with the portal's
 * security headers, index.html for client-side routes, and `/api/` passed through to the API
 * (whose answers keep the API's own headers).
 */
export function serveStaticPortal(options: { root: string; port: number; apiUrl: string }): Promise<StaticPortalHandle> {
  const api = new URL(options.apiUrl);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (path.startsWith('/api/')) {
      const upstream = request(
        { host: api.hostname, port: api.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'The API is not reachable', status: 502 }));
      });
      req.pipe(upstream);
      // As nginx does, a client that goes away before its answer closes the request to the API too.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      return;
    }
    const candidate = normalize(join(options.root, path));
    const file =
      candidate.startsWith(options.root) && existsSync(candidate) && statSync(candidate).isFile()
        ? candidate
        : join(options.root, 'index.html');
    res.writeHead(200, { ...PORTAL_SECURITY_HEADERS, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(options.port, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}
