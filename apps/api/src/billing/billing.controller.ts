import { Body, Controller, Delete, Get, Headers, HttpCode, Post, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BillingOverview, BillingRedirect, Principal, SubscriptionView, TrialStarted } from '@apex/contracts';
import { BillingOverviewService, PaymentService } from '@apex/billing';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { SessionOnly } from '../auth/session-only.decorator';
import { VerifiedEmailGuard } from '../auth/verified-email.guard';
import { BillingProblemsFilter } from './billing-problems.filter';
import { ChangePlanDto, CreateCheckoutDto } from './billing.dto';

/**
 * The organisation's billing. Reading is for every member; changes are for owners, signed in in person.
 * With `payments_enabled` off every change answers a payments-disabled problem and nothing reaches Stripe.
 */
@ApiTags('billing')
@ApiBearerAuth()
@UseFilters(BillingProblemsFilter)
@Controller('billing')
export class BillingController {
  constructor(
    private readonly payments: PaymentService,
    private readonly overviews: BillingOverviewService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organisation's plan, price rule with this period's estimate, payment method, invoices and trial" })
  overview(@CurrentPrincipal() principal: Principal): Promise<BillingOverview> {
    return this.overviews.overview(principal.orgId);
  }

  @Post('checkout')
  @SessionOnly()
  @ApiOperation({ summary: 'A Stripe Checkout page to buy Early or Mid (owners)' })
  checkout(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateCheckoutDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<BillingRedirect> {
    return this.payments.createCheckoutSession(principal.userId, body.tier, key);
  }

  @Post('portal')
  @SessionOnly()
  @ApiOperation({ summary: 'A Stripe customer portal session: payment methods, invoices, billing details (owners)' })
  portal(@CurrentPrincipal() principal: Principal, @Headers('idempotency-key') key?: string): Promise<BillingRedirect> {
    return this.payments.createPortalSession(principal.userId, key);
  }

  @Post('subscription')
  @HttpCode(200)
  @SessionOnly()
  @ApiOperation({ summary: 'Change the plan of the running subscription now, prorated (owners)' })
  changePlan(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePlanDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<SubscriptionView> {
    return this.payments.changePlan(principal.userId, body.tier, key);
  }

  @Delete('subscription')
  @SessionOnly()
  @ApiOperation({ summary: 'Cancel the subscription at the end of the current period (owners)' })
  cancel(@CurrentPrincipal() principal: Principal, @Headers('idempotency-key') key?: string): Promise<SubscriptionView> {
    return this.payments.cancelSubscription(principal.userId, key);
  }

  @Post('trial')
  @SessionOnly()
  @UseGuards(VerifiedEmailGuard)
  @ApiOperation({ summary: "Start the organisation's one trial of Early (owners with a verified email)" })
  startTrial(@CurrentPrincipal() principal: Principal): Promise<TrialStarted> {
    return this.payments.startTrial(principal.userId);
  }
}
