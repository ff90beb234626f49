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
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CostFileDetail, CostFileUploaded, CostFileView, Principal } from '@apex/contracts';
import { AppConfig } from '@apex/config';
import { CostFileRejected, CostFileTooLarge, CostFileViews, FocusFileLoader } from '@apex/costs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';
import { IdempotencyExempt } from '../idempotency/idempotency-exempt.decorator';
import { costFileInvalid, costFileNotFound, costFileTooLarge, onlyOwnersAndAdmins, unsupportedEncoding, unsupportedMediaType } from './cost-file-problems';
import { CostFileUploadsGuard } from './cost-file-uploads.guard';
import { CostFileDetailDto, CostFileUploadedDto, CostFileViewDto, UploadCostFileQuery } from './cost-files.dto';
import { uploadBody } from './upload-body';

const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel', 'application/octet-stream']);
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
    config: AppConfig,
  ) {
    this.maxBytes = config.costs.fileMaxBytes;
  }

  @Post()
  @HttpCode(201)
  // Re-uploading a file replaces its rows, so a retry is harmless; the body is streamed, never kept for a replay.
  @IdempotencyExempt()
  @ApiOperation({
    summary: 'Upload a FinOps FOCUS cost file (owners and admins)',
    description:
      'The request body is the CSV itself (not multipart): `Content-Type: text/csv`, or gzip of it as `application/gzip` or with ' +
      '`Content-Encoding: gzip`. FOCUS 1.0, 1.1 and 1.2; the version comes from `focusVersion` or is detected from the columns. ' +
      'The body is streamed into the cost data, not held in memory, up to COST_FILE_MAX_SIZE (default 2 GB; BODY_LIMIT does not apply). ' +
      'The file is loaded whole or not at all: any problem (version, missing mandatory columns, a malformed value, a cut-short file, ' +
      'more than one billing currency) answers 422 with every problem by file, line and column, and nothing is stored. A loaded file ' +
      'replaces the rows of earlier uploads whose charge period starts within the period it covers.',
  })
  @ApiConsumes('text/csv', 'application/gzip')
  @ApiBody({ description: 'The FOCUS CSV, plain or gzip', schema: { type: 'string', format: 'binary' } })
  @ApiHeader({ name: 'Content-Encoding', required: false, description: '`gzip` when the CSV is sent compressed with another content type' })
  @ApiCreatedResponse({ type: CostFileUploadedDto, description: 'Loaded; `Location` names the file' })
  @ApiUnprocessableEntityResponse({ description: 'The file was refused (cost-file-invalid): `errors` lists {file, line, column, message}, `moreErrors` counts the rest' })
  @ApiPayloadTooLargeResponse({ description: 'Larger than COST_FILE_MAX_SIZE' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not a CSV or gzip body' })
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Query() query: UploadCostFileQuery,
    @Headers('content-type') contentType: string | undefined,
    @Headers('content-encoding') contentEncoding: string | undefined,
    @Headers('content-length') contentLength: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CostFileUploaded> {
    try {
      if (principal.role === 'member') throw onlyOwnersAndAdmins();
      const gzip = this.isGzip(contentType, contentEncoding);
      if (contentLength !== undefined && Number(contentLength) > this.maxBytes) throw costFileTooLarge(this.maxBytes);
      const loaded = await this.loader.load({
        orgId: principal.orgId,
        userId: principal.userId,
        fileName: query.fileName,
        focusVersion: query.focusVersion,
        body: uploadBody(req),
        gzip,
      });
      res.location(`/api/v1/cost-files/${loaded.sourceId}`);
      return loaded;
    } catch (error) {
      // The rest of an unread body is not worth receiving: the client must not send its next request on this connection.
      if (!req.complete) res.setHeader('Connection', 'close');
      if (error instanceof CostFileRejected) throw costFileInvalid(error);
      if (error instanceof CostFileTooLarge) throw costFileTooLarge(error.limitBytes, error.what);
      throw error;
    }
  }

  @Get()
  @ApiOperation({ summary: "Your organisation's uploaded FOCUS files with status, period and rows, newest first (the last 100)" })
  @ApiOkResponse({ type: [CostFileViewDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<CostFileView[]> {
    return this.views.list(principal.orgId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One uploaded FOCUS file with the totals of its rows' })
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
    if (!CSV_TYPES.has(type) && !GZIP_TYPES.has(type)) throw unsupportedMediaType(type);
    if (charset && charset !== 'utf-8' && charset !== 'utf8' && !(charset === 'us-ascii' && CSV_TYPES.has(type))) throw unsupportedMediaType(`${type}; charset=${charset}`);
    const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip' && encoding !== 'x-gzip') throw unsupportedEncoding(encoding);
    return GZIP_TYPES.has(type) || encoding !== 'identity';
  }
}
