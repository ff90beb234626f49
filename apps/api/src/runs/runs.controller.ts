import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal, RunDetail, RunPage, RunView } from '@apex/contracts';
import { RunReportsStore } from '@apex/optimizer';
import { RunsService, toRunView } from '@apex/runs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RunSavings } from '../savings/run-savings';
import { RunCanceller } from './run-canceller';
import { RunLauncher } from './run-launcher';
import { RunWorkflows } from './run-workflows';
import { idempotencyKeyProblem, limitReachedProblem, retryAfterSeconds, runNotFoundProblem, runNotStartedProblem } from './run-problems';
import { ListRunsQuery, RunPageDto, RunViewDto } from './runs.dto';
import { rejectUnknownFields } from './reject-unknown-fields';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

@ApiTags('runs')
@ApiBearerAuth()
@Controller('runs')
export class RunsController {
  constructor(
    private readonly launcher: RunLauncher,
    private readonly canceller: RunCanceller,
    private readonly runs: RunsService,
    private readonly reports: RunReportsStore,
    private readonly workflows: RunWorkflows,
    private readonly savings: RunSavings,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Start a supervisor run, if the rolling window has a free slot' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Sending the same key again returns the same run and admits nothing new' })
  @ApiAcceptedResponse({ type: RunViewDto, description: 'Admitted; the run is starting' })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RunView> {
    rejectUnknownFields(body);
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw idempotencyKeyProblem('must be 1 to 255 visible ASCII characters');
    }
    const launch = await this.launcher.launch(principal, idempotencyKey ?? null);
    if (launch.outcome === 'limit_reached') {
      const retryAfter = retryAfterSeconds(launch);
      if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
      throw limitReachedProblem(launch);
    }
    if (launch.outcome === 'not_started') throw runNotStartedProblem(launch.run.failure ?? 'The run could not be started.');
    res.location(`/api/v1/runs/${launch.run.id}`);
    if (launch.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return toRunView(launch.run);
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's runs, newest first" })
  @ApiOkResponse({ type: RunPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRunsQuery): Promise<RunPage> {
    const { rows, more } = await this.runs.list(principal.orgId, { limit: query.limit ?? 20, before: query.before });
    return { items: await this.savings.ofRuns(principal.orgId, rows.map(toRunView)), next: more ? rows[rows.length - 1].id : null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One run of your organisation: its live progress by agent while it works, and its report once done' })
  @ApiOkResponse({ type: RunViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RunDetail> {
    const run = await this.runs.find(principal.orgId, id);
    if (!run) throw runNotFoundProblem(id);
    const working = run.status === 'admitted' || run.status === 'running';
    return {
      ...(await this.savings.ofRun(principal.orgId, toRunView(run))),
      progress: working ? await this.workflows.progress(run.id) : null,
      report: await this.reports.find(principal.orgId, run.id),
    };
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel an admitted or running run; it ends as cancelled' })
  @ApiAcceptedResponse({ type: RunViewDto, description: 'Cancellation requested (or done, when the run had not started)' })
  async cancel(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RunView> {
    return this.savings.ofRun(principal.orgId, toRunView(await this.canceller.cancel(principal.orgId, id)));
  }
}
