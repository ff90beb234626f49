import { createServer, IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface LocalReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
}

export interface LocalServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that answers every request with what `respond` returns, and records them. */
export async function startLocalServer(respond: (request: RecordedRequest) => LocalReply | Promise<LocalReply>): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const address = server.address() as AddressInfo;
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET',
        path: incoming.url ?? '/',
        url: new URL(incoming.url ?? '/', `http://127.0.0.1:${address.port}`),
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      Promise.resolve()
        .then(() => respond(request))
        .then(
          (reply) => {
            const isText = typeof reply.body === 'string';
            const body = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
            outgoing.writeHead(reply.status ?? 200, {
              'content-type': isText ? 'text/plain' : 'application/json',
              ...reply.headers,
            });
            outgoing.end(body);
          },
          (error: unknown) => {
            outgoing.writeHead(500, { 'content-type': 'text/plain' });
            outgoing.end(String(error));
          },
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
