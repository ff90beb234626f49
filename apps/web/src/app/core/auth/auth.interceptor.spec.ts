import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import type { MeView, SessionTokens } from '@apex/contracts';
import { ProblemType } from '@apex/contracts';
import { AuthService } from './auth.service';
import { authInterceptor } from './auth.interceptor';

const API = '/api/v1';
const ME: MeView = {
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', isOperator: false, emailVerified: true },
  organization: { id: 'o1', name: 'Engines Ltd', tier: 'free' },
  role: 'owner',
};
const tokens = (n: number): SessionTokens => ({ accessToken: `access-${n}`, expiresIn: 900, refreshToken: `refresh-${n}` });
const unauthorized = { type: ProblemType.unauthorized, title: 'Sign in or send a valid API key', status: 401 };
const problemHeaders = { 'content-type': 'application/problem+json' };

describe('authInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let auth: AuthService;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    auth = TestBed.inject(AuthService);
  });

  afterEach(() => http.verify());

  const reject = (request: TestRequest) => request.flush(unauthorized, { status: 401, statusText: 'Unauthorized', headers: problemHeaders });
  const authorization = (request: TestRequest) => request.request.headers.get('Authorization');

  async function signIn(): Promise<void> {
    const done = auth.logIn({ email: 'ada@example.com', password: 'correct horse battery' });
    const login = http.expectOne(`${API}/auth/login`);
    expect(authorization(login)).toBeNull();
    login.flush(tokens(1));
    await Promise.resolve();
    const me = http.expectOne(`${API}/me`);
    expect(authorization(me)).toBe('Bearer access-1');
    me.flush(ME);
    await done;
  }

  it('sends the access token with API calls, and only with them', async () => {
    await signIn();
    expect(localStorage.getItem('apex.refreshToken')).toBe('refresh-1');

    client.get(`${API}/usage/me`).subscribe();
    expect(authorization(http.expectOne(`${API}/usage/me`))).toBe('Bearer access-1');

    client.get('https://elsewhere.example/data').subscribe();
    expect(authorization(http.expectOne('https://elsewhere.example/data'))).toBeNull();
  });

  it('refreshes once on a 401 and retries the call with the new token', async () => {
    await signIn();
    const answer = firstValueFrom(client.get<{ items: unknown[] }>(`${API}/runs`));

    reject(http.expectOne(`${API}/runs`));
    const refresh = http.expectOne({ method: 'POST', url: `${API}/auth/refresh` });
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(authorization(refresh)).toBeNull();
    refresh.flush(tokens(2));

    const retried = http.expectOne(`${API}/runs`);
    expect(authorization(retried)).toBe('Bearer access-2');
    retried.flush({ items: [] });

    await expect(answer).resolves.toEqual({ items: [] });
    expect(localStorage.getItem('apex.refreshToken')).toBe('refresh-2');
    expect(auth.me()).toEqual(ME);
  });

  it('spends the refresh token once when several calls fail together', async () => {
    await signIn();
    const first = firstValueFrom(client.get(`${API}/usage/me`));
    const second = firstValueFrom(client.get(`${API}/runs`));

    reject(http.expectOne(`${API}/usage/me`));
    reject(http.expectOne(`${API}/runs`));
    http.expectOne(`${API}/auth/refresh`).flush(tokens(2));

    const retries = [http.expectOne(`${API}/usage/me`), http.expectOne(`${API}/runs`)];
    expect(retries.map(authorization)).toEqual(['Bearer access-2', 'Bearer access-2']);
    retries.forEach((r) => r.flush({ ok: true }));
    await expect(Promise.all([first, second])).resolves.toEqual([{ ok: true }, { ok: true }]);
  });

  it('hands a second 401 to the caller instead of refreshing again', async () => {
    await signIn();
    const answer = firstValueFrom(client.get(`${API}/runs`));

    reject(http.expectOne(`${API}/runs`));
    http.expectOne(`${API}/auth/refresh`).flush(tokens(2));
    reject(http.expectOne(`${API}/runs`));

    await expect(answer).rejects.toMatchObject({ status: 401 });
    http.expectNone(`${API}/auth/refresh`);
  });

  it('ends the session when the refresh token is refused', async () => {
    await signIn();
    const answer = firstValueFrom(client.get(`${API}/runs`));

    reject(http.expectOne(`${API}/runs`));
    http
      .expectOne(`${API}/auth/refresh`)
      .flush({ type: ProblemType.invalidToken, title: 'Session ended', status: 401 }, { status: 401, statusText: 'Unauthorized', headers: problemHeaders });

    await expect(answer).rejects.toMatchObject({ status: 401, url: `${API}/runs` });
    expect(auth.me()).toBeNull();
    expect(auth.accessToken()).toBeNull();
    expect(localStorage.getItem('apex.refreshToken')).toBeNull();
  });

  it('signs back in after a reload by refreshing first, so /me never answers 401', async () => {
    localStorage.setItem('apex.refreshToken', 'refresh-7');
    const restored = auth.restore();

    http.expectNone(`${API}/me`);
    http.expectOne({ method: 'POST', url: `${API}/auth/refresh` }).flush(tokens(8));
    const me = http.expectOne(`${API}/me`);
    expect(authorization(me)).toBe('Bearer access-8');
    me.flush(ME);

    await expect(restored).resolves.toBe(true);
    expect(auth.me()?.user.name).toBe('Ada Lovelace');
  });

  it('forgets a stored refresh token that is refused on reload, and asks for a log-in', async () => {
    localStorage.setItem('apex.refreshToken', 'refresh-7');
    const restored = auth.restore();

    http
      .expectOne(`${API}/auth/refresh`)
      .flush({ type: ProblemType.invalidToken, title: 'Session ended', status: 401 }, { status: 401, statusText: 'Unauthorized', headers: problemHeaders });
    const me = http.expectOne(`${API}/me`);
    expect(authorization(me)).toBeNull();
    reject(me);

    await expect(restored).resolves.toBe(false);
    http.expectNone(`${API}/auth/refresh`);
    expect(localStorage.getItem('apex.refreshToken')).toBeNull();
  });

  it('still makes a public call when the stored refresh token is refused', async () => {
    localStorage.setItem('apex.refreshToken', 'refresh-7');
    const plans = firstValueFrom(client.get<unknown[]>(`${API}/plans`));

    http
      .expectOne(`${API}/auth/refresh`)
      .flush({ type: ProblemType.invalidToken, title: 'Session ended', status: 401 }, { status: 401, statusText: 'Unauthorized', headers: problemHeaders });
    const call = http.expectOne(`${API}/plans`);
    expect(authorization(call)).toBeNull();
    call.flush([{ tier: 'free' }]);

    await expect(plans).resolves.toEqual([{ tier: 'free' }]);
  });

  it('does not call the API to restore when there is no stored session', async () => {
    await expect(auth.restore()).resolves.toBe(false);
    http.expectNone(`${API}/me`);
  });

  describe('with access tokens that carry their expiry', () => {
    // The server's clock (iat) is an hour behind the browser's: the lifetime is counted from the token's arrival.
    const ISSUED_AT = 1_767_225_600; // 2026-01-01T00:00:00Z, in seconds
    const ARRIVED_AT = (ISSUED_AT + 3600) * 1000;
    const LIFETIME_S = 900;
    const base64url = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const jwt = (n: number, iat: number) =>
      [base64url({ alg: 'HS256', typ: 'JWT' }), base64url({ sub: 'u1', iat, exp: iat + LIFETIME_S, typ: 'access' }), `signature-${n}`].join('.');
    const jwtTokens = (n: number, iat = ISSUED_AT): SessionTokens => ({ accessToken: jwt(n, iat), expiresIn: LIFETIME_S, refreshToken: `refresh-${n}` });
    let now: number;

    beforeEach(() => {
      now = ARRIVED_AT;
      jest.spyOn(Date, 'now').mockImplementation(() => now);
    });

    afterEach(() => jest.restoreAllMocks());

    async function signInWithJwt(): Promise<void> {
      const done = auth.logIn({ email: 'ada@example.com', password: 'correct horse battery' });
      http.expectOne(`${API}/auth/login`).flush(jwtTokens(1));
      await Promise.resolve();
      const me = http.expectOne(`${API}/me`);
      expect(authorization(me)).toBe(`Bearer ${jwt(1, ISSUED_AT)}`);
      me.flush(ME);
      await done;
    }

    it('sends a token as is while more than 30 seconds of its life are left', async () => {
      await signInWithJwt();
      now = ARRIVED_AT + (LIFETIME_S - 31) * 1000;

      client.get(`${API}/runs`).subscribe();
      expect(authorization(http.expectOne(`${API}/runs`))).toBe(`Bearer ${jwt(1, ISSUED_AT)}`);
      http.expectNone(`${API}/auth/refresh`);
    });

    it('refreshes before the call when the token expires within 30 seconds, so the API sees only the new one', async () => {
      await signInWithJwt();
      now = ARRIVED_AT + (LIFETIME_S - 30) * 1000;
      const answer = firstValueFrom(client.get<{ items: unknown[] }>(`${API}/runs`));

      http.expectNone(`${API}/runs`);
      const refresh = http.expectOne({ method: 'POST', url: `${API}/auth/refresh` });
      expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
      refresh.flush(jwtTokens(2, ISSUED_AT + LIFETIME_S - 30));

      const call = http.expectOne(`${API}/runs`);
      expect(authorization(call)).toBe(`Bearer ${jwt(2, ISSUED_AT + LIFETIME_S - 30)}`);
      call.flush({ items: [] });
      await expect(answer).resolves.toEqual({ items: [] });
    });

    it('queues calls made while the token is expired behind one refresh', async () => {
      await signInWithJwt();
      now = ARRIVED_AT + (LIFETIME_S + 60) * 1000;
      const answers = Promise.all([
        firstValueFrom(client.get(`${API}/usage/me`)),
        firstValueFrom(client.get(`${API}/runs`)),
        firstValueFrom(client.get(`${API}/me`)),
      ]);

      http.expectNone(`${API}/usage/me`);
      http.expectOne(`${API}/auth/refresh`).flush(jwtTokens(2, ISSUED_AT + LIFETIME_S + 60));
      http.expectNone(`${API}/auth/refresh`);

      const calls = [http.expectOne(`${API}/usage/me`), http.expectOne(`${API}/runs`), http.expectOne(`${API}/me`)];
      expect(calls.map(authorization)).toEqual(Array(3).fill(`Bearer ${jwt(2, ISSUED_AT + LIFETIME_S + 60)}`));
      calls.forEach((call) => call.flush({ ok: true }));
      await expect(answers).resolves.toEqual([{ ok: true }, { ok: true }, { ok: true }]);
      expect(localStorage.getItem('apex.refreshToken')).toBe('refresh-2');

      // The new token is good for another 15 minutes: the next call goes straight out.
      client.get(`${API}/runs`).subscribe();
      expect(authorization(http.expectOne(`${API}/runs`))).toBe(`Bearer ${jwt(2, ISSUED_AT + LIFETIME_S + 60)}`);
    });

    it('ends the session when the refresh before a call is refused, and hands the API\'s answer to the caller', async () => {
      await signInWithJwt();
      now = ARRIVED_AT + (LIFETIME_S + 60) * 1000;
      const answer = firstValueFrom(client.get(`${API}/runs`));

      http
        .expectOne(`${API}/auth/refresh`)
        .flush({ type: ProblemType.invalidToken, title: 'Session ended', status: 401 }, { status: 401, statusText: 'Unauthorized', headers: problemHeaders });
      const call = http.expectOne(`${API}/runs`);
      expect(authorization(call)).toBeNull();
      reject(call);

      await expect(answer).rejects.toMatchObject({ status: 401, url: `${API}/runs` });
      http.expectNone(`${API}/auth/refresh`);
      expect(auth.me()).toBeNull();
      expect(localStorage.getItem('apex.refreshToken')).toBeNull();
    });

    it('keeps the session when the refresh before a call fails on the network, and tries again on the next call', async () => {
      await signInWithJwt();
      now = ARRIVED_AT + (LIFETIME_S + 60) * 1000;
      const answer = firstValueFrom(client.get(`${API}/runs`));

      http.expectOne(`${API}/auth/refresh`).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      http.expectOne(`${API}/runs`).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
      await expect(answer).rejects.toMatchObject({ status: 0 });
      expect(auth.me()).toEqual(ME);
      expect(localStorage.getItem('apex.refreshToken')).toBe('refresh-1');

      client.get(`${API}/runs`).subscribe();
      http.expectOne(`${API}/auth/refresh`).flush(jwtTokens(2, ISSUED_AT + LIFETIME_S + 60));
      expect(authorization(http.expectOne(`${API}/runs`))).toBe(`Bearer ${jwt(2, ISSUED_AT + LIFETIME_S + 60)}`);
    });

    it('still refreshes on a 401 for a token the API stopped accepting early', async () => {
      await signInWithJwt();
      const answer = firstValueFrom(client.get(`${API}/runs`));

      reject(http.expectOne(`${API}/runs`));
      http.expectOne(`${API}/auth/refresh`).flush(jwtTokens(2));
      const retried = http.expectOne(`${API}/runs`);
      expect(authorization(retried)).toBe(`Bearer ${jwt(2, ISSUED_AT)}`);
      retried.flush({ items: [] });
      await expect(answer).resolves.toEqual({ items: [] });
    });
  });
});
