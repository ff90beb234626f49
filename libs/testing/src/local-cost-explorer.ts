import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Credentials in the shape a customer sends them; the secret is the one AWS documents as an example. */
export const AWS_TEST_CREDENTIALS = {
  kind: 'access_key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

interface Request {
  headers: IncomingHttpHeaders;
  body: string;
}

interface CostExplorerInput {
  TimePeriod: { Start: string; End: string };
  NextPageToken?: string;
}

const aws = (status: number, type: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: { __type: `com.amazon.coral.service#${type}`, message },
});

/**
 * A Cost Explorer on 127.0.0.1 that answers GetCostAndUsage in AWS's JSON protocol with `pages` pages for any
 * period, each with `rowsPerPage` groups dated on the period's first day (page 1 has Bedrock, so AI spend).
 * Each page's token carries a generation, so one can expire alone; faults are set per test.
 */
export class LocalCostExplorer {
  pages = 3;
  rowsPerPage = 2;
  /** Answers the next N requests for a page with a 400 ThrottlingException. */
  throttle = new Map<number, number>();
  /** Answers the next N requests for a page (after any throttling) with a 503 ServiceUnavailableException. */
  unavailable = new Map<number, number>();
  /** Refuses the credentials (UnrecognizedClientException) while set. */
  rejectCredentials = false;
  /** The next request for this page finds its token expired (InvalidNextTokenException); tokens of other pages stay valid. */
  expireBeforePage: number | null = null;
  /** Requests for this page wait until `release()`. */
  holdPage: number | null = null;
  /** Every request body received, in order. */
  readonly bodies: string[] = [];
  private readonly generations = new Map<number, number>();
  private held: (() => void)[] = [];
  private server!: Server;
  private address = '';

  static async start(): Promise<LocalCostExplorer> {
    const explorer = new LocalCostExplorer();
    explorer.server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        explorer.bodies.push(body);
        explorer.answer({ headers: incoming.headers, body }).then(
          (reply) => {
            outgoing.writeHead(reply.status ?? 200, reply.headers);
            outgoing.end(JSON.stringify(reply.body));
          },
          (error: unknown) => {
            outgoing.writeHead(500, { 'content-type': 'text/plain' });
            outgoing.end(String(error));
          },
        );
      });
    });
    await new Promise<void>((resolve) => explorer.server.listen(0, '127.0.0.1', resolve));
    explorer.address = `http://127.0.0.1:${(explorer.server.address() as AddressInfo).port}`;
    return explorer;
  }

  get url(): string {
    return this.address;
  }

  /** Page numbers of the GetCostAndUsage requests so far, in order. */
  get pageRequests(): number[] {
    return this.bodies.map((body) => pageOf((JSON.parse(body) as CostExplorerInput).NextPageToken));
  }

  release(): void {
    this.holdPage = null;
    for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private generationOf(page: number): number {
    return this.generations.get(page) ?? 1;
  }

  private tokenOf(page: number): string {
    return `page-${page}-g${this.generationOf(page)}`;
  }

  private async answer(request: Request): Promise<Reply> {
    if (request.headers['x-amz-target'] !== 'AWSInsightsIndexService.GetCostAndUsage') return aws(400, 'UnknownOperationException', 'unknown operation');
    if (this.rejectCredentials) return aws(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    const input = JSON.parse(request.body) as CostExplorerInput;
    const page = pageOf(input.NextPageToken);
    if (this.holdPage === page) await new Promise<void>((go) => this.held.push(go));
    const throttled = this.throttle.get(page) ?? 0;
    if (throttled > 0) {
      this.throttle.set(page, throttled - 1);
      return aws(400, 'ThrottlingException', 'Rate exceeded');
    }
    const down = this.unavailable.get(page) ?? 0;
    if (down > 0) {
      this.unavailable.set(page, down - 1);
      return aws(503, 'ServiceUnavailableException', 'Service is unavailable');
    }
    if (this.expireBeforePage === page) {
      this.expireBeforePage = null;
      this.generations.set(page, this.generationOf(page) + 1);
    }
    if (input.NextPageToken && input.NextPageToken !== this.tokenOf(page)) {
      return aws(400, 'InvalidNextTokenException', 'The NextPageToken is expired or invalid.');
    }
    const day = input.TimePeriod.Start;
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const groups = Array.from({ length: this.rowsPerPage }, (_, i) => {
      const amount = `${page}.${String(i + 1).padStart(2, '0')}0000000001`;
      const service = page === 1 && i === 0 ? 'Amazon Bedrock' : 'Amazon Simple Storage Service';
      return {
        Keys: [service, `USE1-usage-${page}-${i + 1}`],
        Metrics: {
          UnblendedCost: { Amount: amount, Unit: 'USD' },
          AmortizedCost: { Amount: amount, Unit: 'USD' },
          UsageQuantity: { Amount: '10', Unit: 'N/A' },
        },
      };
    });
    return {
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: {
        GroupDefinitions: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'DIMENSION', Key: 'USAGE_TYPE' },
        ],
        ResultsByTime: [{ TimePeriod: { Start: day, End: next }, Groups: groups, Estimated: false }],
        ...(page < this.pages ? { NextPageToken: this.tokenOf(page + 1) } : {}),
      },
    };
  }
}

const pageOf = (token: string | undefined) => (token ? Number(/^page-(\d+)-/.exec(token)?.[1]) : 1);
