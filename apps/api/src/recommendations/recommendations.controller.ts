import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal, RecommendationPage, RecommendationView } from '@apex/contracts';
import { RecommendationsStore } from '@apex/optimizer';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { rejectUnknownFields } from '../runs/reject-unknown-fields';
import { recommendationCannotMove, recommendationNotFound } from './recommendation-problems';
import { DismissRecommendationDto, ListRecommendationsQuery, RecommendationPageDto, RecommendationViewDto } from './recommendations.dto';

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsStore) {}

  @Get()
  @ApiOperation({ summary: "Your organisation's recommendations, newest first, by status, kind and the run that last found them" })
  @ApiOkResponse({ type: RecommendationPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListRecommendationsQuery): Promise<RecommendationPage> {
    const { items, more } = await this.recommendations.list(principal.orgId, { ...query, limit: query.limit ?? 20 });
    return { items, next: more ? items[items.length - 1].id : null };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One recommendation: what to do, its evidence and its potential monthly savings' })
  @ApiOkResponse({ type: RecommendationViewDto })
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<RecommendationView> {
    const found = await this.recommendations.find(principal.orgId, id);
    if (!found) throw recommendationNotFound(id);
    return found;
  }

  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept an open or dismissed recommendation: you mean to do it' })
  @ApiOkResponse({ type: RecommendationViewDto })
  accept(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: unknown): Promise<RecommendationView> {
    rejectUnknownFields(body);
    return this.decide(principal, id, 'accepted', null);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiOperation({ summary: 'Dismiss an open or accepted recommendation, saying why; later runs keep it dismissed' })
  @ApiOkResponse({ type: RecommendationViewDto })
  dismiss(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: DismissRecommendationDto): Promise<RecommendationView> {
    return this.decide(principal, id, 'dismissed', body.reason.trim());
  }

  private async decide(principal: Principal, id: string, to: 'accepted' | 'dismissed', reason: string | null): Promise<RecommendationView> {
    const outcome = await this.recommendations.decide(principal.orgId, id, principal.userId, to, reason);
    if (outcome === null) throw recommendationNotFound(id);
    if ('conflict' in outcome) throw recommendationCannotMove(id, outcome.conflict, to);
    return outcome;
  }
}
