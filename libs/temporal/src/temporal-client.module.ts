import { Global, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '@apex/config';
import { DrainableConnection } from './drainable-connection';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(private readonly drainable: DrainableConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.drainable.close();
  }
}

/**
 * A Temporal client for starting, signalling and querying workflows. The
 * connection is lazy, so the API starts (and reports Temporal as down on
 * /health) even while the Temporal server is unreachable.
 */
@Global()
@Module({
  providers: [
    {
      provide: DrainableConnection,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new DrainableConnection(config.temporal.address),
    },
    {
      provide: TEMPORAL_CONNECTION,
      inject: [DrainableConnection],
      useFactory: (drainable: DrainableConnection) => drainable.connection,
    },
    {
      provide: Client,
      inject: [TEMPORAL_CONNECTION, AppConfig],
      useFactory: (connection: Connection, config: AppConfig) =>
        new Client({ connection, namespace: config.temporal.namespace }),
    },
    ConnectionCloser,
  ],
  exports: [Client, TEMPORAL_CONNECTION],
})
export class TemporalClientModule {}
