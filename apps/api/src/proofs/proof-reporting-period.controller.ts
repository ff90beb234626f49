import { Controller, HttpCode, Logger, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, ProofView } from '@apex/contracts';
import { ProofsService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { notMeasuringProblem, onlyOwnersAndAdminsProblem, periodNotEndedProblem, proofNotFound } from './proof-problems';
import { ProofWorkflows } from './proof-workflows';
import { ProofViewDto } from './proofs.dto';

@ApiTags('proofs')
@ApiBearerAuth()
@Controller('proofs')
export class ProofReportingPeriodController {
  private readonly logger = new Logger(ProofReportingPeriodController.name);

  constructor(
    private readonly proofs: ProofsService,
    private readonly workflows: ProofWorkflows,
  ) {}

  @Post(':id/end-reporting-period')
  @HttpCode(202)
  @ApiOperation({
    summary: 'End a measuring proof’s reporting period now (owners and admins): it takes its last reading and calculates the verdict. A period under 7 days verifies nothing',
  })
  @ApiAcceptedResponse({ type: ProofViewDto, description: 'The proof as it was when the period was ended; its verdict follows shortly' })
  @ApiConflictResponse({ description: 'The proof is not measuring' })
  async end(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ProofView> {
    const proof = await this.proofs.find(principal.orgId, id);
    if (!proof) throw proofNotFound(id);
    if (principal.role === 'member') throw onlyOwnersAndAdminsProblem('end a proof’s reporting period');
    if (proof.status !== 'measuring') throw notMeasuringProblem(id, proof.status);
    try {
      await this.workflows.endReportingPeriod(proof.recommendationId);
    } catch (error) {
      this.logger.warn(`Proof ${id}: the reporting period could not be ended: ${error instanceof Error ? error.message : String(error)}`);
      throw periodNotEndedProblem();
    }
    return proof;
  }
}
