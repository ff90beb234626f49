import type { Tier } from './plans';

export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a person with a session, or a machine with an API key acting for its creator. */
export interface Principal {
  userId: string;
  orgId: string;
  role: Role;
  isOperator: boolean;
  via: 'session' | 'api_key';
  apiKeyId?: string;
}

export interface SignUpRequest {
  email: string;
  password: string;
  name: string;
  organizationName: string;
  /** A sandbox's token (ROI before sign-up): the new account keeps that sandbox's organisation and data. */
  sandboxToken?: string;
}

export interface LogInRequest {
  email: string;
  password: string;
}

export interface SessionTokens {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
}

export interface MeView {
  user: { id: string; email: string; name: string; isOperator: boolean };
  organization: { id: string; name: string; tier: Tier };
  role: Role;
}

export interface RefreshRequest {
  refreshToken: string;
}

export interface PasswordResetRequest {
  email: string;
}

export interface PasswordResetConfirm {
  token: string;
  password: string;
}

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: string;
}

export interface InvitationView {
  id: string;
  email: string;
  role: Exclude<Role, 'owner'>;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface CreateInvitation {
  email: string;
  role: Exclude<Role, 'owner'>;
}

export interface AcceptInvitation {
  token: string;
  name: string;
  password: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  /** The public part of the key, shown in lists: `apx_<prefix>_…`. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returned once, when the key is created; the secret is never shown again. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}
