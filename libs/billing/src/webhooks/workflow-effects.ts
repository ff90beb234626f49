import { Injectable, Logger } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { AppConfig } from '@apex/config';
import {
  billingPeriodRenewedSignal,
  billingPeriodSubscriptionEndedSignal,
  billingPeriodWorkflowId,
  billingPeriodWorkflowName,
  billingPeriodWorkflowStartPolicy,
  dunningInvoicePaidSignal,
  dunningWorkflowId,
  dunningWorkflowName,
  dunningWorkflowStartPolicy,
  trialCancelledSignal,
  trialConvertedSignal,
  trialPaymentMethodAddedSignal,
  trialWorkflowId,
} from '@apex/contracts';
import { StripeGateway } from '../stripe/stripe-gateway';
import type { WorkflowEffect } from './reduction';

/**
 * Delivers what webhook events decided beyond the database: workflow starts and signals, and the cancellation at
 * Stripe of a self-serve subscription that started beside an Enterprise contract. Starting a workflow that already
 * ran and signalling one that is not running are both normal (a late or repeated event) and succeed quietly; a
 * Temporal or Stripe outage throws, so the event's effects are delivered again with its next delivery.
 */
@Injectable()
export class WorkflowEffects {
  private readonly logger = new Logger(WorkflowEffects.name);

  constructor(
    private readonly temporal: Client,
    private readonly config: AppConfig,
    private readonly stripe: StripeGateway,
  ) {}

  async deliver(effects: readonly WorkflowEffect[]): Promise<void> {
    for (const effect of effects) await this.deliverOne(effect);
  }

  private async deliverOne(effect: WorkflowEffect): Promise<void> {
    switch (effect.kind) {
      case 'startBillingPeriod':
        return this.start(
          billingPeriodWorkflowName,
          billingPeriodWorkflowId(effect.input.subscriptionId),
          { ...effect.input, settleAfterMs: this.config.billing.settleAfterHours * 3_600_000 },
          billingPeriodWorkflowStartPolicy,
        );
      case 'startDunning':
        return this.start(dunningWorkflowName, dunningWorkflowId(effect.input.invoiceId), effect.input, dunningWorkflowStartPolicy);
      case 'billingPeriodRenewed':
        return this.signal(billingPeriodWorkflowId(effect.subscriptionId), billingPeriodRenewedSignal, effect.signal);
      case 'billingPeriodEnded':
        return this.signal(billingPeriodWorkflowId(effect.subscriptionId), billingPeriodSubscriptionEndedSignal, effect.signal);
      case 'dunningInvoicePaid':
        return this.signal(dunningWorkflowId(effect.invoiceId), dunningInvoicePaidSignal, effect.signal);
      case 'trialPaymentMethodAdded':
        return this.signal(trialWorkflowId(effect.orgId), trialPaymentMethodAddedSignal, effect.signal);
      case 'trialConverted':
        return this.signal(trialWorkflowId(effect.orgId), trialConvertedSignal, effect.signal);
      case 'trialCancelled':
        return this.signal(trialWorkflowId(effect.orgId), trialCancelledSignal, effect.signal);
      case 'cancelSubscription':
        return void (await this.stripe.cancelNow(effect.subscriptionId, effect.idempotencyKey));
    }
  }

  private async start(
    workflowType: string,
    workflowId: string,
    input: unknown,
    policy: { workflowIdConflictPolicy: 'FAIL' | 'USE_EXISTING'; workflowIdReusePolicy: 'REJECT_DUPLICATE' },
  ): Promise<void> {
    try {
      await this.temporal.workflow.start(workflowType, {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
        ...policy,
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
  }

  private async signal(workflowId: string, signal: string, payload: unknown): Promise<void> {
    try {
      await this.temporal.workflow.getHandle(workflowId).signal(signal, payload);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      this.logger.debug(`${workflowId} is not running; signal ${signal} dropped`);
    }
  }
}
