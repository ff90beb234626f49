import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Length } from 'class-validator';
import { HasVisibleCharacter } from '@apex/http';
import {
  CONNECTABLE_COST_PROVIDERS,
  COST_CONNECTION_STATUSES,
  COST_PROVIDERS,
  ConnectableCostProvider,
  CostBackfillProgress,
  CostConnectionCredentials,
  CostConnectionSettings,
  CostConnectionStatus,
  CostConnectionView,
  CostPeriodProgress,
  CostPeriodProgressState,
  CostProvider,
  CreateCostConnectionRequest,
} from '@apex/contracts';

export class CreateCostConnectionDto implements CreateCostConnectionRequest {
  @ApiProperty({ enum: CONNECTABLE_COST_PROVIDERS })
  @IsIn(CONNECTABLE_COST_PROVIDERS, { message: `provider must be one of ${CONNECTABLE_COST_PROVIDERS.join(', ')}` })
  provider!: ConnectableCostProvider;

  @ApiProperty({ example: 'AWS production', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @HasVisibleCharacter()
  name!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    writeOnly: true,
    description:
      "Checked with the provider before anything is saved, stored encrypted, never shown again. aws: {kind: 'access_key', accessKeyId, secretAccessKey, sessionToken?} or {kind: 'assume_role', roleArn, externalId?}; azure: {tenantId, clientId, clientSecret}; gcp: {serviceAccountKey}; openai: {adminKey}",
  })
  @IsObject()
  credentials!: CostConnectionCredentials;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'aws: {region?}; azure: {scope, costType?}; gcp: {table, format?, jobProjectId?, location?}; openai: {}',
  })
  @IsOptional()
  @IsObject()
  settings?: CostConnectionSettings;
}

export class CostPeriodProgressDto implements CostPeriodProgress {
  @ApiProperty({ example: '2025-11' }) period!: string;
  @ApiProperty({ enum: ['waiting', 'ingesting', 'done', 'failed'] }) state!: CostPeriodProgressState;
  @ApiProperty() pagesDone!: number;
  @ApiProperty() rowsSoFar!: number;
}

export class CostBackfillProgressDto implements CostBackfillProgress {
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) state!: CostBackfillProgress['state'];
  @ApiProperty() monthsTotal!: number;
  @ApiProperty() monthsDone!: number;
  @ApiProperty({ description: 'Pages stored so far, over all months' }) pagesDone!: number;
  @ApiProperty({ description: 'Rows stored so far, over all months' }) rowsSoFar!: number;
  @ApiProperty({ nullable: true, type: String, example: '2025-11' }) currentPeriod!: string | null;
  @ApiProperty({ type: [CostPeriodProgressDto] }) periods!: CostPeriodProgressDto[];
  @ApiProperty({ nullable: true, type: String }) failure!: string | null;
}

export class CostConnectionViewDto implements CostConnectionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: COST_PROVIDERS }) provider!: CostProvider;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: COST_CONNECTION_STATUSES }) status!: CostConnectionStatus;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: CostConnectionSettings;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastSyncedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1d' }) syncEvery!: string | null;
  @ApiProperty({ type: CostBackfillProgressDto, nullable: true, description: 'Live progress of the first backfill while it runs' })
  backfill!: CostBackfillProgressDto | null;
}
