import { Readable } from 'node:stream';
import { Controller, Get, Param, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Principal, ProofEvidenceFilters } from '@apex/contracts';
import { PROOF_EXPORT_FEATURE } from '@apex/contracts';
import { ProofEvidence, proofReportPdf } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { RequiresFeature } from '../entitlements/requires-feature.decorator';
import { proofNotFound, reportNotReadyProblem } from './proof-problems';
import { ProofEvidenceFiltersDto } from './proofs.dto';

/** A proof's report as a PDF and its evidence as CSV (premium, from Early), and its rows as drill-down filters. */
@ApiTags('proofs')
@ApiBearerAuth()
@Controller('proofs')
export class ProofExportsController {
  constructor(private readonly evidence: ProofEvidence) {}

  @Get(':id/evidence-filters')
  @ApiOperation({ summary: "The cost rows a proof used, as the metrics API's drill-down filters: the baseline's and the reporting period's so far" })
  @ApiOkResponse({ type: ProofEvidenceFiltersDto })
  async filters(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProofEvidenceFilters> {
    const proof = await this.evidence.find(principal.orgId, id);
    if (!proof) throw proofNotFound(id);
    return this.evidence.filters(proof);
  }

  @Get(':id/report.pdf')
  @RequiresFeature(PROOF_EXPORT_FEATURE)
  @ApiOperation({ summary: 'The signed proof report as a PDF: figures, chart, verdict, method, price-book versions, SHA-256 and signature (a finished proof only)' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiConflictResponse({ description: 'The proof has not finished, so it has no signed report yet (problem type proof-not-finished)' })
  async pdf(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const proof = await this.evidence.find(principal.orgId, id);
    if (!proof) throw proofNotFound(id);
    if (!proof.report || !proof.sha256 || !proof.signature || !proof.key_id) throw reportNotReadyProblem(id, proof.status);
    const pdf = await proofReportPdf(
      { report: proof.report, sha256: proof.sha256, signature: proof.signature, keyId: proof.key_id },
      { publicKeyUrl: `${req.protocol}://${req.get('host')}/api/v1/proofs/public-key` },
    );
    res.setHeader('Content-Disposition', `attachment; filename="proof-${proof.id}.pdf"`);
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length });
  }

  @Get(':id/evidence.csv')
  @RequiresFeature(PROOF_EXPORT_FEATURE)
  @ApiOperation({
    summary: 'The cost rows the proof used (baseline and reporting period, in its boundary) as CSV, streamed; cells a spreadsheet would run as formulas are neutralised',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV, header first', content: { 'text/csv': { schema: { type: 'string' } } } })
  async csv(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const proof = await this.evidence.find(principal.orgId, id);
    if (!proof) throw proofNotFound(id);
    res.setHeader('Content-Disposition', `attachment; filename="proof-${proof.id}-evidence.csv"`);
    return new StreamableFile(Readable.from(this.evidence.csv(proof)), { type: 'text/csv; charset=utf-8' });
  }
}
