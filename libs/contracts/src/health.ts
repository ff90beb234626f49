export type DependencyStatus = 'up' | 'down';

export interface HealthReport {
  status: 'ok' | 'error';
  info?: Record<string, { status: DependencyStatus; [key: string]: unknown }>;
  error?: Record<string, { status: DependencyStatus; [key: string]: unknown }>;
  details: Record<string, { status: DependencyStatus; [key: string]: unknown }>;
}
