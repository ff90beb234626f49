const KEY_PATTERNS = [
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
  /\bsk-[A-Za-z0-9_*-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/**
 * Removes the given secrets, private keys and anything shaped like an API key or bearer token from a message that
 * came back from a provider, before it reaches an error, a log line or the customer.
 */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) {
    if (secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  for (const pattern of KEY_PATTERNS) text = text.replace(pattern, '[redacted]');
  return text;
}

/** The first line of a provider's message, trimmed and cut to a length that reads well in the portal. */
export function firstLine(message: string, maxLength = 400): string {
  const line = message.split(/\r?\n/)[0].trim();
  return line.length > maxLength ? `${line.slice(0, maxLength - 1)}…` : line;
}
