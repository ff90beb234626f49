import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { RUN_STATUSES, RunPage, RunStatus, RunView } from '@apex/contracts';

export class ListRunsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` cursor of the previous page', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  before?: string;
}

export class RunViewDto implements RunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ example: 'run-3f0c…' }) workflowId!: string;
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ description: 'Tokens the run measured' }) tokensUsed!: number;
  @ApiProperty({
    description: "Verified savings of the recommendations this run found first, read from their proofs (decimal string; '0' until one is verified, or when they are in several currencies)",
    example: '0',
  })
  costSaved!: string;
  @ApiPropertyOptional({ description: 'The verified savings per currency, with the proofs that make them up', example: [{ currency: 'USD', amount: '140.25', proofIds: ['…'] }] })
  costSavedByCurrency?: Array<{ currency: string; amount: string; proofIds: string[] }>;
  @ApiProperty({ nullable: true, type: String }) failure!: string | null;
}

export class RunPageDto implements RunPage {
  @ApiProperty({ type: [RunViewDto] }) items!: RunViewDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `before` for the next page; null on the last page' }) next!: string | null;
}
