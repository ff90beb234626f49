import { Controller, Get, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ProblemType } from '@apex/contracts';
import { ProblemException } from '@apex/http';
import { TemporalHealthIndicator } from './temporal.health';
import { mayReadHealthDetails } from './health-audience';
import { Public } from '../auth/public.decorator';
import type { RequestWithPrincipal } from '../auth/current-principal.decorator';

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
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({ summary: 'Liveness: the API process answers. Says nothing about what it depends on' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: PostgreSQL and Temporal reachable; 503 when either is down. Details only for operators and local probes',
  })
  async ready(@Req() req: Request & RequestWithPrincipal): Promise<Partial<HealthCheckResult>> {
    const withDetails = mayReadHealthDetails(req);
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database', { timeout: 2000 }),
        () => this.temporal.isHealthy('temporal'),
      ]);
      return withDetails ? result : { status: result.status };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const report = error.getResponse() as Omit<HealthCheckResult, 'status'>;
      throw new ProblemException({
        type: ProblemType.serviceUnavailable,
        title: 'A service Apex depends on is down',
        status: 503,
        ...(withDetails
          ? { detail: `Down: ${Object.keys(report.error ?? {}).join(', ')}`, info: report.info, error: report.error, details: report.details }
          : { detail: 'The API cannot serve requests yet. Operators can see which dependency is down.' }),
      });
    }
  }
}
