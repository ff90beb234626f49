import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MinLength } from 'class-validator';

/** The two price files as their publishers ship them, as text, so that the version records each file's exact SHA-256. */
export class ImportPriceBookDto {
  @ApiProperty({ description: "The text of LiteLLM's model_prices_and_context_window.json" })
  @IsString()
  @MinLength(2)
  litellm!: string;

  @ApiProperty({ description: "The text of pydantic's genai-prices data.json" })
  @IsString()
  @MinLength(2)
  genaiPrices!: string;

  @ApiPropertyOptional({ default: false, description: 'Activate the new version at once instead of leaving it a draft to review' })
  @IsOptional()
  @IsBoolean()
  activate?: boolean;
}

/** The largest body the import takes: both files with room to grow (LiteLLM's is about 1.7 MB today). */
export const PRICE_BOOK_IMPORT_BODY_LIMIT = '16mb';
