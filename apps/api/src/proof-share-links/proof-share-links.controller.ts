import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { CreatedProofShareLink, Principal, ProofShareLink } from '@apex/contracts';
import { ProofShareLinksService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { IdempotencyExempt } from '../idempotency/idempotency-exempt.decorator';
import { proofNotFound } from '../proofs/proof-problems';
import { proofNotFinishedProblem, shareLinkNotFound } from './proof-share-link-problems';
import { CreatedProofShareLinkDto, CreateProofShareLinkDto, ProofShareLinkDto } from './proof-share-links.dto';

@ApiTags('proofs')
@ApiBearerAuth()
@Controller('proofs/:id/share-links')
export class ProofShareLinksController {
  constructor(private readonly links: ProofShareLinksService) {}

  @Post()
  @HttpCode(201)
  // A stored response would keep the token; a retried request makes a second link, which can be revoked.
  @IdempotencyExempt()
  @ApiOperation({
    summary: 'Share a finished proof’s signed report: a link anyone can open without a log-in until it expires (30 days unless you choose 1–365) or you revoke it',
    description: 'The answer is the only time the token and URL are shown; Apex keeps only the token’s SHA-256.',
  })
  @ApiCreatedResponse({ type: CreatedProofShareLinkDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: CreateProofShareLinkDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedProofShareLink> {
    const created = await this.links.create(principal.orgId, principal.userId, id, body.expiresInDays ?? undefined);
    switch (created.outcome) {
      case 'proof_not_found':
        throw proofNotFound(id);
      case 'not_finished':
        throw proofNotFinishedProblem(id, created.status);
    }
    res.location(`/api/v1/proofs/${id}/share-links`);
    return created.link;
  }

  @Get()
  @ApiOperation({ summary: 'The proof’s share links, newest first, with their status, expiry and how often each was opened; never a token' })
  @ApiOkResponse({ type: [ProofShareLinkDto] })
  async list(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProofShareLink[]> {
    const links = await this.links.list(principal.orgId, id);
    if (!links) throw proofNotFound(id);
    return links;
  }

  @Delete(':linkId')
  @ApiOperation({ summary: 'Revoke a share link: it stops working at once (revoking it again changes nothing)' })
  @ApiOkResponse({ type: ProofShareLinkDto })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('linkId') linkId: string): Promise<ProofShareLink> {
    const revoked = await this.links.revoke(principal.orgId, id, linkId);
    if (!revoked) throw shareLinkNotFound(linkId);
    return revoked;
  }
}
