import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SandboxEnding } from '@apex/contracts';
import { EmailTakenError, hashPassword } from '@apex/accounts';
import { AppConfig } from '@apex/config';
import { SandboxRateLimitedError, SandboxUnavailableError } from './sandbox-errors';
import { addressHash, newSandboxToken, sandboxTokenHash } from './sandbox-secrets';

const HOUR_SECONDS = 3600;
/** No password hash matches this: the sandbox's owner cannot log in until an account claims it. */
const NO_PASSWORD = '!sandbox';

/** A new sandbox: its organisation and the placeholder owner that its run runs as, and the token, here only. */
export interface OpenedSandbox {
  sandboxId: string;
  orgId: string;
  userId: string;
  token: string;
  expiresAt: Date;
}

export interface SandboxRecord {
  sandboxId: string;
  orgId: string;
  userId: string;
  fileName: string;
  costSourceId: string | null;
  runId: string | null;
  expiresAt: Date;
  /** What the loaded file holds; null while nothing is loaded. */
  file: { rowCount: number; periodStart: Date; periodEnd: Date } | null;
}

export interface SandboxClaim {
  email: string;
  password: string;
  name: string;
  organizationName: string;
}

/**
 * The record of sandboxes (`sandboxes`). A sandbox is an organisation of its own on the Free plan, whose owner is a
 * placeholder user kept removed (so no one can log in as it) until an account claims it at sign-up: then that user
 * becomes the new account, and the organisation with everything in it is theirs.
 */
@Injectable()
export class SandboxesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Opens a sandbox for the address, unless it opened as many as the last hour allows (SandboxRateLimitedError). */
  async open(address: string, fileName: string): Promise<OpenedSandbox> {
    const hash = addressHash(this.config.auth.jwtSecret, address);
    const limit = this.config.sandbox.ratePerHour;
    const token = newSandboxToken();
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('sandbox-address:' || encode($1::bytea, 'hex'), 0))", [hash]);
      const [window] = (await tx.query(
        `SELECT count(*)::int AS used, ceil(extract(epoch FROM min(created_at) + make_interval(secs => $2) - now()))::int AS frees_in
           FROM sandboxes WHERE address_hash = $1 AND created_at > now() - make_interval(secs => $2)`,
        [hash, HOUR_SECONDS],
      )) as Array<{ used: number; frees_in: number | null }>;
      if (window.used >= limit) throw new SandboxRateLimitedError(limit, Math.max(1, window.frees_in ?? HOUR_SECONDS));

      const [org] = await tx.query("INSERT INTO organizations (name) VALUES ('Sandbox') RETURNING id");
      const [user] = await tx.query(
        `INSERT INTO users (org_id, email, name, password_hash, role, removed_at) VALUES ($1, $2, 'Sandbox', $3, 'owner', now()) RETURNING id`,
        [org.id, `sandbox-${randomUUID()}@sandbox.invalid`, NO_PASSWORD],
      );
      const [sandbox] = await tx.query(
        `INSERT INTO sandboxes (org_id, user_id, token_hash, address_hash, file_name, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING id, expires_at`,
        [org.id, user.id, sandboxTokenHash(token), hash, fileName, this.config.sandbox.lifetimeHours],
      );
      return { sandboxId: sandbox.id, orgId: org.id, userId: user.id, token, expiresAt: sandbox.expires_at };
    });
  }

  /** Deletes a sandbox whose upload was refused, with everything of it: nothing of a refused file stays. */
  async discard(sandboxId: string): Promise<void> {
    await this.db.query('DELETE FROM organizations WHERE id = (SELECT org_id FROM sandboxes WHERE id = $1 AND claimed_at IS NULL)', [sandboxId]);
  }

  async attach(sandboxId: string, links: { costSourceId?: string; runId?: string }): Promise<void> {
    await this.db.query('UPDATE sandboxes SET cost_source_id = coalesce($2, cost_source_id), run_id = coalesce($3, run_id) WHERE id = $1', [
      sandboxId,
      links.costSourceId ?? null,
      links.runId ?? null,
    ]);
  }

  /** The unexpired, unclaimed sandbox of a token; SandboxUnavailableError otherwise. */
  async byToken(token: string): Promise<SandboxRecord> {
    const hash = sandboxTokenHash(token);
    if (!hash) throw new SandboxUnavailableError();
    const [row] = await this.db.query(
      `SELECT s.id, s.org_id, s.user_id, s.file_name, s.cost_source_id, s.run_id, s.expires_at, c.row_count, c.period_start, c.period_end
         FROM sandboxes s LEFT JOIN cost_sources c ON c.id = s.cost_source_id AND c.org_id = s.org_id
        WHERE s.token_hash = $1 AND s.claimed_at IS NULL AND s.expires_at > now()`,
      [hash],
    );
    if (!row) throw new SandboxUnavailableError();
    return {
      sandboxId: row.id,
      orgId: row.org_id,
      userId: row.user_id,
      fileName: row.file_name,
      costSourceId: row.cost_source_id,
      runId: row.run_id,
      expiresAt: row.expires_at,
      file: row.period_start ? { rowCount: row.row_count, periodStart: row.period_start, periodEnd: row.period_end } : null,
    };
  }

  /**
   * Makes the sandbox the new account's organisation, in one transaction: its placeholder owner becomes the person
   * signing up, the organisation takes their name, and the expiry is cleared, so the deletion finds it claimed.
   * Returns the user to sign in.
   */
  async claim(token: string, account: SandboxClaim): Promise<{ sandboxId: string; userId: string }> {
    const hash = sandboxTokenHash(token);
    if (!hash) throw new SandboxUnavailableError();
    const passwordHash = await hashPassword(account.password);
    try {
      return await this.db.transaction(async (tx) => {
        const [sandbox] = await tx.query(
          'SELECT id, org_id, user_id FROM sandboxes WHERE token_hash = $1 AND claimed_at IS NULL AND expires_at > now() FOR UPDATE',
          [hash],
        );
        if (!sandbox) throw new SandboxUnavailableError();
        await tx.query('UPDATE organizations SET name = $2 WHERE id = $1', [sandbox.org_id, account.organizationName.trim()]);
        await tx.query('UPDATE users SET email = $2, name = $3, password_hash = $4, removed_at = NULL WHERE id = $1', [
          sandbox.user_id,
          account.email.trim(),
          account.name.trim(),
          passwordHash,
        ]);
        await tx.query('UPDATE sandboxes SET claimed_at = now(), expires_at = NULL WHERE id = $1', [sandbox.id]);
        return { sandboxId: sandbox.id as string, userId: sandbox.user_id as string };
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new EmailTakenError('An account with this email already exists. Log in instead, or reset your password.');
      throw error;
    }
  }

  /**
   * The deletion at the end of `sandbox-<id>`: the sandbox's organisation and everything of it, unless an account
   * claimed it. The row lock orders it with a claim running at the same moment. Deleting again deletes nothing.
   */
  async deleteUnclaimed(sandboxId: string): Promise<SandboxEnding> {
    return this.db.transaction(async (tx) => {
      const [sandbox] = await tx.query('SELECT org_id, claimed_at FROM sandboxes WHERE id = $1 FOR UPDATE', [sandboxId]);
      if (!sandbox) return 'deleted';
      if (sandbox.claimed_at) return 'claimed';
      await tx.query('DELETE FROM organizations WHERE id = $1', [sandbox.org_id]);
      return 'deleted';
    });
  }
}
