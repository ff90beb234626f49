import { Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CostFileDetail, CostFileUploaded, CostFileView, Principal } from '@apex/contracts';
import { Throttle, ThrottledError } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { CostDataLimitReached, CostFileRejected, CostFileTooLarge, CostFileViews, FocusFileLoader } from '@apex/costs';
import { CostDataLimits, CostDataLimitsService } from '@apex/entitlements';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { IdempotencyExempt } from '../idempotency/idempotency-exempt.decorator';
import { clientDeparture } from './client-departure';
import {
  costDataLimitReached,
  costFileInvalid,
  costFileNotFound,
  costFileTooLarge,
  onlyOwnersAndAdmins,
  tooManyUploads,
  unsupportedEncoding,
  unsupportedMediaType,
  uploadNotFollowed,
  uploadStopped,
} from './cost-file-problems';
import { CostFileUploadsGuard } from './cost-file-uploads.guard';
import { CostFileDetailDto, CostFileUploadedDto, CostFileViewDto, UploadCostFileQuery, UploadProgressDto } from './cost-files.dto';
import { uploadBody } from './upload-body';
import { UploadProgress, UploadProgressBoard } from './upload-progress';

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream']);
/** Newline-delimited JSON (a Google Cloud billing export); which of CSV or JSON a body is, its first character tells. */
const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json']);
const GZIP_TYPES = new Set(['application/gzip', 'application/x-gzip']);

@ApiTags('cost-files')
@ApiBearerAuth()
@UseGuards(CostFileUploadsGuard)
@ApiForbiddenResponse({ description: 'cloud_billing_integration is off (cloud-billing-disabled), or a member tried to upload (forbidden)' })
@Controller('cost-files')
export class CostFilesController {
  private readonly maxBytes: number;

  constructor(
    private readonly loader: FocusFileLoader,
    private readonly views: CostFileViews,
    private readonly limits: CostDataLimitsService,
    private readonly throttle: Throttle,
    private readonly progress: UploadProgressBoard,
    config: AppConfig,
  ) {
    this.maxBytes = config.costs.fileMaxBytes;
  }

