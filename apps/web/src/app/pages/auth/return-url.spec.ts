import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('returns to a page of the portal', () => {
    expect(safeReturnUrl('/app/members')).toBe('/app/members');
    expect(safeReturnUrl('/app/api-keys?tab=1')).toBe('/app/api-keys?tab=1');
  });

  it('goes to the dashboard instead of another site or nowhere', () => {
    expect(safeReturnUrl('//evil.example/phish')).toBe('/app');
    expect(safeReturnUrl('https://evil.example')).toBe('/app');
    expect(safeReturnUrl(undefined)).toBe('/app');
    expect(safeReturnUrl('')).toBe('/app');
  });
});
