import type { Role } from './accounts';

/**
 * Emails that carry a secret link (password reset, invitation). The workflow input names only the
 * row; the activity derives the link's token from the row id and the server secret and sends the
 * email itself, so no token is ever written to workflow history.
 */
export interface AccountEmailInput {
  id: string;
}

export type AccountEmailResult =
  | { status: 'sent' | 'already-sent'; messageId: string }
  /** The reset was used or expired, or the invitation accepted, revoked or expired, before the email went out. */
  | { status: 'skipped'; reason: string };

export interface AccountEmailActivities {
  sendPasswordResetEmail(input: AccountEmailInput): Promise<AccountEmailResult>;
  sendInvitationEmail(input: AccountEmailInput): Promise<AccountEmailResult>;
}

export const passwordResetWorkflowName = 'passwordResetWorkflow';
export const passwordResetWorkflowId = (resetId: string) => `password-reset-${resetId}`;
export const passwordResetEmailKey = (resetId: string) => `password-reset:${resetId}`;

export const invitationWorkflowName = 'invitationWorkflow';
export const invitationWorkflowId = (invitationId: string) => `invitation-${invitationId}`;
export const invitationEmailKey = (invitationId: string) => `invitation:${invitationId}`;

/** What the accept page shows before the invitee chooses a password. */
export interface InvitationPreview {
  email: string;
  organizationName: string;
  role: Exclude<Role, 'owner'>;
  invitedBy: string;
  expiresAt: string;
}

export interface InvitationTokenRequest {
  token: string;
}

export interface ChangeMemberRole {
  role: Role;
}

export interface CreateApiKey {
  name: string;
}