  @Post()
  @HttpCode(201)
  // Re-uploading a file replaces its rows, so a retry is harmless; the body is streamed, never kept for a replay.
  @IdempotencyExempt()
  @ApiOperation({
    summary: "Upload a FinOps FOCUS cost file, or a cloud provider's own cost export converted to FOCUS (owners and admins)",
    description:
      'The request body is the CSV itself (not multipart): `Content-Type: text/csv`, or gzip of it as `application/gzip` or with ' +
      '`Content-Encoding: gzip`. FOCUS 1.0, 1.1 and 1.2; the version comes from `focusVersion` or is detected from the columns. ' +
      "A provider's own export is told from its header and converted to FOCUS 1.0 record by record (`sourceFormat` names it; leave " +
      '`focusVersion` out): AWS Cost and Usage Reports (legacy CSV, CUR 2.0, Athena column names), Azure cost details (EA, MCA, older ' +
      'usage details), Google Cloud billing exports (CSV, or newline-delimited JSON as `application/x-ndjson`) and Oracle Cloud cost reports; ' +
      'its rows keep the line of the original file. A file of no format Apex reads is refused naming the ones it does. ' +
      'The body is streamed into the cost data, not held in memory, up to COST_FILE_MAX_SIZE (default 2 GB; BODY_LIMIT does not apply). ' +
      'The file is loaded whole or not at all: any problem (version, missing mandatory columns, a malformed value, a cut-short file, ' +
      'more than one billing currency) answers 422 with every problem of the header and the rows by file, line and column, and nothing is stored. ' +
      'What moves no amount loads with warnings, counted by kind in `warnings` and kept for GET /cost-files/:id: columns without the x_ prefix ' +
      '(kept as extra columns), nulls where FOCUS allows none in a column no figure reads, values outside the allowed ones of pricing and ' +
      'commitment columns, amounts written as a spreadsheet shows them. A loaded file replaces the rows of earlier uploads whose charge period ' +
      'starts within the period it covers. ' +
      "The organisation's plan bounds cost data: rows in one upload, rows held and bytes of uploaded files held (decompressed, counted " +
      'as they stream); an upload passing one stops at once, stores nothing and answers 413 naming the limit and the plan that lifts it. ' +
      'Uploads per organisation and hour are limited too (429 with Retry-After). A client that goes away before its answer stops the ' +
      'load, which stores nothing. With `uploadId` the progress can be read while it loads (GET /cost-files/uploads/{uploadId}).',
  })
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/gzip')
  @ApiBody({ description: "The FOCUS CSV or the provider's export, plain or gzip", schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Encoding', required: false, description: '`gzip` when the CSV is sent compressed with another content type' })
  @ApiCreatedResponse({ type: CostFileUploadedDto, description: 'Loaded; `Location` names the file' })
  @ApiUnprocessableEntityResponse({ description: 'The file was refused (cost-file-invalid): `errors` lists {file, line, column, message}, `moreErrors` counts the rest' })
  @ApiPayloadTooLargeResponse({
    description: 'Larger than COST_FILE_MAX_SIZE (`limitBytes`), or past a cost-data limit of the plan (`limit`: uploadRows, heldRows or heldBytes; `allowed`, `reached`, `tier`, `upgrade`)',
  })
  @ApiTooManyRequestsResponse({ description: "As many uploads as the organisation's plan allows in an hour (Retry-After)" })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a CSV, newline-delimited JSON or gzip body' })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Query() query: UploadCostFileQuery,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CostFileUploaded> {
    let plan: CostDataLimits | null = null;
    const departure = clientDeparture(res);
    try {
      if (principal.role === 'member') throw onlyOwnersAndAdmins();
      const gzip = this.isGzip(contentType, contentEncoding);
      if (contentLength !== undefined && Number(contentLength) > this.maxBytes) throw costFileTooLarge(this.maxBytes);
      plan = await this.limits.forOrganization(principal.orgId);
      await this.throttle.admit([
        { rule: 'cost-file-upload', what: 'cost file uploads', limit: { limit: plan.uploadsPerHour, windowSeconds: 3600 }, subject: [principal.orgId] },
      ]);
      const onProgress = query.uploadId ? this.progress.start(principal.orgId, query.uploadId) : undefined;
      const loaded = await this.loader.load({
        orgId: principal.orgId,
        userId: principal.userId,
        fileName: query.fileName,
        focusVersion: query.focusVersion,
        nativeFormats: true,
        body: uploadBody(req),
        gzip,
        quota: { uploadRows: plan.uploadRows, heldRows: plan.heldRows, heldBytes: plan.heldBytes },
        signal: departure.signal,
        onProgress,
      });
      if (query.uploadId) this.progress.end(principal.orgId, query.uploadId, 'loaded', loaded.rowCount);
      res.location(`/api/v1/cost-files/${loaded.sourceId}`);
      return loaded;
    } catch (error) {
      if (query.uploadId) this.progress.end(principal.orgId, query.uploadId, departure.signal.aborted ? 'stopped' : 'refused');
      // The rest of an unread body is not worth receiving: the client must not send its next request on this connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (departure.signal.aborted) throw uploadStopped();
      if (error instanceof CostFileRejected) throw costFileInvalid(error);
      if (error instanceof CostFileTooLarge) throw costFileTooLarge(error.limitBytes, error.what);
      if (error instanceof CostDataLimitReached && plan) throw costDataLimitReached(error, plan, await this.limits.upgradeLifting(plan.tier, error.limit, error.reached));
      if (error instanceof ThrottledError && plan) throw tooManyUploads(res, error, plan);
      throw error;
    } finally {
      departure.dispose();
    }
  }

  @Get('uploads/:uploadId')
  @ApiOperation({
    summary: 'How far an upload sent with `uploadId` has come: bytes received and rows read',
    description:
      'Kept in the memory of the API process loading it, for a few minutes after it ends; behind several API processes a read may ' +
      'reach another one and find nothing (404).',
  })
  @ApiOkResponse({ type: UploadProgressDto })
  @ApiNotFoundResponse({ description: 'No upload with that id is followed here' })
  uploadProgress(@CurrentPrincipal() principal: Principal, @Param('uploadId', uuidParam('upload')) uploadId: string): UploadProgress {
    const progress = this.progress.get(principal.orgId, uploadId);
    if (!progress) throw uploadNotFollowed();
    return progress;
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's uploaded FOCUS files with status, period and rows, newest first (the last 100)" })
  @ApiOkResponse({ type: [CostFileViewDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<CostFileView[]> {
    return this.views.list(principal.orgId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One uploaded FOCUS file with the totals of its rows and the warnings of its upload' })
  @ApiOkResponse({ type: CostFileDetailDto })
  @ApiNotFoundResponse({ description: 'No such file in your organisation' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('cost file')) id: string): Promise<CostFileDetail> {
    const file = await this.views.get(principal.orgId, id);
    if (!file) throw costFileNotFound();
    return file;
  }

  private isGzip(contentType: string | undefined, contentEncoding: string | undefined): boolean {
    const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const charset = /;\s*charset="?([^";]+)/i.exec(contentType ?? '')?.[1].toLowerCase();
    if (!CSV_TYPES.has(type) && !NDJSON_TYPES.has(type) && !GZIP_TYPES.has(type)) throw unsupportedMediaType(type);
    if (charset && charset !== 'utf-8' && charset !== 'utf8' && !(charset === 'us-ascii' && CSV_TYPES.has(type))) throw unsupportedMediaType(`${type}; charset=${charset}`);
    const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') throw unsupportedEncoding(encoding);
    return GZIP_TYPES.has(type) || encoding !== 'identity';
  }
}
