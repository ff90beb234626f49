import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, ProblemType } from '@apex/contracts';
import { fieldErrorsOf, problemMessage } from './problem-message';

const problemResponse = (problem: ProblemDetails) =>
  new HttpErrorResponse({
    status: problem.status,
    statusText: problem.title,
    headers: new HttpHeaders({ 'content-type': PROBLEM_CONTENT_TYPE }),
    error: problem,
    url: '/api/v1/enterprise-inquiries',
  });

describe('problemMessage', () => {
  it('uses the title and detail of a problem', () => {
    const error = problemResponse({
      type: ProblemType.notFound,
      title: 'No such inquiry',
      status: 404,
      detail: 'No Enterprise inquiry has the id inq_1.',
    });
    expect(problemMessage(error)).toBe('No such inquiry. No Enterprise inquiry has the id inq_1.');
  });

  it('lists field errors instead of the developer-facing detail', () => {
    const error = problemResponse({
      type: ProblemType.validation,
      title: 'Your request has invalid fields',
      status: 400,
      detail: 'Correct the fields listed in `errors` and send the request again.',
      errors: [
        { field: 'email', message: 'email must be an email address' },
        { field: 'admin', message: 'property admin should not exist' },
      ],
    });
    expect(problemMessage(error)).toBe(
      'Your request has invalid fields. email must be an email address; property admin should not exist.',
    );
    expect(fieldErrorsOf(error).map((e) => e.field)).toEqual(['email', 'admin']);
  });

  it('adds the request id to server errors so support can find them', () => {
    const error = problemResponse({
      type: ProblemType.internal,
      title: 'Something went wrong on our side',
      status: 500,
      detail: 'The error has been logged.',
      requestId: 'req-42',
    });
    expect(problemMessage(error)).toBe('Something went wrong on our side. The error has been logged. Reference: req-42.');
  });

  it('parses a problem that arrived as text', () => {
    const error = new HttpErrorResponse({
      status: 413,
      error: JSON.stringify({ type: ProblemType.payloadTooLarge, title: 'The request body is too large', status: 413 }),
    });
    expect(problemMessage(error)).toBe('The request body is too large.');
  });

  it('explains a network failure', () => {
    const error = new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') });
    expect(problemMessage(error)).toBe('We could not reach Apex. Check your connection and try again.');
  });

  it('explains a gateway error without a problem body', () => {
    const error = new HttpErrorResponse({ status: 502, statusText: 'Bad Gateway', error: '<html>Bad gateway</html>' });
    expect(problemMessage(error)).toBe('Apex is temporarily unavailable (HTTP 502). Please try again in a moment.');
  });

  it('falls back to the HTTP status for other bodies', () => {
    const error = new HttpErrorResponse({ status: 418, statusText: "I'm a teapot", error: null });
    expect(problemMessage(error)).toBe("The request failed (HTTP 418 I'm a teapot). Please try again.");
  });

  it('handles errors that are not HTTP errors', () => {
    expect(problemMessage(new Error('boom'))).toBe('Something unexpected went wrong. Please try again.');
    expect(fieldErrorsOf(new Error('boom'))).toEqual([]);
  });
});
