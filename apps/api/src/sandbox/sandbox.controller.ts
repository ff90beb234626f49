import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiGoneResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { SandboxView } from '@apex/contracts';
import { SANDBOX_TOKEN_HEADER } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { CostFileRejected, CostFileTooLarge, FocusFileLoader, FocusFileUpload } from '@apex/costs';
import { Decimal } from '@apex/domain';
import { RunReportsStore } from '@apex/optimizer';
import { RoiService } from '@apex/proofs';
import { RunAdmissionService, RunsService } from '@apex/runs';
import { OpenAiExportLoader, readOpenAiExport, SandboxesService, SandboxRateLimitedError } from '@apex/sandbox';
import { Public } from '../auth/public.decorator';
import { clientDeparture } from '../cost-files/client-departure';
import { costFileInvalid, costFileTooLarge } from '../cost-files/cost-file-problems';
import { CostFileUploadsGuard } from '../cost-files/cost-file-uploads.guard';
import { uploadBody } from '../cost-files/upload-body';
import { RunWorkflows } from '../runs/run-workflows';
import { readSandboxText, sandboxBody } from './sandbox-body';
import { sandboxNotStarted, sandboxProblem } from './sandbox-problems';
import { SandboxCreatedAnswer, SandboxUploadQuery } from './sandbox.dto';
import { SandboxWorkflows } from './sandbox-workflows';

/**
 * ROI before sign-up, with no log-in: a prospect's FOCUS file loaded into a sandbox organisation by the cost file
 * loader (the same rules as any upload), or an OpenAI usage export stored as the OpenAI connection stores its pages,
 * analysed by a real supervisor run, and read back with the sandbox token.
 */
