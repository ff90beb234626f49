import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Principal } from '@apex/contracts';
import { PrincipalResolver, UnauthenticatedError } from '@apex/accounts';
import { ApiCallRecord, UsageTracker } from '@apex/metering';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

type ApiRequest = IncomingMessage & { id?: string; principal?: Principal; originalUrl?: string; route?: { path?: string } };

const METERED_PREFIX = '/api/v1/';
/** Most records written in one statement. */
const MAX_BATCH = 500;

interface Pending {
  record: ApiCallRecord;
  written: () => void;
}

/**
 * Meters every API request made with valid credentials, accepted or rejected,
 * as one `api_call` usage event. It listens on the HTTP server itself, so it
 * also sees requests refused before any route runs (a malformed body, an
 * unknown path). The usage is written after the response has gone out,
 * calls that finish while a write is under way going together in the next
 * one (one commit for many calls under load, no waiting when idle). A request
 * without valid credentials belongs to no organisation and is only logged (by
 * the request logger), not metered.
 */
@Injectable()
export class ApiCallMeter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ApiCallMeter.name);
  private readonly inFlight = new Set<Promise<void>>();
  private queue: Pending[] = [];
  private writing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly tracker: UsageTracker,
    private readonly principals: PrincipalResolver,
  ) {}

  onApplicationBootstrap(): void {
    const server: Server = this.adapterHost.httpAdapter.getHttpServer();
    server.prependListener('request', (req: ApiRequest, res: ServerResponse) => this.watch(req, res));
  }

  /** Waits until every request seen so far has been metered (or its failure logged). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  private watch(req: ApiRequest, res: ServerResponse): void {
    if (!req.url?.startsWith(METERED_PREFIX)) return;
    // Registered before the response starts, so flush() also covers requests still being answered.
    const done = new Promise<void>((resolve) => res.once('close', () => this.meter(req, res).finally(resolve)));
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private async meter(req: ApiRequest, res: ServerResponse): Promise<void> {
    try {
      const principal = req.principal ?? (await this.principalOf(req));
      if (!principal) return;
      const record = this.recordOf(req, res, principal);
      await new Promise<void>((written) => {
        this.queue.push({ record, written });
        if (!this.writing) void this.writeQueued();
      });
    } catch (error) {
      this.logger.error(`Could not meter ${req.method} ${req.url} (request ${req.id}): ${describe(error)}`);
    }
  }

  private async writeQueued(): Promise<void> {
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.write(batch.map((pending) => pending.record));
        } finally {
          for (const pending of batch) pending.written();
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** A batch that fails is written call by call, so one bad record loses only itself; each loss is logged with its record. */
  private async write(records: ApiCallRecord[]): Promise<void> {
    try {
      await this.tracker.recordApiCalls(records);
      return;
    } catch (error) {
      if (records.length === 1) return this.logLost(records[0], error);
    }
    for (const record of records) {
      await this.tracker.recordApiCalls([record]).catch((error) => this.logLost(record, error));
    }
  }

  private logLost(record: ApiCallRecord, error: unknown): void {
    this.logger.error(`Could not meter ${record.method} ${record.endpoint} (${record.idempotencyKey}): ${describe(error)}`, JSON.stringify(record));
  }

  /** The guard resolves the caller of every routed request; this covers requests refused before routing. */
  private async principalOf(req: ApiRequest): Promise<Principal | null> {
    if (!req.headers.authorization && !req.headers['x-api-key']) return null;
    try {
      return await this.principals.resolve(req.headers as Record<string, string>);
    } catch (error) {
      if (error instanceof UnauthenticatedError) return null;
      throw error;
    }
  }

  private recordOf(req: ApiRequest, res: ServerResponse, principal: Principal): ApiCallRecord {
    const path = (req.originalUrl ?? req.url ?? '').split('?')[0].slice(0, 512);
    const statusCode = res.writableFinished ? res.statusCode : 499;
    const rejected = statusCode >= 400;
    return {
      orgId: principal.orgId,
      userId: principal.userId,
      apiKeyId: principal.apiKeyId ?? null,
      idempotencyKey: this.keyOf(req, path, rejected),
      endpoint: this.routeOf(req) ?? path,
      method: req.method ?? 'GET',
      statusCode,
      rejected,
      tokens: 0,
    };
  }

  /** The route pattern (`/api/v1/runs/:id`) of a routed request; a catch-all (the request logger's) names nothing. */
  private routeOf(req: ApiRequest): string | null {
    const route = req.route?.path;
    return route && !route.includes('*') ? route : null;
  }

  /**
   * A request that succeeded under an Idempotency-Key is metered once however
   * often it is retried (the retries replay its response). Any other request
   * is its own event: every refused attempt counts. A request id the caller
   * chose is not trusted to be unique, so it gets a suffix of ours.
   */
  private keyOf(req: ApiRequest, path: string, rejected: boolean): string {
    const idempotencyKey = req.headers['idempotency-key'];
    if (typeof idempotencyKey === 'string' && !rejected) return `idempotency-key:${req.method} ${path} ${idempotencyKey}`;
    const callerChose = req.headers['x-request-id'] === req.id;
    return `request:${req.id ?? randomUUID()}${callerChose ? `:${randomUUID()}` : ''}`;
  }
}
