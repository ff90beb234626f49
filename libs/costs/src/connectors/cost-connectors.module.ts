import { Module } from '@nestjs/common';
import { CredentialsCipher } from '../credentials/credentials-cipher';
import { CostConnectorFactory } from './connector-factory';

/** Credential encryption and the provider connectors; needs AppConfig (the global ConfigModule). */
@Module({
  providers: [CredentialsCipher, CostConnectorFactory],
  exports: [CredentialsCipher, CostConnectorFactory],
})
export class CostConnectorsModule {}
