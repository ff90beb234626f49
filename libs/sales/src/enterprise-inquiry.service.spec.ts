import { createMigratedDataSource } from '@apex/testing';
import { EnterpriseInquiryService, newInquiryStatusToken } from './enterprise-inquiry.service';

describe('EnterpriseInquiryService', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let inquiries: EnterpriseInquiryService;
  const input = { email: 'Ada@Example.com', name: ' Ada  Lovelace ', company: 'Engines', message: '' };
  const token = newInquiryStatusToken();
  let id: string;

  beforeAll(async () => {
    db = await createMigratedDataSource();
    inquiries = new EnterpriseInquiryService(db.dataSource);
  });
  afterAll(() => db?.close());

  it('opens the normalised inquiry once under a random id, however often the same content comes', async () => {
    const opened = await inquiries.open(input, token);
    expect(opened).toEqual({ id: expect.stringMatching(/^inq_[0-9a-f]{24}$/), created: true });
    id = opened.id;
    expect(await inquiries.open({ ...input, email: 'ADA@example.com', company: 'ENGINES' }, newInquiryStatusToken())).toEqual({ id, created: false });
    await inquiries.record(id, input);

    const rows = await db.dataSource.query('SELECT id, email, name, message FROM enterprise_inquiries');
    expect(rows).toEqual([{ id, email: 'ada@example.com', name: 'Ada Lovelace', message: null }]);
    expect(await inquiries.statusFor(id, token)).toEqual({ id, status: 'received' });
  });

  it('gives two different inquiries unrelated ids', async () => {
    const other = await inquiries.open({ ...input, company: 'Difference Engines' }, newInquiryStatusToken());
    expect(other.created).toBe(true);
    expect(other.id).not.toBe(id);
  });

  it('shows the status only to the holder of the token', async () => {
    expect(await inquiries.statusFor(id, newInquiryStatusToken())).toBeNull();
    expect(await inquiries.statusFor('inq_ffffffffffffffffffffffff', token)).toBeNull();
  });

  it('marks an inquiry acknowledged once', async () => {
    await inquiries.markAcknowledged(id);
    await inquiries.markAcknowledged(id);
    expect(await inquiries.statusFor(id, token)).toEqual({ id, status: 'acknowledged' });
  });
});
