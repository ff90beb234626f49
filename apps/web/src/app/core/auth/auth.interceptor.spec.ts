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
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada Lovelace', isOperator: false },
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

  it('signs back in from the stored refresh token after a reload', async () => {
    localStorage.setItem('apex.refreshToken', 'refresh-7');
    const restored = auth.restore();

    const me = http.expectOne(`${API}/me`);
    expect(authorization(me)).toBeNull();
    reject(me);
    http.expectOne(`${API}/auth/refresh`).flush(tokens(8));
    const retried = http.expectOne(`${API}/me`);
    expect(authorization(retried)).toBe('Bearer access-8');
    retried.flush(ME);

    await expect(restored).resolves.toBe(true);
    expect(auth.me()?.user.name).toBe('Ada Lovelace');
  });

  it('does not call the API to restore when there is no stored session', async () => {
    await expect(auth.restore()).resolves.toBe(false);
    http.expectNone(`${API}/me`);
  });
});
