import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '@apex/config';

export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

@Injectable()
class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
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
      provide: TEMPORAL_CONNECTION,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => Connection.lazy({ address: config.temporal.address }),
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
