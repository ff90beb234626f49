import { Injectable } from '@nestjs/common';

export type UploadState = 'loading' | 'loaded' | 'refused' | 'stopped';

/** How far one upload has come, as GET /cost-files/uploads/:uploadId answers it. */
export interface UploadProgress {
  uploadId: string;
  state: UploadState;
  /** Bytes of the body received so far. */
  receivedBytes: number;
  /** Rows read so far (all of them checked; stored only when the whole file loads). */
  rows: number;
}

/** How long an ended upload's progress can still be read. */
const KEPT_AFTER_END_MS = 5 * 60_000;
/** At most this many uploads are followed at once; the oldest are forgotten first. */
const MAX_FOLLOWED = 10_000;

/**
 * The progress of the uploads this API process is loading, kept in its memory by organisation and the upload id
 * the client chose. Another process does not see them: behind a load balancer without affinity, progress reads
 * may find nothing (404) and a client falls back to the bytes it has sent.
 */
@Injectable()
export class UploadProgressBoard {
  private readonly uploads = new Map<string, UploadProgress & { endedAt: number | null }>();

  start(orgId: string, uploadId: string): (receivedBytes: number, rows: number) => void {
    this.sweep();
    const entry = { uploadId, state: 'loading' as UploadState, receivedBytes: 0, rows: 0, endedAt: null };
    this.uploads.set(this.key(orgId, uploadId), entry);
    return (receivedBytes, rows) => {
      entry.receivedBytes = receivedBytes;
      entry.rows = rows;
    };
  }

  end(orgId: string, uploadId: string, state: Exclude<UploadState, 'loading'>, rows?: number): void {
    const entry = this.uploads.get(this.key(orgId, uploadId));
    if (!entry) return;
    entry.state = state;
    if (rows !== undefined) entry.rows = rows;
    entry.endedAt = Date.now();
  }

  get(orgId: string, uploadId: string): UploadProgress | null {
    const entry = this.uploads.get(this.key(orgId, uploadId));
    if (!entry) return null;
    const { endedAt: _endedAt, ...progress } = entry;
    return { ...progress };
  }

  private key(orgId: string, uploadId: string): string {
    return `${orgId}/${uploadId}`;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.uploads) {
      if (entry.endedAt !== null && now - entry.endedAt > KEPT_AFTER_END_MS) this.uploads.delete(key);
    }
    while (this.uploads.size >= MAX_FOLLOWED) this.uploads.delete(this.uploads.keys().next().value as string);
  }
}
