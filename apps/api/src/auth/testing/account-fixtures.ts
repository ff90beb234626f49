import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { Role, Tier } from '@apex/contracts';
import { AccountEmailActivitiesService, hashPassword } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import type { CaughtEmail, SmtpCatcherHandle } from '@apex/devstack';
import { EmailActivitiesService, EmailOutboxService, TemplateRenderer } from '@apex/email';
import { workflowBundleOptions } from '@apex/temporal';
import { waitFor, workspaceRoot } from '@apex/testing';
import type { ApiUnderTest } from '../../testing/api-under-test';

// Response bodies are checked field by field in the tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const readJson = (response: Response): Promise<any> => response.json();

export interface TestAccount {
  email: string;
  password: string;
  userId: string;
  orgId: string;
  accessToken: string;
  refreshToken: string;
}

const subjectOf = (accessToken: string): string => JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()).sub;

/**
 * A new organisation with its owner, signed in, through the real sign-up and sign-in. Its email is marked verified
 * in the database, since the specs using this are about something else and most run without email delivery; the
 * verification itself is exercised through the emailed link in email-verification.spec.ts (`verified: false` leaves
 * the account as sign-up leaves it).
 */
export async function signUp(
  api: ApiUnderTest,
  email: string,
  organizationName = `${email.split('@')[0]} Ltd`,
  { verified = true }: { verified?: boolean } = {},
): Promise<TestAccount> {
  const password = `pw of ${email} 123`;
  const response = await api.call('POST', '/auth/signup', { body: { email, password, name: email.split('@')[0], organizationName } });
  if (response.status !== 202) throw new Error(`sign-up of ${email} answered ${response.status}: ${await response.text()}`);
  const signedIn = await logIn(api, email, password);
  if (signedIn.status !== 200) throw new Error(`sign-in after the sign-up of ${email} answered ${signedIn.status}: ${await signedIn.text()}`);
  const session = await readJson(signedIn);
  const userId = subjectOf(session.accessToken);
  const db = api.app.get(DataSource);
  if (verified) await db.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [userId]);
  const [{ org_id }] = await db.query('SELECT org_id FROM users WHERE id = $1', [userId]);
  return { email, password, userId, orgId: org_id, ...session };
}

export async function logIn(api: ApiUnderTest, email: string, password: string): Promise<Response> {
  return api.call('POST', '/auth/login', { body: { email, password } });
}

/** Plans change through billing, which these tests do not exercise: set the tier directly. */
export async function setTier(api: ApiUnderTest, orgId: string, tier: Tier): Promise<void> {
  await api.app.get(DataSource).query('UPDATE organizations SET tier = $2 WHERE id = $1', [orgId, tier]);
}

/** A member added straight to the database (the invitation flow has its own tests), signed in. */
export async function addMember(api: ApiUnderTest, orgId: string, email: string, role: Role): Promise<TestAccount> {
  const password = `pw of ${email} 123`;
  const [{ id }] = await api.app
    .get(DataSource)
    // Members come through an accepted invitation, whose link proved the email.
    .query('INSERT INTO users (org_id, email, name, password_hash, role, email_verified_at) VALUES ($1, $2, $3, $4, $5, now()) RETURNING id', [
      orgId,
      email,
      email.split('@')[0],
      await hashPassword(password),
      role,
    ]);
  const session = await readJson(await logIn(api, email, password));
  return { email, password, userId: id, orgId, ...session };
}

/** Checks the answer is an RFC 9457 problem of this status and type, and returns it. */
export async function expectProblem(response: Response, status: number, type: string) {
  const body = await response.text();
  const problem = response.headers.get('content-type')?.startsWith('application/problem+json') ? JSON.parse(body) : null;
  if (response.status !== status || problem?.type !== `https://apex.dev/problems/${type}` || problem?.status !== status) {
    throw new Error(`Expected a ${status} ${type} problem, got ${response.status} ${response.headers.get('content-type')}: ${body}`);
  }
  return problem;
}

/**
 * The worker's part of the account emails, in this process: every workflow, with the real
 * account-email activities sending through the real outbox to the SMTP catcher.
 */
export async function startAccountEmailWorker(api: ApiUnderTest, temporal: TestWorkflowEnvironment, smtp: SmtpCatcherHandle) {
  const config = api.app.get(AppConfig);
  const db = api.app.get(DataSource);
  const outbox = new EmailOutboxService(db, createTransport(smtp.smtpUrl), new TemplateRenderer(), config);
  const activities = new AccountEmailActivitiesService(db, new EmailActivitiesService(outbox), config).activities();
  const { workflowsPath, webpackConfigHook } = workflowBundleOptions(workspaceRoot);
  const worker = await Worker.create({
    connection: temporal.nativeConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities,
    workflowsPath,
    bundlerOptions: { webpackConfigHook },
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

/** Waits for the email to this address whose subject matches, and returns it. */
export async function emailTo(smtp: SmtpCatcherHandle, address: string, subject: RegExp): Promise<CaughtEmail> {
  const emails = await waitFor(
    () => smtp.emails(),
    (all) => all.some((e) => e.to[0]?.address === address && subject.test(e.subject)),
    { what: `an email to ${address} with subject ${subject}`, timeoutMs: 30_000 },
  );
  const matching = emails.filter((e) => e.to[0]?.address === address && subject.test(e.subject));
  return matching[matching.length - 1];
}

export const linkToken = (email: CaughtEmail, path: string): string => {
  const match = new RegExp(`/${path}\\?token=([A-Za-z0-9_%-]+)`).exec(email.text);
  if (!match) throw new Error(`No ${path} link in: ${email.text}`);
  return decodeURIComponent(match[1]);
};
