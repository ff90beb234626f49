import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { CreateEnterpriseInquiry } from '@apex/contracts';
import { HasVisibleCharacter } from '@apex/http';

export class CreateEnterpriseInquiryDto implements CreateEnterpriseInquiry {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  @HasVisibleCharacter()
  name!: string;

  @ApiProperty({ example: 'Analytical Engines Ltd', minLength: 1, maxLength: 160 })
  @IsString()
  @Length(1, 160)
  @HasVisibleCharacter()
  company!: string;

  @ApiPropertyOptional({ example: 'We spend most of our AI budget on GPT-class models.', maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  message?: string;
}
