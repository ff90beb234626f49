import { emailLinkToken } from './email-link-tokens';

describe('emailLinkToken', () => {
  const secret = 'server-secret-'.padEnd(40, 'x');

  it('is the same for the same secret, purpose and id, so the API and the worker agree without passing it', () => {
    expect(emailLinkToken(secret, 'password-reset', 'r1')).toBe(emailLinkToken(secret, 'password-reset', 'r1'));
    expect(emailLinkToken(secret, 'password-reset', 'r1')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs with any of them, so a reset token never opens an invitation and a leaked id alone opens nothing', () => {
    const tokens = new Set([
      emailLinkToken(secret, 'password-reset', 'r1'),
      emailLinkToken(secret, 'password-reset', 'r2'),
      emailLinkToken(secret, 'invitation', 'r1'),
      emailLinkToken(`${secret}y`, 'password-reset', 'r1'),
    ]);
    expect(tokens.size).toBe(4);
  });
});
