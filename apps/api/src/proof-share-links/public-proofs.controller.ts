import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PublicProofReport, PublicProofVerification } from '@apex/contracts';
import { ProofShareLinksService, ProofSigningKeyMissingError } from '@apex/proofs';
import { Public } from '../auth/public.decorator';
import { signingKeyMissingProblem } from '../proofs/proof-problems';
import { shareLinkUnavailable } from './proof-share-link-problems';
import { PublicProofReportDto, PublicProofVerificationDto } from './proof-share-links.dto';

const UNAVAILABLE = 'This link is not available (the same answer for a malformed, unknown, expired or revoked token)';

/** What a share link's reader may do without a log-in: read the signed report and have it verified. */
@ApiTags('proofs')
@Public()
@Controller('public/proofs')
export class PublicProofsController {
  constructor(private readonly links: ProofShareLinksService) {}

  @Get(':token')
  // A revoked link must stop showing the report: nothing on the way may keep a copy.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A shared proof’s signed report, without internal ids (no log-in needed); each answer counts as an open for the owner' })
  @ApiOkResponse({ type: PublicProofReportDto })
  @ApiNotFoundResponse({ description: UNAVAILABLE })
  async report(@Param('token') token: string): Promise<PublicProofReport> {
    const report = await this.links.open(token);
    if (!report) throw shareLinkUnavailable();
    return report;
  }

  @Post(':token/verify')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Recompute the SHA-256 of the shared report as stored and check its Ed25519 signature with Apex’s public key: valid, or altered, bad_signature or unknown_key',
  })
  @ApiOkResponse({ type: PublicProofVerificationDto })
  @ApiNotFoundResponse({ description: UNAVAILABLE })
  async verify(@Param('token') token: string): Promise<PublicProofVerification> {
    let verification: PublicProofVerification | null;
    try {
      verification = await this.links.verify(token);
    } catch (error) {
      if (error instanceof ProofSigningKeyMissingError) throw signingKeyMissingProblem();
      throw error;
    }
    if (!verification) throw shareLinkUnavailable();
    return verification;
  }
}
