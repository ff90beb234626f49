import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** Hex SHA-256 of a text, UTF-8. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Hex SHA-256 of a value's canonical JSON. */
export const canonicalSha256 = (value: unknown): string => sha256Hex(canonicalJson(value));
