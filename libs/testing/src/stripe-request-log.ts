import { createServer, IncomingMessage, request as forward, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the Stripe SDK sent, as it went over the wire. */
export interface LoggedStripeRequest {
  method: string;
  /** The path without the query string, e.g. /v1/invoiceitems */
  path: string;
  query: URLSearchParams;
  idempotencyKey: string | null;
  /** The form-encoded body, decoded (Stripe's nested keys stay flat: `items[0][price]`). */
  form: URLSearchParams;
}

export interface StripeRequestLog {
  /** For STRIPE_API_URL: the SDK talks to this address, which passes every request on to `upstream`. */
  url: string;
  requests: LoggedStripeRequest[];
  /** Requests that change something at Stripe (POST and DELETE). */
  writes(): LoggedStripeRequest[];
  /** The next `count` requests whose path starts with `pathPrefix` reach Stripe, but their answers are lost. */
  loseAnswers(pathPrefix: string, count: number): void;
  clear(): void;
  stop(): Promise<void>;
}

const body = (message: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
  });

/**
 * A pass-through in front of a server that speaks Stripe's API (stripe-mock), recording what reaches it. Stripe
 * itself shows what was sent (the Dashboard's request log); stripe-mock keeps nothing, so tests read it here.
 */
export async function startStripeRequestLog(upstream: string): Promise<StripeRequestLog> {
  const target = new URL(upstream);
  const requests: LoggedStripeRequest[] = [];
  const losses: { pathPrefix: string; left: number }[] = [];

  const server: Server = createServer(async (incoming, outgoing) => {
    const payload = await body(incoming);
    const url = new URL(incoming.url ?? '/', upstream);
    const key = incoming.headers['idempotency-key'];
    requests.push({
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      idempotencyKey: typeof key === 'string' ? key : null,
      form: new URLSearchParams(payload.toString('utf8')),
    });
    const loss = losses.find((l) => l.left > 0 && url.pathname.startsWith(l.pathPrefix));
    const upstreamRequest = forward(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: target.host } },
      (answer) => {
        if (loss) {
          loss.left -= 1;
          answer.resume();
          answer.on('end', () => outgoing.destroy());
          return;
        }
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstreamRequest.on('error', () => outgoing.destroy());
    upstreamRequest.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes: () => requests.filter((r) => r.method === 'POST' || r.method === 'DELETE'),
    loseAnswers: (pathPrefix, count) => void losses.push({ pathPrefix, left: count }),
    clear: () => void requests.splice(0, requests.length),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
