import { Controller, Headers, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ProblemType } from '@apex/contracts';
import { PaymentService, StripeGateway, VerifiedStripeEvent, WebhookReceipt, WebhookVerificationError } from '@apex/billing';
import { ProblemException } from '@apex/http';
import { Public } from '../auth/public.decorator';
import { BillingProblemsFilter } from './billing-problems.filter';

const invalid = (detail: string) =>
  new ProblemException({ type: ProblemType.invalidWebhook, title: 'This is not a valid Stripe webhook', status: 400, detail });

/**
 * Stripe's events. The signature is checked on the raw body (configure-http gives this route the bytes as
 * received), then each event is handled once by its id; a repeated delivery answers 200 and changes nothing.
 */
@Public()
@ApiTags('billing')
@UseFilters(BillingProblemsFilter)
@Controller('billing/webhook')
export class BillingWebhookController {
  constructor(
    private readonly payments: PaymentService,
    private readonly stripe: StripeGateway,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Stripe webhook events (signed by Stripe)' })
  async receive(@Req() req: Request, @Headers('stripe-signature') signature?: string): Promise<WebhookReceipt> {
    await this.payments.requirePaymentsEnabled();
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw invalid('The request has no body.');
    let event: VerifiedStripeEvent;
    try {
      event = this.stripe.verifyWebhook(req.body, signature);
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw invalid(error.message);
      throw error;
    }
    return this.payments.handleWebhook(event);
  }
}
