/** The limits the API enforces on CreateEnterpriseInquiry, checked here first. */
export const INQUIRY_LIMITS = {
  email: 254,
  name: 120,
  company: 160,
  message: 4000,
} as const;
