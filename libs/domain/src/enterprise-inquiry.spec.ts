import { inquiryFingerprint, normalizeInquiry } from './enterprise-inquiry';

describe('enterprise inquiry identity', () => {
  const base = { email: 'Ada@Example.com ', name: ' Ada  Lovelace', company: 'Engines Ltd', message: 'Hi' };

  it('treats case and spacing differences as the same inquiry', () => {
    expect(inquiryFingerprint(base)).toBe(
      inquiryFingerprint({ email: 'ada@example.com', name: 'ada lovelace', company: 'ENGINES LTD', message: ' Hi ' }),
    );
  });

  it('tells apart inquiries that differ in content', () => {
    expect(inquiryFingerprint(base)).not.toBe(inquiryFingerprint({ ...base, message: 'Hello' }));
    expect(inquiryFingerprint(base)).not.toBe(inquiryFingerprint({ ...base, email: 'grace@example.com' }));
  });

  it('keeps the display form of names while normalising the email', () => {
    expect(normalizeInquiry(base)).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', company: 'Engines Ltd', message: 'Hi' });
  });
});
