import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, ProofPublicKey, ProofView } from '@apex/contracts';
import { ProofSigningKeyMissingError, ProofsService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Public } from '../auth/public.decorator';
import { proofNotFound, signingKeyMissingProblem } from './proof-problems';
import { ListProofsQuery, ProofPublicKeyDto, ProofViewDto } from './proofs.dto';

@ApiTags('proofs')
@Controller('proofs')
export class ProofsController {
  constructor(private readonly proofs: ProofsService) {}

  // Declared before ':id', which would otherwise take "public-key" for an id.
  @Get('public-key')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public key that verifies signed proof reports (no log-in needed)' })
  @ApiOkResponse({ type: ProofPublicKeyDto })
  publicKey(): ProofPublicKey {
    try {
      return this.proofs.publicKey();
    } catch (error) {
      if (error instanceof ProofSigningKeyMissingError) throw signingKeyMissingProblem();
      throw error;
    }
  }

  @Get()
  @ApiBearerAuth()
  @ApiOperation({ summary: "Your organisation's proofs of savings, newest first, or the one of a recommendation" })
  @ApiOkResponse({ type: [ProofViewDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListProofsQuery): Promise<ProofView[]> {
    return this.proofs.list(principal.orgId, query.recommendationId);
  }

  @Get(':id')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'One proof of your organisation: its status, the latest interim reading while it measures, and its signed report once finished' })
  @ApiOkResponse({ type: ProofViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProofView> {
    const proof = await this.proofs.find(principal.orgId, id);
    if (!proof) throw proofNotFound(id);
    return proof;
  }
}
