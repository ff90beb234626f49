import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import {
  COST_FILE_STATUSES,
  COST_FILE_WARNING_KINDS,
  CostFileCurrencyTotals,
  CostFileDetail,
  CostFileSourceFormat,
  CostFileError,
  CostFileStatus,
  CostFileUploaded,
  CostFileUploadQuery,
  CostFileView,
  CostFileWarning,
  CostFileWarningKind,
  FOCUS_VERSIONS,
  FocusVersion,
} from '@apex/contracts';
import type { UploadProgress, UploadState } from './upload-progress';

export class UploadCostFileQuery implements CostFileUploadQuery {
  @ApiProperty({ description: 'The file name to show in the file list and in every error report', example: 'focus-2025-01.csv.gz', minLength: 1, maxLength: 255 })
  @IsString()
  @Length(1, 255)
  fileName!: string;

  @ApiPropertyOptional({
    enum: FOCUS_VERSIONS,
    description: "The FOCUS version of the file; detected from its columns when left out. Another value is refused (422), and so is any for a provider's own export.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  focusVersion?: FocusVersion;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An id the client picks for this upload, to follow its progress with GET /cost-files/uploads/{uploadId} while it loads',
  })
  @IsOptional()
  @IsUUID()
  uploadId?: string;
}

export class CostFileCurrencyTotalsDto implements CostFileCurrencyTotals {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ description: 'Sum of BilledCost, decimal string', example: '1234.560000' }) billedCost!: string;
  @ApiProperty({ description: 'Sum of EffectiveCost, decimal string', example: '1180.120000' }) effectiveCost!: string;
}

export class CostFileWarningExampleDto implements CostFileError {
  @ApiProperty() file!: string;
  @ApiProperty({ nullable: true, type: Number }) line!: number | null;
  @ApiProperty({ nullable: true, type: String }) column!: string | null;
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

export class CostFileWarningDto implements CostFileWarning {
  @ApiProperty({
    enum: COST_FILE_WARNING_KINDS,
    description:
      'unknown_column: a column neither FOCUS names nor prefixed x_, kept as an extra column; null_in_required_column: a null where FOCUS allows none, ' +
      'in a column no figure reads, stored as null; value_not_allowed: a value outside the allowed ones of a pricing or commitment column, stored as null ' +
      'or as the FOCUS value it names; spreadsheet_number: an amount written like "$10,000.00", stored as the number it writes',
  })
  kind!: CostFileWarningKind;
  @ApiProperty({ description: 'How many times the file had it' }) count!: number;
  @ApiProperty({ type: [CostFileWarningExampleDto], description: 'The first few, in the order met' }) examples!: CostFileWarningExampleDto[];
}

export class CostFileSourceFormatDto implements CostFileSourceFormat {
  @ApiProperty({ description: 'Stable id of the export format', example: 'aws-cur-legacy' }) id!: string;
  @ApiProperty({ description: 'The format as a person names it', example: 'AWS Cost and Usage Report (legacy CSV)' }) name!: string;
}

const SOURCE_FORMAT = {
  type: CostFileSourceFormatDto,
  nullable: true,
  description: "The cloud provider's own export the file was, converted to FOCUS on upload; null for a FOCUS file",
} as const;

export class CostFileUploadedDto implements CostFileUploaded {
  @ApiProperty({ format: 'uuid', description: 'The id of the file (its cost source); every row it loaded carries it' }) sourceId!: string;
  @ApiProperty() fileName!: string;
  @ApiProperty({ enum: FOCUS_VERSIONS }) focusVersion!: FocusVersion;
  @ApiProperty(SOURCE_FORMAT) sourceFormat!: CostFileSourceFormatDto | null;
  @ApiProperty() rowCount!: number;
  @ApiProperty({ format: 'date-time', description: 'The first ChargePeriodStart of the file' }) periodStart!: string;
  @ApiProperty({ format: 'date-time', description: 'The last ChargePeriodEnd, clipped to its billing period (exclusive)' }) periodEnd!: string;
  @ApiProperty({ type: [CostFileCurrencyTotalsDto] }) totals!: CostFileCurrencyTotalsDto[];
  @ApiProperty({ description: 'Rows of earlier uploads of this period that the file replaced' }) replaced!: number;
  @ApiProperty({
    type: [CostFileWarningDto],
    description: 'By kind, what the file held that FOCUS does not allow but that moves no amount: the rows loaded all the same; empty when nothing',
  })
  warnings!: CostFileWarningDto[];
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
  @ApiProperty({ type: [CostFileWarningDto], description: 'The warnings of the upload, as it answered them; empty when it had none' }) warnings!: CostFileWarningDto[];
}

export class CostFileDetailDto extends CostFileViewDto implements CostFileDetail {
  @ApiProperty(SOURCE_FORMAT) sourceFormat!: CostFileSourceFormatDto | null;
  @ApiProperty({ type: [CostFileCurrencyTotalsDto], description: 'Totals of the rows still in the cost data' }) totals!: CostFileCurrencyTotalsDto[];
}

export class UploadProgressDto implements UploadProgress {
  @ApiProperty({ format: 'uuid' }) uploadId!: string;
  @ApiProperty({ enum: ['loading', 'loaded', 'refused', 'stopped'], description: 'refused: answered with a problem; stopped: the client went away' })
  state!: UploadState;
  @ApiProperty({ description: 'Bytes of the body received so far' }) receivedBytes!: number;
  @ApiProperty({ description: 'Rows read so far; stored only once the whole file has loaded' }) rows!: number;
}
