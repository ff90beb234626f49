import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { workspaceRoot } from './workspace-root';

/** A webhook signing secret for tests (the shape Stripe's have). */
export const TEST_STRIPE_WEBHOOK_SECRET = 'whsec_test_apex_billing_webhooks_0000000000';

type Json = Record<string, unknown>;

export const STRIPE_FIXTURES = [
  'checkout.session.completed',
  'subscription.created',
  'subscription.updated',
  'subscription.deleted',
  'invoice.payment_failed',
] as const;
export type StripeFixture = (typeof STRIPE_FIXTURES)[number];

/** A fresh copy of the `data.object` of a recorded Stripe event (libs/billing/fixtures, see its README). */
export function stripeFixtureObject(name: StripeFixture): Json {
  const data = JSON.parse(readFileSync(join(workspaceRoot, 'libs/billing/fixtures', `${name}.data.json`), 'utf8'));
  return data.object as Json;
}

let sequence = 0;
/** An event id that sorts after every earlier one made in this process (real ids do not sort; ties never matter here). */
export const stripeEventId = () => `evt_test_${String(++sequence).padStart(8, '0')}${randomBytes(6).toString('hex')}`;

export interface StripeEventOptions {
  id?: string;
  /** Whole seconds since the epoch; now by default. */
  created?: number;
}

/** A Stripe event envelope around `object`, as Stripe sends it. */
export function stripeEvent(type: string, object: Json, options: StripeEventOptions = {}): Json {
  return {
    id: options.id ?? stripeEventId(),
    object: 'event',
    api_version: '2026-10-28.endive',
    created: options.created ?? Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** The Stripe-Signature header for `payload`, made by the SDK's own test helper. */
export function signStripePayload(
  payload: string,
  options: { secret?: string; timestamp?: number } = {},
): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? TEST_STRIPE_WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
}

/** POSTs a signed event to the API's webhook endpoint, pretty-printed as Stripe sends it. */
export function postStripeWebhook(
  apiUrl: string,
  event: Json | string,
  options: { secret?: string; timestamp?: number; signature?: string | null } = {},
): Promise<Response> {
  const payload = typeof event === 'string' ? event : JSON.stringify(event, null, 2);
  const signature = options.signature === undefined ? signStripePayload(payload, options) : options.signature;
  return fetch(`${apiUrl}/api/v1/billing/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(signature === null ? {} : { 'stripe-signature': signature }),
    },
    body: payload,
  });
}
