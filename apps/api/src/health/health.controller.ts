import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { TemporalHealthIndicator } from './temporal.health';
import { Public } from '../auth/public.decorator';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Reachability of PostgreSQL and Temporal; 503 when either is down' })
  async check() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.temporal.isHealthy('temporal'),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const report = error.getResponse() as Omit<HealthCheckResult, 'status'>;
      throw new ProblemException({
        type: ProblemType.serviceUnavailable,
        title: 'A service Apex depends on is down',
        status: 503,
        detail: `Down: ${Object.keys(report.error ?? {}).join(', ')}`,
        info: report.info,
        error: report.error,
        details: report.details,
      });
    }
  }
}
