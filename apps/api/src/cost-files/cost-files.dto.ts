import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import {
  COST_FILE_STATUSES,
  CostFileCurrencyTotals,
  CostFileDetail,
  CostFileError,
  CostFileStatus,
  CostFileUploaded,
  CostFileUploadQuery,
  CostFileView,
  FOCUS_VERSIONS,
  FocusVersion,
} from '@apex/contracts';

export class UploadCostFileQuery implements CostFileUploadQuery {
  @ApiProperty({ description: 'The file name to show in the file list and in every error report', example: 'focus-2025-01.csv.gz', minLength: 1, maxLength: 255 })
  @IsString()
  @Length(1, 255)
  fileName!: string;

  @ApiPropertyOptional({
    enum: FOCUS_VERSIONS,
    description: 'The FOCUS version of the file; detected from its columns when left out. Another value is refused (422).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  focusVersion?: FocusVersion;
}

export class CostFileCurrencyTotalsDto implements CostFileCurrencyTotals {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ description: 'Sum of BilledCost, decimal string', example: '1234.560000' }) billedCost!: string;
  @ApiProperty({ description: 'Sum of EffectiveCost, decimal string', example: '1180.120000' }) effectiveCost!: string;
}

export class CostFileWarningDto implements CostFileError {
  @ApiProperty() file!: string;
  @ApiProperty({ nullable: true, type: Number }) line!: number | null;
  @ApiProperty({ nullable: true, type: String }) column!: string | null;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class CostFileUploadedDto implements CostFileUploaded {
  @ApiProperty({ format: 'uuid', description: 'The id of the file (its cost source); every row it loaded carries it' }) sourceId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: FOCUS_VERSIONS }) focusVersion!: FocusVersion;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ format: 'date-time', description: 'The first ChargePeriodStart of the file' }) periodStart!: string;
  @ApiProperty({ format: 'date-time', description: 'The last ChargePeriodEnd, clipped to its billing period (exclusive)' }) periodEnd!: string;
  @ApiProperty({ type: [CostFileCurrencyTotalsDto] }) totals!: CostFileCurrencyTotalsDto[];
  @ApiProperty({ description: 'Rows of earlier uploads of this period that the file replaced' }) replaced!: number;
  @ApiPropertyOptional({
    type: [CostFileWarningDto],
    description: 'Present only when a column where a wrong value moves no amount held values FOCUS does not allow: the rows loaded, each such value stored empty',
  })
  warnings?: CostFileWarningDto[];
  @ApiPropertyOptional({ description: 'Warnings found beyond the ones listed; present with `warnings`' }) moreWarnings?: number;
}

export class CostFileViewDto implements CostFileView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: FOCUS_VERSIONS }) focusVersion!: FocusVersion;
  @ApiProperty({ enum: COST_FILE_STATUSES }) status!: CostFileStatus;
  @ApiProperty({ description: 'Rows of the file still in the cost data (0 once replaced)' }) rowCount!: number;
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time' }) periodEnd!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Hex SHA-256 of the bytes as uploaded' }) sha256!: string | null;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) uploadedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) loadedAt!: string | null;
}

export class CostFileDetailDto extends CostFileViewDto implements CostFileDetail {
  @ApiProperty({ type: [CostFileCurrencyTotalsDto], description: 'Totals of the rows still in the cost data' }) totals!: CostFileCurrencyTotalsDto[];
}
