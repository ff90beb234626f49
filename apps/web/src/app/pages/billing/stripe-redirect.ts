import { DOCUMENT } from '@angular/common';
import { inject, Injectable } from '@angular/core';

/** The API answered with an address the portal will not open. */
export class RedirectRefused extends Error {
  override name = 'RedirectRefused';
}

/** Sends the browser to a page Stripe hosts (Checkout, the customer portal); the app is left behind. */
@Injectable({ providedIn: 'root' })
export class StripeRedirect {
  private readonly document = inject(DOCUMENT);

  /** Only web addresses are followed: an answer holding anything else (a javascript: URL, say) is refused. */
  go(url: string): void {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new RedirectRefused(`The payment provider sent an address that is not a web page: ${url}`);
    }
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      throw new RedirectRefused(`The payment provider sent an address that is not a web page: ${url}`);
    }
    this.document.location.assign(target.href);
  }
}
