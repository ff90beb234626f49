import type { ProofEvent, ProofEventKind } from '@apex/contracts';
import { canonicalJson } from '../signing/canonical-json';
import { sha256Hex } from '../signing/digest';

/*
 * The proof's events form a hash chain: each link's hash is SHA-256 of the previous link's hash (hex; nothing for
 * the first) followed by the canonical JSON of {kind, payload}. Changing, removing or reordering any event changes
 * every hash after it.
 */

export function chainHash(previousHash: string | null, kind: ProofEventKind, payload: unknown): string {
  return sha256Hex(`${previousHash ?? ''}${canonicalJson({ kind, payload })}`);
}

/** The first event (by sequence) whose link does not hold, or null when the whole chain holds. */
export function brokenLink(events: readonly ProofEvent[]): ProofEvent | null {
  let previous: string | null = null;
  for (const [index, event] of events.entries()) {
    if (event.sequence !== index + 1 || event.previousHash !== previous || event.hash !== chainHash(previous, event.kind, event.payload)) return event;
    previous = event.hash;
  }
  return null;
}
