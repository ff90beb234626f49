import { formatDate } from '@angular/common';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Time left until a moment, as a ticking countdown reads: "4h 05m 09s", "5m 09s", "9s";
 * "now" once it has passed.
 */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  if (total <= 0) return 'now';
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return `${hours}h ${pad(minutes)}m ${pad(seconds)}s`;
  if (minutes > 0) return `${minutes}m ${pad(seconds)}s`;
  return `${seconds}s`;
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** A window length in words: 18000 → "5 hours", 90 → "90 seconds", 86400 → "1 day". */
export function formatWindow(seconds: number): string {
  if (seconds > 0 && seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds > 0 && seconds % 3_600 === 0) return plural(seconds / 3_600, 'hour');
  if (seconds > 0 && seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}

/** A clock time for a moment soon: "14:32" today, "Tue 09:05" on another day. */
export function formatClockTime(at: Date, now: Date = new Date()): string {
  const sameDay = at.toDateString() === now.toDateString();
  return formatDate(at, sameDay ? 'HH:mm' : 'EEE HH:mm', 'en-US');
}
