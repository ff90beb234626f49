import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { EnterpriseInquiryWorkflowInput, SendEmailRequest } from '@apex/contracts';
import { enterpriseInquiryWorkflowName } from '@apex/contracts';
import { workflowBundleOptions } from '@apex/temporal';
import { createTimeSkippingEnv, workspaceRoot } from '@apex/testing';

const input: EnterpriseInquiryWorkflowInput = {
  id: 'inq_0123456789abcdef01234567',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  company: 'Analytical Engines',
  message: '',
  statusUrl: 'http://portal.test/enterprise/inquiries/inq_0123456789abcdef01234567',
  salesInbox: 'sales@apex.test',
};

describe('enterpriseInquiryWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await createTimeSkippingEnv();
  });
  afterAll(() => env?.teardown());

  async function run(activities: object, workflowId: string) {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: workflowId,
      activities,
      ...(({ workflowsPath, webpackConfigHook }) => ({ workflowsPath, bundlerOptions: { webpackConfigHook } }))(
        workflowBundleOptions(workspaceRoot),
      ),
    });
    return worker.runUntil(
      env.client.workflow.execute(enterpriseInquiryWorkflowName, { args: [input], workflowId, taskQueue: workflowId }),
    );
  }

  it('records, emails both parties with distinct idempotency keys, then acknowledges', async () => {
    const calls: string[] = [];
    const emails: SendEmailRequest[] = [];
    await run(
      {
        recordInquiry: async () => void calls.push('record'),
        sendEmail: async (request: SendEmailRequest) => {
          calls.push('email');
          emails.push(request);
          return { status: 'sent', messageId: '<x@test>' };
        },
        markInquiryAcknowledged: async () => void calls.push('acknowledge'),
      },
      'inquiry-happy',
    );
    expect(calls).toEqual(['record', 'email', 'email', 'acknowledge']);
    expect(emails.map((e) => [e.to, e.template, e.idempotencyKey]).sort()).toEqual([
      ['ada@example.com', 'enterprise-inquiry-received', `enterprise-inquiry-ack:${input.id}`],
      ['sales@apex.test', 'enterprise-inquiry-sales-notice', `enterprise-inquiry-sales-notice:${input.id}`],
    ]);
    expect(emails[0].vars).toMatchObject({ message: '(no message)', statusUrl: input.statusUrl });
  });

  it('keeps retrying a failing email send with backoff and acknowledges only after it went out', async () => {
    let failures = 0;
    const acknowledged: number[] = [];
    await run(
      {
        recordInquiry: async () => undefined,
        sendEmail: async (request: SendEmailRequest) => {
          if (request.to === 'ada@example.com' && failures < 3) {
            failures += 1;
            throw new Error('SMTP server unavailable');
          }
          return { status: 'sent', messageId: '<x@test>' };
        },
        markInquiryAcknowledged: async () => void acknowledged.push(failures),
      },
      'inquiry-retry',
    );
    expect(failures).toBe(3);
    expect(acknowledged).toEqual([3]);
  });
});
