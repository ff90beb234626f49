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
  /** Tells an account's owner that sign-in was locked after many failed attempts; the input names the lock. */
  sendAccountLockedEmail(input: AccountEmailInput): Promise<AccountEmailResult>;
  /** Emails the link that verifies a new account's email; the input names the verification. */
  sendEmailVerificationEmail(input: AccountEmailInput): Promise<AccountEmailResult>;
  /** Tells an account's owner what happened to it (see AccountNoticeKind); the input names the notice. */
  sendAccountNoticeEmail(input: AccountEmailInput): Promise<AccountEmailResult>;
}

/**
 * What an account's owner is told about: someone tried to sign up with their email, the password was changed, a
 * session signed in while or right after sign-in was locked.
 */
export const ACCOUNT_NOTICE_KINDS = ['sign-up-attempt', 'password-changed', 'sign-in-after-lock'] as const;
export type AccountNoticeKind = (typeof ACCOUNT_NOTICE_KINDS)[number];

export const passwordResetWorkflowName = 'passwordResetWorkflow';
export const passwordResetWorkflowId = (resetId: string) => `password-reset-${resetId}`;
export const passwordResetEmailKey = (resetId: string) => `password-reset:${resetId}`;

export const invitationWorkflowName = 'invitationWorkflow';
export const invitationWorkflowId = (invitationId: string) => `invitation-${invitationId}`;
export const invitationEmailKey = (invitationId: string) => `invitation:${invitationId}`;

export const accountLockedWorkflowName = 'accountLockedWorkflow';
export const accountLockedWorkflowId = (lockId: string) => `account-locked-${lockId}`;
export const accountLockedEmailKey = (lockId: string) => `account-locked:${lockId}`;

export const emailVerificationWorkflowName = 'emailVerificationWorkflow';
export const emailVerificationWorkflowId = (verificationId: string) => `email-verification-${verificationId}`;
export const emailVerificationEmailKey = (verificationId: string) => `email-verification:${verificationId}`;

export const accountNoticeWorkflowName = 'accountNoticeWorkflow';
export const accountNoticeWorkflowId = (noticeId: string) => `account-notice-${noticeId}`;
export const accountNoticeEmailKey = (noticeId: string) => `account-notice:${noticeId}`;

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
