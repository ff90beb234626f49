import { ApiProperty } from '@nestjs/swagger';
import { DETECTED_CHANGE_KINDS } from '@apex/contracts';
import type { DetectedChangeKind, ImplementationDetectionStatus } from '@apex/contracts';

class ShareOverDaysDto {
  @ApiProperty({ example: '2026-11-01' }) from!: string;
  @ApiProperty({ example: '2026-11-14' }) to!: string;
  @ApiProperty({ description: 'Days with rows' }) days!: number;
  @ApiProperty() numerator!: string;
  @ApiProperty() denominator!: string;
  @ApiProperty({ example: '4.20' }) sharePercent!: string;
}

class DetectedChangeDto {
  @ApiProperty({ enum: DETECTED_CHANGE_KINDS }) kind!: DetectedChangeKind;
  @ApiProperty({ example: '2026-11-15', description: 'The first day the change shows: confirm it as implementedOn' }) firstDay!: string;
  @ApiProperty() measure!: string;
  @ApiProperty({ type: ShareOverDaysDto }) before!: ShareOverDaysDto;
  @ApiProperty({ type: ShareOverDaysDto }) after!: ShareOverDaysDto;
  @ApiProperty({ example: '15' }) thresholdPoints!: string;
}

export class ImplementationDetectionDto {
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty({ enum: ['detected', 'not_detected', 'not_detectable', 'not_pending'] }) status!: ImplementationDetectionStatus;
  @ApiProperty({ type: DetectedChangeDto, nullable: true }) change!: DetectedChangeDto | null;
  @ApiProperty() explanation!: string;
}
