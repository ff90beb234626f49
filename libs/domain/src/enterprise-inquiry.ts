import type { CreateEnterpriseInquiry } from '@apex/contracts';

/** The inquiry as it is compared and stored: trimmed, single-spaced, email lower-cased. */
export function normalizeInquiry(input: CreateEnterpriseInquiry): Required<CreateEnterpriseInquiry> {
  const clean = (value: string | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');
  return {
    email: clean(input.email).toLowerCase(),
    name: clean(input.name),
    company: clean(input.company),
    message: (input.message ?? '').trim(),
  };
}

/**
 * The text an inquiry's id is derived from. Two requests with the same content
 * (after normalisation) get the same id and so the same workflow.
 */
export function inquiryFingerprint(input: CreateEnterpriseInquiry): string {
  const n = normalizeInquiry(input);
  return JSON.stringify([n.email, n.name.toLowerCase(), n.company.toLowerCase(), n.message]);
}
