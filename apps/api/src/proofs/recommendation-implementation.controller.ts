import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ImplementationDetection, Principal } from '@apex/contracts';
import { ImplementationDetectionService } from '@apex/proofs';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { recommendationNotFound } from '../recommendations/recommendation-problems';
import { ImplementationDetectionDto } from './implementation-detection.dto';

@ApiTags('proofs')
@ApiBearerAuth()
@Controller('recommendations')
export class RecommendationImplementationController {
  constructor(private readonly detection: ImplementationDetectionService) {}

  @Get(':id/implementation')
  @ApiOperation({
    summary:
      'Whether your cost rows since the recommendation was filed show it implemented (traffic moved to the substitute, the cached share jumped, batch-priced rows appeared), and from which day: a suggestion to confirm with POST …/implemented, never applied by itself',
  })
  @ApiOkResponse({ type: ImplementationDetectionDto })
  async implementation(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ImplementationDetection> {
    const detection = await this.detection.detect(principal.orgId, id);
    if (!detection) throw recommendationNotFound(id);
    return detection;
  }
}
