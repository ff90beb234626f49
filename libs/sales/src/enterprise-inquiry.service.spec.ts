import { createMigratedDataSource } from '@apex/testing';
import { EnterpriseInquiryService, inquiryIdFor } from './enterprise-inquiry.service';

describe('EnterpriseInquiryService', () => {
  let db: Awaited<ReturnType<typeof createMigratedDataSource>>;
  let inquiries: EnterpriseInquiryService;
  const input = { email: 'Ada@Example.com', name: ' Ada  Lovelace ', company: 'Engines', message: '' };

  beforeAll(async () => {
    db = await createMigratedDataSource();
    inquiries = new EnterpriseInquiryService(db.dataSource);
  });
  afterAll(() => db?.close());

  it('stores the normalised inquiry once, however often it is recorded', async () => {
    const id = inquiryIdFor(input);
    await Promise.all([inquiries.record(id, input), inquiries.record(id, input)]);
    await inquiries.record(id, input);

    const rows = await db.dataSource.query('SELECT id, email, name, message FROM enterprise_inquiries');
    expect(rows).toEqual([{ id, email: 'ada@example.com', name: 'Ada Lovelace', message: null }]);
    expect((await inquiries.find(id))?.status).toBe('received');
  });

  it('marks an inquiry acknowledged once and keeps the first time', async () => {
    const id = inquiryIdFor(input);
    await inquiries.markAcknowledged(id);
    const first = (await inquiries.find(id))?.acknowledgedAt;
    await inquiries.markAcknowledged(id);
    expect((await inquiries.find(id))?.acknowledgedAt).toBe(first);
    expect((await inquiries.find(id))?.status).toBe('acknowledged');
  });

  it('finds nothing for an unknown id', async () => {
    expect(await inquiries.find('inq_ffffffffffffffffffffffff')).toBeNull();
  });
});
