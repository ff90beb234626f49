import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PROOF_STATUSES, PROOF_VERDICTS } from '@apex/contracts';
import type { ProofStatus, ProofVerdict } from '@apex/contracts';

export class ImplementedDto {
  @ApiProperty({ example: '2026-11-15', description: 'The first day the change was in effect (YYYY-MM-DD, UTC): not in the future, not before the recommendation existed' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'implementedOn must be a date like 2026-11-15' })
  implementedOn!: string;
}

export class ListProofsQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "Only the proof of this recommendation (none when it has none or it is another organisation's)" })
  @IsOptional()
  @IsUUID()
  recommendationId?: string;
}

export class ProofViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty({ enum: PROOF_STATUSES }) status!: ProofStatus;
  @ApiProperty({ example: '2026-11-15' }) implementedOn!: string;
  @ApiProperty() reportingDays!: number;
  @ApiProperty({ example: '2026-11-28', description: 'The last day of the reporting period' }) reportingEndsOn!: string;
  @ApiProperty({ enum: PROOF_VERDICTS, nullable: true }) verdict!: ProofVerdict | null;
  @ApiProperty() currency!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The reporting period’s savings once finished; only a verified verdict makes them saved' }) savings!: string | null;
  @ApiProperty({ nullable: true, description: 'The latest daily reading while measuring: days, actual, adjusted baseline, savings so far' }) interim!: object | null;
  @ApiProperty({ nullable: true, description: 'The signed report: canonical JSON’s SHA-256 and its Ed25519 signature' }) signed!: object | null;
}

export class ProofPublicKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'The keyId signed reports carry' }) keyId!: string;
  @ApiProperty({ description: 'SPKI PEM' }) pem!: string;
}

export class ProofEvidenceFiltersDto {
  @ApiProperty({ description: "Filters of GET /metrics/rows selecting the baseline's cost rows, one per model spelling", type: 'array', items: { type: 'object' } })
  baseline!: object[];
  @ApiProperty({ description: "Filters selecting the reporting period's cost rows measured so far", type: 'array', items: { type: 'object' } })
  reporting!: object[];
}
