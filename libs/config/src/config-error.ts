export interface ConfigIssue {
  variable: string;
  expected: string;
  received: string;
}

/** Thrown at start-up when the environment does not describe a runnable service. */
export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((i) => `  ${i.variable}: expected ${i.expected} (got ${i.received})`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
