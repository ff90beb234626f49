import { createHmac } from 'node:crypto';

/**
 * The bucket of a rule for what it counts (an address, an email, an API-key prefix): the rule's name and an HMAC of
 * the values, so the table never holds an address or an email.
 */
export const bucketOf = (secret: string, rule: string, ...values: string[]): string =>
  `${rule}:${createHmac('sha256', secret).update(`${rule}\n${values.join('\n')}`).digest('base64url').slice(0, 32)}`;

/** An email as sign-in compares it: trimmed, case-insensitive. */
export const normalisedEmail = (email: string): string => email.trim().toLowerCase();
