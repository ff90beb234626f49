import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseFilters } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { HasVisibleCharacter } from '@apex/http';
import type { ApiKeyView, CreateApiKey, CreatedApiKey, Principal } from '@apex/contracts';
import { ApiKeysService } from '@apex/accounts';
import { AccountProblemsFilter } from '../auth/account-problems.filter';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { FeatureGate } from '../auth/feature-gate';
import { IdempotencyExempt } from '../idempotency/idempotency-exempt.decorator';
import { SessionOnly } from '../auth/session-only.decorator';
import { uuidParam } from '../auth/uuid-param.pipe';

export class CreateApiKeyDto implements CreateApiKey {
  @ApiProperty({ example: 'CI pipeline', maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @HasVisibleCharacter()
  name!: string;
}

@ApiTags('api-keys')
@ApiBearerAuth()
@UseFilters(AccountProblemsFilter)
@Controller('api-keys')
export class ApiKeysController {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly features: FeatureGate,
  ) {}

  @Post()
  @SessionOnly()
  // A stored response would keep the secret; a retried request makes a second key, which can be revoked.
  @IdempotencyExempt()
  @ApiOperation({
    summary: 'Create an API key (needs api_access); the key acts for the organisation with your rights',
    description: 'The answer is the only time the full key (`key`) is shown; send it as `X-Api-Key` or `Authorization: Bearer`.',
  })
  @ApiCreatedResponse({ description: 'The key, shown once' })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    await this.features.require(principal.orgId, 'api_access');
    return this.keys.create(principal, body.name);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's API keys, newest first, revoked ones included; never the secret" })
  list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyView[]> {
    return this.keys.list(principal.orgId);
  }

  @Delete(':id')
  @SessionOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (owners and admins any key, members their own); it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked (also when it already was)' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', uuidParam('API key')) id: string): Promise<void> {
    await this.keys.revoke(principal, id);
  }
}
