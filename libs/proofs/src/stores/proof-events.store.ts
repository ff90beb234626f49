import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ProofEvent, ProofEventKind } from '@apex/contracts';
import { chainHash } from '../chain/hash-chain';

interface EventRow {
  sequence: number;
  kind: ProofEventKind;
  dedupe_key: string;
  payload: unknown;
  previous_hash: string | null;
  hash: string;
  at: Date;
}

const toEvent = (row: EventRow): ProofEvent => ({
  sequence: row.sequence,
  kind: row.kind,
  payload: row.payload,
  previousHash: row.previous_hash,
  hash: row.hash,
  at: row.at.toISOString(),
});

/** The dedupe key of an event that happens once per proof. */
export const ONCE = 'once';

/** Owner of `proof_events`: the proof's hash chain, appended to and never changed. */
@Injectable()
export class ProofEventsStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends an event to the chain, or answers the one already recorded with this kind and key (a retried activity
   * records nothing twice). The caller holds the proof's row lock (ProofsStore.lock), so links are added one at a time.
   */
  async append(tx: EntityManager, proofId: string, kind: ProofEventKind, dedupeKey: string, payload: unknown): Promise<ProofEvent> {
    const seen = await this.find(tx, proofId, kind, dedupeKey);
    if (seen) return seen;
    const [last] = (await tx.query('SELECT sequence, hash FROM proof_events WHERE proof_id = $1 ORDER BY sequence DESC LIMIT 1', [proofId])) as Array<{
      sequence: number;
      hash: string;
    }>;
    const previousHash = last?.hash ?? null;
    // Stored as jsonb, which keeps the values but not the key order; the hash is over the canonical JSON, which sorts keys.
    const stored = JSON.parse(JSON.stringify(payload)) as unknown;
    const [row] = (await tx.query(
      `INSERT INTO proof_events (proof_id, sequence, kind, dedupe_key, payload, previous_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING sequence, kind, dedupe_key, payload, previous_hash, hash, at`,
      [proofId, (last?.sequence ?? 0) + 1, kind, dedupeKey, JSON.stringify(stored), previousHash, chainHash(previousHash, kind, stored)],
    )) as EventRow[];
    return toEvent(row);
  }

  async find(db: DataSource | EntityManager, proofId: string, kind: ProofEventKind, dedupeKey: string): Promise<ProofEvent | null> {
    const [row] = (await db.query(
      'SELECT sequence, kind, dedupe_key, payload, previous_hash, hash, at FROM proof_events WHERE proof_id = $1 AND kind = $2 AND dedupe_key = $3',
      [proofId, kind, dedupeKey],
    )) as EventRow[];
    return row ? toEvent(row) : null;
  }

  /** The latest event of a kind, with its key. */
  async latest(db: DataSource | EntityManager, proofId: string, kind: ProofEventKind): Promise<(ProofEvent & { dedupeKey: string }) | null> {
    const [row] = (await db.query(
      'SELECT sequence, kind, dedupe_key, payload, previous_hash, hash, at FROM proof_events WHERE proof_id = $1 AND kind = $2 ORDER BY sequence DESC LIMIT 1',
      [proofId, kind],
    )) as EventRow[];
    return row ? { ...toEvent(row), dedupeKey: row.dedupe_key } : null;
  }

  /** The whole chain, in order. */
  async chain(proofId: string): Promise<ProofEvent[]> {
    const rows = (await this.db.query('SELECT sequence, kind, dedupe_key, payload, previous_hash, hash, at FROM proof_events WHERE proof_id = $1 ORDER BY sequence', [
      proofId,
    ])) as EventRow[];
    return rows.map(toEvent);
  }
}
