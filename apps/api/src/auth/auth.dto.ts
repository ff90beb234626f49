import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import type { EmailVerificationConfirm, EmailVerified, LogInRequest, PasswordResetConfirm, PasswordResetRequest, RefreshRequest, SignUpAccepted, SignUpRequest } from '@apex/contracts';
import { HasVisibleCharacter } from '@apex/http';

export class SignUpDto implements SignUpRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'At least 12 characters' })
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 120)
  @HasVisibleCharacter()
  name!: string;

  @ApiProperty({ example: 'Analytical Engines Ltd' })
  @IsString()
  @Length(1, 160)
  @HasVisibleCharacter()
  organizationName!: string;

  @ApiPropertyOptional({ description: 'The token of a sandbox (POST /sandboxes) whose organisation, with its cost data and analysis, the new account keeps' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  sandboxToken?: string;
}

export class LogInDto implements LogInRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class RefreshDto implements RefreshRequest {
  @ApiProperty({ description: 'The refresh token of the session' })
  @IsString()
  @Length(1, 200)
  refreshToken!: string;
}

export class PasswordResetRequestDto implements PasswordResetRequest {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetConfirmDto implements PasswordResetConfirm {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @Length(1, 200)
  token!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'The new password, at least 12 characters' })
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password!: string;
}

export class SignUpAcceptedDto implements SignUpAccepted {
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ example: 'Check your inbox for the link that verifies your email, then sign in.' })
  detail!: string;
}

export class EmailVerificationConfirmDto implements EmailVerificationConfirm {
  @ApiProperty({ description: 'The token from the link in the verification email' })
  @IsString()
  @Length(1, 200)
  token!: string;
}

export class EmailVerifiedDto implements EmailVerified {
  @ApiProperty({ example: 'ada@example.com' })
  email!: string;

  @ApiProperty({ format: 'date-time' })
  verifiedAt!: string;
}
