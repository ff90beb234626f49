import { formatOf } from './focus-upload';

describe('formatOf: what an uploaded file was, as the upload answer shows it', () => {
  it('names the FOCUS version of a FOCUS file', () => {
    expect(formatOf({ focusVersion: '1.2', sourceFormat: null })).toBe('FOCUS 1.2');
  });

  it("names the provider's export a file was converted from, and the FOCUS version it became", () => {
    expect(formatOf({ focusVersion: '1.0', sourceFormat: { id: 'aws-cur-legacy', name: 'AWS Cost and Usage Report (legacy CSV)' } })).toBe(
      'AWS Cost and Usage Report (legacy CSV), converted to FOCUS 1.0',
    );
  });
});
