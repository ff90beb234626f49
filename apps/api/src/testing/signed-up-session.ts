import { DataSource } from 'typeorm';
import type { ApiUnderTest } from './api-under-test';

export interface SignedUpSession {
  token: string;
  orgId: string;
  userId: string;
}

/**
 * Signs up the owner of a new organisation named after the email and signs them in; returns their access token and
 * organisation. The email is marked verified in the database: the specs using this are about something else, and run
 * without email delivery (the verification link itself is tested in auth/email-verification.spec.ts).
 */
export async function signUpSession(api: ApiUnderTest, email: string): Promise<SignedUpSession> {
  const password = 'correct horse battery';
  const signup = await api.call('POST', '/auth/signup', { body: { email, password, name: 'Someone', organizationName: `${email} Ltd` } });
  if (signup.status !== 202) throw new Error(`sign-up of ${email} answered ${signup.status}: ${await signup.text()}`);
  const login = await api.call('POST', '/auth/login', { body: { email, password } });
  if (login.status !== 200) throw new Error(`sign-in of ${email} answered ${login.status}: ${await login.text()}`);
  const session = (await login.json()) as { accessToken: string };
  const me = (await (await api.call('GET', '/me', { token: session.accessToken })).json()) as { organization: { id: string }; user: { id: string } };
  await api.app.get(DataSource).query('UPDATE users SET email_verified_at = now() WHERE id = $1', [me.user.id]);
  return { token: session.accessToken, orgId: me.organization.id, userId: me.user.id };
}
