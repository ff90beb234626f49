import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Length, MaxLength } from 'class-validator';
import { HasVisibleCharacter } from '@apex/http';
import type { AcceptInvitation, ChangeMemberRole, CreateInvitation, InvitationTokenRequest, Role } from '@apex/contracts';
import { ROLES } from '@apex/contracts';

const INVITED_ROLES = ['admin', 'member'] as const;

export class ChangeMemberRoleDto implements ChangeMemberRole {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;
}

export class CreateInvitationDto implements CreateInvitation {
  @ApiProperty({ example: 'grace@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: INVITED_ROLES })
  @IsIn(INVITED_ROLES, { message: `role must be one of ${INVITED_ROLES.join(', ')}` })
  role!: (typeof INVITED_ROLES)[number];
}

export class InvitationTokenDto implements InvitationTokenRequest {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @Length(1, 200)
  token!: string;
}

export class AcceptInvitationDto extends InvitationTokenDto implements AcceptInvitation {
  @ApiProperty({ example: 'Grace Hopper' })
  @IsString()
  @Length(1, 120)
  @HasVisibleCharacter()
  name!: string;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'At least 12 characters' })
  @IsString()
  @Length(12, 200, { message: 'password must be 12 to 200 characters long' })
  password!: string;
}
