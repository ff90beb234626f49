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
