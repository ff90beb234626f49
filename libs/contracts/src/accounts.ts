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

/**
 * The answer to every sign-up, whether or not the email already has an account: the new account is told to verify
 * its email, the existing one's owner is told someone tried. Either way the next step is to sign in.
 */
export interface SignUpAccepted {
  email: string;
  detail: string;
}

/** The token from the link in the verification email. */
export interface EmailVerificationConfirm {
  token: string;
}

export interface EmailVerified {
  email: string;
  verifiedAt: string;
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
  /** `emailVerified`: until it is, the account cannot invite members, connect cost accounts or start a trial. */
  user: { id: string; email: string; name: string; isOperator: boolean; emailVerified: boolean };
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
