/** Why a cost connection request was refused; the API turns each into its problem. */
export abstract class CostConnectionError extends Error {}

/** The provider refused the credentials (or their access to cost data); the message is the provider's reason. */
export class CredentialsRejectedError extends CostConnectionError {
  override readonly name = 'CredentialsRejectedError';
}

/** The provider could not be reached, or was overloaded, while the credentials were checked. */
export class ProviderUnreachableError extends CostConnectionError {
  override readonly name = 'ProviderUnreachableError';
}

export class ConnectionNameTakenError extends CostConnectionError {
  override readonly name = 'ConnectionNameTakenError';
  constructor(name: string) {
    super(`Your organisation already has a connection named "${name}". Choose another name.`);
  }
}

export class ConnectionNotFoundError extends CostConnectionError {
  override readonly name = 'ConnectionNotFoundError';
  constructor(id: string) {
    super(`Your organisation has no cost connection with the id ${id}.`);
  }
}

/** Only connections that pull from a provider's API and are still connected can sync. */
export class ConnectionNotSyncableError extends CostConnectionError {
  override readonly name = 'ConnectionNotSyncableError';
}

/** Temporal did not take the request in time. */
export class IngestionUnavailableError extends CostConnectionError {
  override readonly name = 'IngestionUnavailableError';
}

/** CREDENTIALS_KEY is not configured: credentials can be neither checked into storage nor read back. */
export class CredentialsKeyNotConfiguredError extends CostConnectionError {
  override readonly name = 'CredentialsKeyNotConfiguredError';
  constructor() {
    super('The encryption key for provider credentials (CREDENTIALS_KEY) is not configured on this server, so nothing was saved.');
  }
}

/** Credentials or settings without the shape the provider needs; fields are named, values never repeated. */
export class InvalidConnectionFieldsError extends CostConnectionError {
  override readonly name = 'InvalidConnectionFieldsError';
  constructor(readonly errors: { field: string; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}
