import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { PROOF_SHARE_LINK_DEFAULT_DAYS, PROOF_SHARE_LINK_MAX_DAYS, PROOF_SHARE_LINK_MIN_DAYS, PROOF_SHARE_LINK_STATUSES } from '@apex/contracts';
import type { CreateProofShareLinkRequest, ProofShareLinkStatus, ProofVerificationProblem } from '@apex/contracts';

/** One rule and one message for the expiry, whichever way it is wrong. */
@ValidatorConstraint({ name: 'expiryDays' })
class ExpiryDays implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'number' && Number.isInteger(value) && value >= PROOF_SHARE_LINK_MIN_DAYS && value <= PROOF_SHARE_LINK_MAX_DAYS;
  }

  defaultMessage(): string {
    return `expiresInDays must be a whole number of days from ${PROOF_SHARE_LINK_MIN_DAYS} to ${PROOF_SHARE_LINK_MAX_DAYS}`;
  }
}

export class CreateProofShareLinkDto implements CreateProofShareLinkRequest {
  @ApiPropertyOptional({ minimum: PROOF_SHARE_LINK_MIN_DAYS, maximum: PROOF_SHARE_LINK_MAX_DAYS, default: PROOF_SHARE_LINK_DEFAULT_DAYS, description: 'Days until the link stops working' })
  @IsOptional()
  @Validate(ExpiryDays)
  expiresInDays?: number;
}

export class ProofShareLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proofId!: string;
  @ApiProperty({ enum: PROOF_SHARE_LINK_STATUSES }) status!: ProofShareLinkStatus;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
  @ApiProperty({ description: 'Times the public page was opened with the link' }) openCount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastOpenedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CreatedProofShareLinkDto extends ProofShareLinkDto {
  @ApiProperty({ description: 'The token, shown this once: Apex keeps only its SHA-256' }) token!: string;
  @ApiProperty({ example: 'https://app.apex.dev/proof/3q2-7wAAAAAAAAAAAAAAAA', description: 'The public page of the report' }) url!: string;
}

export class PublicProofReportDto {
  @ApiProperty({ description: 'The signed report without the proof’s and recommendation’s ids', type: Object }) report!: object;
  @ApiProperty({ description: 'Hex SHA-256 of the canonical JSON of the report as signed' }) sha256!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature over the 32 digest bytes' }) signature!: string;
  @ApiProperty() keyId!: string;
  @ApiProperty({ example: '/api/v1/proofs/public-key' }) publicKeyPath!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class PublicProofVerificationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty({ enum: ['altered', 'bad_signature', 'unknown_key'], nullable: true, type: String }) problem!: ProofVerificationProblem | null;
  @ApiProperty({ description: 'The key the signature was checked with' }) keyId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The SHA-256 recomputed from the stored report' }) sha256!: string | null;
  @ApiProperty({ description: 'The SHA-256 the signature covers' }) signedSha256!: string;
}
