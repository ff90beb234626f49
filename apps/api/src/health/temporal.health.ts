import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { AppConfig } from '@apex/config';

/**
 * Probes Temporal over a connection of its own without the client's retry
 * interceptor: a probe answers once within its deadline, and leaves no retry
 * timer behind to fire on a connection closed at shutdown.
 */
@Injectable()
export class TemporalHealthIndicator implements OnModuleDestroy {
  private readonly probe: Connection;

  constructor(
    private readonly config: AppConfig,
    private readonly health: HealthIndicatorService,
  ) {
    this.probe = Connection.lazy({ address: config.temporal.address, interceptors: [] });
  }

  async isHealthy(key: string, timeoutMs = 2000): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    try {
      await this.probe.withDeadline(Date.now() + timeoutMs, () => this.probe.workflowService.getSystemInfo({}));
      return indicator.up({ address: this.config.temporal.address, namespace: this.config.temporal.namespace });
    } catch (error) {
      return indicator.down({
        address: this.config.temporal.address,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.probe.close();
  }
}
