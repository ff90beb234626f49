import type { ApiUnderTest } from './api-under-test';

export interface SignedUpSession {
  token: string;
  orgId: string;
}

/** Signs up the owner of a new organisation named after the email; returns their access token and organisation. */
export async function signUpSession(api: ApiUnderTest, email: string): Promise<SignedUpSession> {
  const signup = await api.call('POST', '/auth/signup', { body: { email, password: 'correct horse battery', name: 'Someone', organizationName: `${email} Ltd` } });
  const session = (await signup.json()) as { accessToken: string };
  const me = (await (await api.call('GET', '/me', { token: session.accessToken })).json()) as { organization: { id: string } };
  return { token: session.accessToken, orgId: me.organization.id };
}
