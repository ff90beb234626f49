import { ApiProperty } from '@nestjs/swagger';

class VerifiedItemDto {
  @ApiProperty({ format: 'uuid' }) proofId!: string;
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '412.5' }) amount!: string;
  @ApiProperty({ example: '2026-11-28' }) reportingEndsOn!: string;
  @ApiProperty({ example: '/app/proofs/…' }) link!: string;
}

class MeasuringItemDto {
  @ApiProperty({ format: 'uuid' }) proofId!: string;
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Savings so far by the latest daily reading: measured, not verified' }) interim!: string | null;
  @ApiProperty() days!: number;
  @ApiProperty() implementedOn!: string;
  @ApiProperty() reportingEndsOn!: string;
  @ApiProperty() link!: string;
}

class PotentialItemDto {
  @ApiProperty({ format: 'uuid' }) recommendationId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['open', 'accepted'] }) status!: 'open' | 'accepted';
  @ApiProperty({ description: 'Expected monthly savings: a potential' }) monthlyExpected!: string;
  @ApiProperty({ description: 'The run report that last found it' }) link!: string;
}

class VerifiedFigureDto {
  @ApiProperty() amount!: string;
  @ApiProperty({ type: [VerifiedItemDto] }) items!: VerifiedItemDto[];
}

class MeasuringFigureDto {
  @ApiProperty() amount!: string;
  @ApiProperty({ type: [MeasuringItemDto] }) items!: MeasuringItemDto[];
}

class PotentialFigureDto {
  @ApiProperty() monthlyAmount!: string;
  @ApiProperty({ type: [PotentialItemDto] }) items!: PotentialItemDto[];
}

class CurrencySavingsDto {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: VerifiedFigureDto }) verified!: VerifiedFigureDto;
  @ApiProperty({ type: MeasuringFigureDto }) measuring!: MeasuringFigureDto;
  @ApiProperty({ type: PotentialFigureDto }) potential!: PotentialFigureDto;
}

export class SavingsSummaryDto {
  @ApiProperty({ type: [CurrencySavingsDto] }) currencies!: CurrencySavingsDto[];
}

class MonthlyVerifiedDto {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() amount!: string;
  @ApiProperty({ type: [String] }) proofIds!: string[];
}

export class SavingsBreakdownDto {
  @ApiProperty({ type: [VerifiedItemDto] }) byRecommendation!: VerifiedItemDto[];
  @ApiProperty({ type: [MonthlyVerifiedDto], description: 'A proof counts in the month its reporting period ended' }) byMonth!: MonthlyVerifiedDto[];
}
