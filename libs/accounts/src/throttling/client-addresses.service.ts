import { Injectable } from '@nestjs/common';
import { BlockList } from 'node:net';
import { AppConfig } from '@apex/config';
import { clientAddress, RequestOrigin, trustedProxyList } from './client-address';

/** The client address of a request, believing X-Forwarded-For only from the configured trusted proxies. */
@Injectable()
export class ClientAddresses {
  private readonly trusted: BlockList;

  constructor(config: AppConfig) {
    this.trusted = trustedProxyList(config.throttling.trustedProxies);
  }

  of(request: RequestOrigin): string {
    return clientAddress(request, this.trusted);
  }
}
