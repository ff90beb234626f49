import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server received, body parsed when it was JSON. */
export interface ReceivedChatRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: { model?: string; messages?: Array<{ role: string; content: string }>; temperature?: number } & Record<string, unknown>;
}

/** How the server answers one request: the assistant's text, an HTTP error, a raw body, or no answer at all. */
export type ChatReply =
  | { content: string; promptTokens?: number; completionTokens?: number }
  | { status: number; body?: unknown }
  | { raw: string }
  | { hang: true };

/**
 * An OpenAI-compatible chat-completions API on 127.0.0.1 (`POST /v1/chat/completions`, bearer key checked) whose
 * answers a test scripts: queued replies first, then `respondWith`'s function. Every request is recorded.
 */
export class ChatCompletionsServer {
  readonly requests: ReceivedChatRequest[] = [];
  private readonly queue: ChatReply[] = [];
  private fallback: (request: ReceivedChatRequest) => ChatReply = () => ({ status: 500, body: { error: { message: 'no reply scripted' } } });
  private readonly hanging = new Set<ServerResponse>();
  private server!: Server;
  private port = 0;

  private constructor(private readonly apiKey: string) {}

  static async start(options: { apiKey: string }): Promise<ChatCompletionsServer> {
    const chat = new ChatCompletionsServer(options.apiKey);
    chat.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: ReceivedChatRequest['body'] = {};
        try {
          body = text ? JSON.parse(text) : {};
        } catch {
          // recorded as empty; answered as a bad request below
        }
        const request = { method: incoming.method ?? '', path: incoming.url ?? '', headers: incoming.headers, body };
        chat.requests.push(request);
        chat.answer(request, outgoing);
      });
    });
    await new Promise<void>((resolve) => chat.server.listen(0, '127.0.0.1', resolve));
    chat.port = (chat.server.address() as AddressInfo).port;
    return chat;
  }

  /** The base URL to configure as LLM_API_URL. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Answers the next requests with these replies, in order. */
  enqueue(...replies: ChatReply[]): void {
    this.queue.push(...replies);
  }

  /** Answers every request the queue does not with what `reply` makes of it. */
  respondWith(reply: (request: ReceivedChatRequest) => ChatReply): void {
    this.fallback = reply;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(request: ReceivedChatRequest, outgoing: ServerResponse): void {
    const json = (status: number, body: unknown) => {
      outgoing.writeHead(status, { 'content-type': 'application/json' });
      outgoing.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') return json(404, { error: { message: 'not found' } });
    if (request.headers.authorization !== `Bearer ${this.apiKey}`) return json(401, { error: { message: 'invalid api key', type: 'invalid_request_error' } });
    if (!request.body.model || !Array.isArray(request.body.messages)) return json(400, { error: { message: 'model and messages are required' } });

    const reply = this.queue.shift() ?? this.fallback(request);
    if ('hang' in reply) {
      this.hanging.add(outgoing);
      outgoing.on('close', () => this.hanging.delete(outgoing));
      return;
    }
    if ('raw' in reply) {
      outgoing.writeHead(200, { 'content-type': 'application/json' });
      return void outgoing.end(reply.raw);
    }
    if ('status' in reply) return json(reply.status, reply.body ?? { error: { message: `HTTP ${reply.status}` } });
    const promptTokens = reply.promptTokens ?? 120;
    const completionTokens = reply.completionTokens ?? 40;
    json(200, {
      id: `chatcmpl-${this.requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    });
  }
}
