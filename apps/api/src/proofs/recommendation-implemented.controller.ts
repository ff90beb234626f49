import { Body, Controller, HttpCode, Logger, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal, ProofView } from '@apex/contracts';
import { dayNumber } from '@apex/domain';
import { ProofsService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { recommendationNotFound } from '../recommendations/recommendation-problems';
import { cannotImplementProblem, implementedOnProblem, proofNotStartedProblem } from './proof-problems';
import { ProofWorkflows } from './proof-workflows';
import { ImplementedDto, ProofViewDto } from './proofs.dto';

function isCalendarDay(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

@ApiTags('proofs')
@ApiBearerAuth()
@Controller('recommendations')
export class RecommendationImplementedController {
  private readonly logger = new Logger(RecommendationImplementedController.name);

  constructor(
    private readonly proofs: ProofsService,
    private readonly workflows: ProofWorkflows,
  ) {}

  @Post(':id/implemented')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Say an open or accepted recommendation was implemented, and on which day: its proof of savings starts measuring (confirming again with the same day changes nothing)',
  })
  @ApiCreatedResponse({ type: ProofViewDto })
  async implemented(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body() body: ImplementedDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProofView> {
    if (!isCalendarDay(body.implementedOn)) throw implementedOnProblem('implementedOn must be a real calendar day');
    const outcome = await this.proofs.implement(principal.orgId, principal.userId, id, body.implementedOn);
    switch (outcome.outcome) {
      case 'not_found':
        throw recommendationNotFound(id);
      case 'conflict':
        throw cannotImplementProblem(id, outcome.status, outcome.implementedOn);
      case 'invalid_date':
        throw implementedOnProblem(`implementedOn ${outcome.message}`);
    }
    try {
      await this.workflows.start(outcome.input);
    } catch (error) {
      this.logger.warn(`Proof ${outcome.proof.id} could not be started: ${error instanceof Error ? error.message : String(error)}`);
      throw proofNotStartedProblem();
    }
    res.location(`/api/v1/proofs/${outcome.proof.id}`);
    return outcome.proof;
  }
}
