import { Injectable, Logger } from '@nestjs/common';
import type { SignUpRequest } from '@apex/contracts';
import { AccountsService, EmailTakenError, EmailVerificationService, SignUpOutcome } from '@apex/accounts';
import { SandboxesService } from '@apex/sandbox';
import { sandboxProblem } from './sandbox-problems';
import { SandboxWorkflows } from './sandbox-workflows';

/**
 * Sign-up that keeps a sandbox: the sandbox's organisation, with its cost rows, run and recommendations, becomes the
 * new account's, in one transaction; then its deletion workflow is told to end. An email that has an account already
 * claims nothing, and is answered like any sign-up.
 */
@Injectable()
export class SandboxSignUp {
  private readonly logger = new Logger(SandboxSignUp.name);

  constructor(
    private readonly sandboxes: SandboxesService,
    private readonly workflows: SandboxWorkflows,
    private readonly accounts: AccountsService,
    private readonly verifications: EmailVerificationService,
  ) {}

  async signUp(request: SignUpRequest, sandboxToken: string): Promise<SignUpOutcome> {
    let claimed: { sandboxId: string; userId: string };
    try {
      claimed = await this.sandboxes.claim(sandboxToken, request);
    } catch (error) {
      if (error instanceof EmailTakenError) return this.accounts.emailTaken(request.email);
      throw sandboxProblem(error);
    }
    await this.workflows.claimed(claimed.sandboxId).catch((error: Error) => this.logger.warn(`sandbox-${claimed.sandboxId} was not signalled (${error.message}); it will find the claim itself`));
    const verification = await this.verifications.create(claimed.userId);
    return { kind: 'created', userId: claimed.userId, verificationId: verification?.verificationId ?? null };
  }
}
