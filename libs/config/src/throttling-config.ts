import type { AppEnv } from './schema';

/** A limit of `limit` counted events per fixed window of `windowSeconds`. */
export interface WindowLimit {
  limit: number;
  windowSeconds: number;
}

export interface LoginThrottling {
  /** Failed sign-ins one address may make per window, whatever the accounts. */
  perAddress: WindowLimit;
  /** Length of the window in which an account's failures count. */
  windowSeconds: number;
  /** Failures of an account before each further attempt waits 1, 2, 4 … seconds after the last one. */
  failuresBeforeDelay: number;
  maxDelaySeconds: number;
  /** Failures of an account in a window, from at least `lockMinAddresses` addresses, that lock its sign-in. */
  lockAfterFailures: number;
  lockMinAddresses: number;
  /** The first lock of a day lasts this long; each further lock that day twice the one before, at most `lockMaxSeconds`. */
  lockSeconds: number;
  lockMaxSeconds: number;
}

export interface ThrottlingConfig {
  /** Addresses and CIDR ranges of the proxies whose X-Forwarded-For is believed; empty means the socket's peer is the client. */
  trustedProxies: string[];
  login: LoginThrottling;
  passwordResetRequestsPerAddress: WindowLimit;
  signUpsPerAddress: WindowLimit;
  /** Invalid password-reset and invitation tokens presented from one address. */
  linkTokenFailuresPerAddress: WindowLimit;
  refreshFailuresPerAddress: WindowLimit;
  apiKeyFailuresPerPrefix: WindowLimit;
  apiKeyFailuresPerAddress: WindowLimit;
}

const HOUR = 3600;

export function throttlingConfigOf(env: AppEnv): ThrottlingConfig {
  const window = env.THROTTLE_WINDOW_MINUTES * 60;
  const loginWindow = env.LOGIN_FAILURE_WINDOW_MINUTES * 60;
  return {
    trustedProxies: env.TRUSTED_PROXIES,
    login: {
      perAddress: { limit: env.LOGIN_FAILURES_PER_ADDRESS, windowSeconds: loginWindow },
      windowSeconds: loginWindow,
      failuresBeforeDelay: env.LOGIN_FAILURES_BEFORE_DELAY,
      maxDelaySeconds: env.LOGIN_MAX_DELAY_SECONDS,
      lockAfterFailures: env.LOGIN_LOCK_AFTER_FAILURES,
      lockMinAddresses: env.LOGIN_LOCK_MIN_ADDRESSES,
      lockSeconds: env.LOGIN_LOCK_MINUTES * 60,
      lockMaxSeconds: Math.max(env.LOGIN_LOCK_MAX_MINUTES, env.LOGIN_LOCK_MINUTES) * 60,
    },
    passwordResetRequestsPerAddress: { limit: env.PASSWORD_RESET_REQUESTS_PER_ADDRESS_HOUR, windowSeconds: HOUR },
    signUpsPerAddress: { limit: env.SIGN_UPS_PER_ADDRESS_HOUR, windowSeconds: HOUR },
    linkTokenFailuresPerAddress: { limit: env.LINK_TOKEN_FAILURES_PER_ADDRESS, windowSeconds: window },
    refreshFailuresPerAddress: { limit: env.REFRESH_FAILURES_PER_ADDRESS, windowSeconds: window },
    apiKeyFailuresPerPrefix: { limit: env.API_KEY_FAILURES_PER_PREFIX, windowSeconds: window },
    apiKeyFailuresPerAddress: { limit: env.API_KEY_FAILURES_PER_ADDRESS, windowSeconds: window },
  };
}
