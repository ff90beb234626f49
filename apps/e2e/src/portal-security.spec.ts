import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleMessage, Page, Response } from 'playwright-core';
import { PORTAL_SECURITY_HEADERS, Stack, StaticPortalHandle } from '@apex/devstack';
import { workspaceRoot } from '@apex/testing';
import { expectText, expectVisible, shoot } from './support/portal-page';
import { fillSignUp } from './support/portal-sign-up';
import { PortalStack, startPortalStack } from './support/portal-stack';

const OWNER = { name: 'Grace Hopper', organization: 'Compilers Inc', email: 'grace@compilers.example', password: 'a ship in harbour is safe' };
/** The shortest access-token lifetime the API accepts, so the test can outlive one. */
const ACCESS_TOKEN_TTL_SECONDS = 60;

interface BrowserLog {
  consoleErrors: string[];
  apiCalls: { method: string; path: string; status: number }[];
}

/** Everything a person with the browser's developer tools open would see go wrong. */
function watch(page: Page): BrowserLog {
  const log: BrowserLog = { consoleErrors: [], apiCalls: [] };
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.consoleErrors.push(error.message));
  page.on('response', (response: Response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith('/api/')) log.apiCalls.push({ method: response.request().method(), path: url.pathname, status: response.status() });
  });
  return log;
}

/** CSP violations as the page itself reports them, including any the console would not show. */
async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations ?? []);
}

/** The headers nginx adds to the portal's files in production, read from its configuration. */
function nginxSecurityHeaders(): Record<string, string> {
  const conf = readFileSync(join(workspaceRoot, 'docker/nginx/security-headers.conf'), 'utf8');
  return Object.fromEntries([...conf.matchAll(/^add_header (\S+) "([^"]*)" always;$/gm)].map(([, name, value]) => [name, value]));
}

function expectPortalHeaders(response: Response | null): void {
  expect(response?.status()).toBe(200);
  const headers = response?.headers() ?? {};
  for (const [name, value] of Object.entries(PORTAL_SECURITY_HEADERS)) expect({ [name]: headers[name.toLowerCase()] }).toEqual({ [name]: value });
}

/** The portal's pages carry its security headers, break none of its own policy, and a signed-in page load never starts with a 401. */
describe('Portal: security headers and session renewal', () => {
  let env: PortalStack;
  let stack: Stack;
  let portal: StaticPortalHandle;
  let page: Page;
  let log: BrowserLog;

  beforeAll(async () => {
    env = await startPortalStack({ name: 'security', env: { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) } });
    ({ stack, portal, page } = env);
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    log = watch(page);
  });

  afterAll(async () => {
    await env?.stop();
  });

  beforeEach(() => {
    log.consoleErrors.length = 0;
    log.apiCalls.length = 0;
  });

  it('sends the same security headers in production (nginx) as the test server does', () => {
    expect(nginxSecurityHeaders()).toEqual(PORTAL_SECURITY_HEADERS);
    expect(PORTAL_SECURITY_HEADERS['Content-Security-Policy']).toContain("script-src 'self';");
    expect(PORTAL_SECURITY_HEADERS['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });

  it('serves the log-in page with the security headers and no policy violation', async () => {
    const response = await page.goto(`${portal.url}/login`);
    expectPortalHeaders(response);
    await expectVisible(page.getByRole('button', { name: 'Log in' }));
    await shoot(page, 'security-log-in.png');

    expect(await cspViolations(page)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });

  it('serves the sign-up page with the security headers and no policy violation', async () => {
    const response = await page.goto(`${portal.url}/signup`);
    expectPortalHeaders(response);
    await fillSignUp(page, portal.url, OWNER);
    await shoot(page, 'security-sign-up.png');

    expect(await cspViolations(page)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });

  it('logs in and opens the value page with no 401, no console error and no policy violation', async () => {
    const signedUp = await fetch(`${stack.apiUrl}/api/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: OWNER.name, organizationName: OWNER.organization, email: OWNER.email, password: OWNER.password }),
    });
    expect(signedUp.ok).toBe(true);

    const response = await page.goto(`${portal.url}/login`);
    expectPortalHeaders(response);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/app$/);
    await expectText(page.getByTestId('account'), OWNER.name);

    await page.getByRole('link', { name: 'Value' }).click();
    await page.waitForURL(/\/app\/value$/);
    await expectText(page.getByTestId('value-empty-state'), 'No cost data yet');
    await shoot(page, 'security-value.png', { fullPage: true });

    expect(await cspViolations(page)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
    expect(log.apiCalls.filter((call) => call.status === 401)).toEqual([]);
  });

  it('reloads a signed-in page by renewing the session first: no 401 from /me and nothing in the console', async () => {
    const response = await page.reload();
    expectPortalHeaders(response);
    await expectText(page.getByTestId('value-empty-state'), 'No cost data yet');
    await expectText(page.getByTestId('account'), OWNER.name);

    expect(log.apiCalls[0]).toEqual({ method: 'POST', path: '/api/v1/auth/refresh', status: 200 });
    expect(log.apiCalls).toContainEqual({ method: 'GET', path: '/api/v1/me', status: 200 });
    expect(log.apiCalls.filter((call) => call.status === 401)).toEqual([]);
    expect(log.apiCalls.filter((call) => call.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(await cspViolations(page)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  });

  it('renews an access token that expired while the page was open before the next call, instead of taking a 401', async () => {
    // Past the token's whole lifetime, so the API would refuse it: only a renewal before the call avoids the 401.
    await page.waitForTimeout((ACCESS_TOKEN_TTL_SECONDS + 5) * 1000);

    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/app$/);
    await expectText(page.getByTestId('usage-count'), '0 of 3 runs used');

    const refreshes = log.apiCalls.filter((call) => call.path === '/api/v1/auth/refresh');
    expect(refreshes).toEqual([{ method: 'POST', path: '/api/v1/auth/refresh', status: 200 }]);
    expect(log.apiCalls[0]).toEqual(refreshes[0]);
    expect(log.apiCalls.filter((call) => call.status === 401)).toEqual([]);
    expect(log.consoleErrors).toEqual([]);
  }, 180_000);
});
