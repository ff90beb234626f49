import { Catch } from '@nestjs/common';
import { ProblemDetails, ProblemType } from '@apex/contracts';
import {
  ConnectionNameTakenError,
  ConnectionNotFoundError,
  ConnectionNotSyncableError,
  CostConnectionError,
  CredentialsKeyNotConfiguredError,
  CredentialsRejectedError,
  IngestionUnavailableError,
  InvalidConnectionFieldsError,
  ProviderUnreachableError,
} from '@apex/costs';
import { problemsFilter } from '@apex/http';

function problemFor(error: CostConnectionError): ProblemDetails {
  const detail = error.message;
  if (error instanceof InvalidConnectionFieldsError) {
    return {
      type: ProblemType.validation,
      title: 'Your request has invalid fields',
      status: 400,
      detail: 'Correct the fields listed in `errors` and send the request again. Nothing was saved.',
      errors: error.errors,
    };
  }
  if (error instanceof CredentialsKeyNotConfiguredError) {
    return {
      type: ProblemType.costCredentialsKeyMissing,
      title: 'Credentials cannot be stored yet',
      status: 503,
      detail: 'The encryption key for provider credentials (CREDENTIALS_KEY) is not configured on this server, so nothing was saved. Ask your administrator to set it.',
    };
  }
  if (error instanceof CredentialsRejectedError) {
    return { type: ProblemType.costCredentialsRejected, title: 'The provider refused these credentials', status: 422, detail: `${detail} Nothing was saved.` };
  }
  if (error instanceof ProviderUnreachableError) {
    return { type: ProblemType.serviceUnavailable, title: 'The provider could not check the credentials', status: 503, detail: `${detail} Nothing was saved; try again.` };
  }
  if (error instanceof ConnectionNameTakenError) return { type: ProblemType.conflict, title: 'Name already in use', status: 409, detail };
  if (error instanceof ConnectionNotFoundError) return { type: ProblemType.notFound, title: 'No such cost connection', status: 404, detail };
  if (error instanceof ConnectionNotSyncableError) return { type: ProblemType.conflict, title: 'This connection cannot sync', status: 409, detail };
  if (error instanceof IngestionUnavailableError) return { type: ProblemType.serviceUnavailable, title: 'Cost ingestion is unavailable', status: 503, detail };
  return { type: ProblemType.internal, title: 'Something went wrong on our side', status: 500 };
}

/** Turns the cost connection library's refusals into their problem+json answers. */
@Catch(CostConnectionError)
export class CostConnectionProblemsFilter extends problemsFilter(problemFor) {}