@ApiTags('sandboxes')
@Public()
@UseGuards(CostFileUploadsGuard)
@Controller('sandboxes')
export class SandboxController {
  constructor(
    private readonly sandboxes: SandboxesService,
    private readonly loader: FocusFileLoader,
    private readonly openAiExports: OpenAiExportLoader,
    private readonly admission: RunAdmissionService,
    private readonly runs: RunsService,
    private readonly runWorkflows: RunWorkflows,
    private readonly workflows: SandboxWorkflows,
    private readonly reports: RunReportsStore,
    private readonly roi: RoiService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Analyse a FOCUS file or an OpenAI usage export in a sandbox, before sign-up (no log-in)',
    description:
      'The body is the FOCUS 1.0–1.2 CSV itself (`text/csv`, or gzip). It is loaded into a new sandbox organisation, whole or not at all, by the same ' +
      'loader as `POST /cost-files`. Or it is an OpenAI usage export (`application/json`, or a `.json` file name; gzip too): one page of ' +
      '`GET /v1/organization/costs` or of `GET /v1/organization/usage/completions`, an array of such pages, or `{"costs": page | [pages], "usage": page | [pages]}`; ' +
      'every page is checked (422 names each problem by its JSON path) and its rows are stored as the OpenAI connection stores them. ' +
      'A supervisor run on the Free plan analyses the rows. The answer carries the sandbox token once: send it as ' +
      '`X-Sandbox-Token` to read the results, or as `sandboxToken` in sign-up to keep them. A sandbox and everything of it is deleted after ' +
      'SANDBOX_LIFETIME_HOURS (24) unless claimed. Uploads are limited to SANDBOX_MAX_UPLOAD_SIZE (20 MB) and SANDBOX_RATE_LIMIT_PER_HOUR (5) per address.',
  })
  @ApiConsumes('text/csv', 'application/gzip', 'application/json')
  @ApiBody({ description: 'The FOCUS CSV or the OpenAI usage export JSON, plain or gzip', schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ description: 'SandboxCreated: the token (shown only now), the expiry and what the file loaded' })
  @ApiUnprocessableEntityResponse({ description: 'Not a FOCUS file or OpenAI usage export, or one with problems (cost-file-invalid); nothing was stored' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than SANDBOX_MAX_UPLOAD_SIZE; nothing was stored' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a CSV, JSON or gzip body; nothing was stored' })
  @ApiTooManyRequestsResponse({ description: 'The address opened as many sandboxes as an hour allows (Retry-After)' })
  @ApiServiceUnavailableResponse({ description: 'The analysis could not be started; nothing was kept' })
  async create(
    @Query() query: SandboxUploadQuery,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SandboxCreatedAnswer> {
    const maxBytes = this.config.sandbox.maxUploadBytes;
    try {
      const { format, gzip } = sandboxBody(contentType, contentEncoding, query.fileName);
      if (contentLength !== undefined && Number(contentLength) > maxBytes) throw costFileTooLarge(maxBytes);
      // An export is read and checked whole before any sandbox exists; a FOCUS file streams into the loader's transaction.
      const openAiExport = format === 'openai-json' ? readOpenAiExport(query.fileName, await readSandboxText(uploadBody(req), gzip, maxBytes, query.fileName)) : null;
      const sandbox = await this.sandboxes.open(req.ip ?? req.socket.remoteAddress ?? 'unknown', query.fileName);
      try {
        const file = openAiExport
          ? await this.openAiExports.load(sandbox.orgId, query.fileName, openAiExport)
          : await this.loadFocusFile(res, { orgId: sandbox.orgId, userId: null, fileName: query.fileName, body: uploadBody(req), gzip, maxBytes });
        await this.sandboxes.attach(sandbox.sandboxId, { costSourceId: file.sourceId });
        await this.workflows.start({ sandboxId: sandbox.sandboxId, expiresAt: sandbox.expiresAt.toISOString() });
        await this.analyse(sandbox.sandboxId, sandbox.orgId, sandbox.userId);
        return { sandboxId: sandbox.sandboxId, token: sandbox.token, expiresAt: sandbox.expiresAt.toISOString(), file };
      } catch (error) {
        await this.sandboxes.discard(sandbox.sandboxId);
        throw error;
      }
    } catch (error) {
      if (!req.complete) res.setHeader('Connection', 'close');
      if (error instanceof SandboxRateLimitedError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      if (error instanceof CostFileRejected) throw costFileInvalid(error);
      if (error instanceof CostFileTooLarge) throw costFileTooLarge(error.limitBytes, error.what);
      throw sandboxProblem(error);
    }
  }

  @Get('current')
  @ApiOperation({ summary: "The sandbox of the token: its file, its run's progress and, once done, the potential savings and the ROI" })
  @ApiHeader({ name: 'X-Sandbox-Token', required: true, description: 'The token POST /sandboxes answered' })
  @ApiOkResponse({ description: 'SandboxView. Every saving in it is a potential' })
  @ApiGoneResponse({ description: 'The token is malformed, unknown, expired or claimed (sandbox-unavailable)' })
  async current(@Headers(SANDBOX_TOKEN_HEADER) token: string | undefined): Promise<SandboxView> {
    try {
      const sandbox = await this.sandboxes.byToken(token ?? '');
      const run = sandbox.runId ? await this.runs.find(sandbox.orgId, sandbox.runId) : null;
      const active = run?.status === 'admitted' || run?.status === 'running';
      const [progress, report, roi, earlyRoi] = await Promise.all([
        active && run ? this.runWorkflows.progress(run.id) : Promise.resolve(null),
        run ? this.reports.find(sandbox.orgId, run.id) : Promise.resolve(null),
        this.roi.forecast(sandbox.orgId),
        this.roi.forecast(sandbox.orgId, Decimal.ONE, 'early'),
      ]);
      return {
        sandboxId: sandbox.sandboxId,
        expiresAt: sandbox.expiresAt.toISOString(),
        file: {
          fileName: sandbox.fileName,
          rowCount: sandbox.file?.rowCount ?? 0,
          periodStart: sandbox.file?.periodStart.toISOString() ?? '',
          periodEnd: sandbox.file?.periodEnd.toISOString() ?? '',
        },
        run: { id: run?.id ?? '', status: run?.status ?? 'failed_to_start', failure: run?.failure ?? null, progress },
        report,
        roi,
        earlyRoi,
      };
    } catch (error) {
      throw sandboxProblem(error);
    }
  }

  /** Admits and starts the sandbox's run; anything short of a started run fails the upload (503). */
  /** A client that leaves before its answer stops the load, which then stores nothing. */
  private async loadFocusFile(res: Response, upload: Omit<FocusFileUpload, 'signal'>) {
    const departure = clientDeparture(res);
    try {
      return await this.loader.load({ ...upload, signal: departure.signal });
    } finally {
      departure.dispose();
    }
  }

  private async analyse(sandboxId: string, orgId: string, userId: string): Promise<void> {
    const admission = await this.admission.admit({ orgId, userId }, null);
    if (admission.outcome === 'limit_reached') throw sandboxNotStarted();
    try {
      await this.runWorkflows.start({ runId: admission.run.id, orgId, userId });
    } catch {
      throw sandboxNotStarted();
    }
    await this.sandboxes.attach(sandboxId, { runId: admission.run.id });
  }
}
