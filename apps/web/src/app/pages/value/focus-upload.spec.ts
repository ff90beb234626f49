import { HttpErrorResponse, HttpEvent, HttpEventType, HttpResponse } from '@angular/common/http';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { BehaviorSubject, Subject } from 'rxjs';
import type { CostFileUploaded } from '@apex/contracts';
import { CostFileUploader, UploadProgress } from './cost-file-uploader';
import { FocusUpload } from './focus-upload';

const uploaded: CostFileUploaded = {
  sourceId: 's1',
  fileName: 'ai-spend.csv',
  focusVersion: '1.2',
  sourceFormat: null,
  rowCount: 7,
  periodStart: '2025-09-03T00:00:00Z',
  periodEnd: '2025-10-29T00:00:00Z',
  totals: [{ currency: 'USD', rowCount: 7, billedCost: '62.9134', effectiveCost: '62.9134' }],
  replaced: 0,
  warnings: [],
};

describe('FocusUpload', () => {
  let fixture: ComponentFixture<FocusUpload>;
  let sent: Subject<HttpEvent<CostFileUploaded>>;
  let files: File[];
  let emitted: CostFileUploaded[];
  let uploadIds: string[];
  let serverProgress: BehaviorSubject<UploadProgress | null>;
  let progressAsked: string[];

  beforeEach(async () => {
    files = [];
    uploadIds = [];
    progressAsked = [];
    serverProgress = new BehaviorSubject<UploadProgress | null>(null);
    TestBed.configureTestingModule({
      imports: [FocusUpload],
      providers: [
        {
          provide: CostFileUploader,
          useValue: {
            upload: (file: File, uploadId: string) => {
              files.push(file);
              uploadIds.push(uploadId);
              sent = new Subject();
              return sent;
            },
            progress: (uploadId: string) => {
              progressAsked.push(uploadId);
              return serverProgress;
            },
          },
        },
      ],
    });
    fixture = TestBed.createComponent(FocusUpload);
    emitted = [];
    fixture.componentInstance.uploaded.subscribe((value) => emitted.push(value));
    await fixture.whenStable();
  });

  const el = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) => el().querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
  const choose = async (file: File) => {
    const input = el().querySelector<HTMLInputElement>('[data-testid="focus-file-input"]')!;
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
    await fixture.whenStable();
  };
  const button = (label: string) => Array.from(el().querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  const push = async (event: HttpEvent<CostFileUploaded>) => {
    sent.next(event);
    await fixture.whenStable();
  };

  it('refuses a file that is not a CSV before sending anything', async () => {
    await choose(new File(['x'], 'invoice.pdf'));
    expect(text('[data-testid="upload-error"]')).toBe('invoice.pdf is not a CSV file: choose a FOCUS export ending in .csv or .csv.gz.');
    expect(button('Upload')).toBeUndefined();
  });

  it('sends the chosen file, shows how much has gone up, then what was loaded', async () => {
    const file = new File(['BilledCost\n1\n'], 'ai-spend.csv', { type: 'text/csv' });
    await choose(file);
    expect(text('[data-testid="chosen-file"]')).toBe('ai-spend.csv · 13 bytes');
    button('Upload')!.click();
    await fixture.whenStable();
    expect(files).toEqual([file]);

    await push({ type: HttpEventType.UploadProgress, loaded: 6, total: 13 });
    expect(el().textContent).toContain('Uploading… 46%');
    await push({ type: HttpEventType.UploadProgress, loaded: 13, total: 13 });
    expect(el().textContent).toContain('Uploaded. Checking every row and loading it…');

    await push(new HttpResponse({ status: 201, body: uploaded }));
    expect(Array.from(el().querySelectorAll('[data-testid="upload-result"] p'), (p) => p.textContent?.trim())).toEqual([
      'Loaded 7 rows of ai-spend.csv (FOCUS 1.2), covering 3 Sep 2025 – 28 Oct 2025.',
      'USD: 7 rows, effective cost $62.9134, billed cost $62.9134.',
    ]);
    expect(emitted).toEqual([uploaded]);
  });

  it("lists the server's line and column errors of a refused file", async () => {
    await choose(new File(['x'], 'broken.csv.gz'));
    button('Upload')!.click();
    await fixture.whenStable();
    sent.error(
      new HttpErrorResponse({
        status: 422,
        error: {
          type: 'https://apex.dev/problems/cost-file-invalid',
          title: 'The file is not a valid FOCUS file',
          status: 422,
          errors: [
            { field: 'BilledCost', file: 'broken.csv.gz', line: 5, column: 'BilledCost', message: 'must be a decimal number, not "12,50"' },
            { field: 'file', file: 'broken.csv.gz', line: null, column: null, message: 'the file ends in the middle of a row' },
          ],
          moreErrors: 3,
        },
      }),
    );
    await fixture.whenStable();

    const items = Array.from(el().querySelectorAll('[data-testid="upload-error"] li'), (li) => li.textContent?.trim());
    expect(items).toEqual(['Line 5, column BilledCost: must be a decimal number, not "12,50"', 'the file ends in the middle of a row']);
    expect(text('[data-testid="upload-error"]')).toContain('The file is not a valid FOCUS file. Nothing of it was loaded.');
    expect(text('[data-testid="upload-error"]')).toContain('…and 3 more problems.');
    expect(emitted).toEqual([]);
  });

  it('says plainly when the file is too large', async () => {
    await choose(new File(['x'], 'huge.csv'));
    button('Upload')!.click();
    await fixture.whenStable();
    sent.error(
      new HttpErrorResponse({
        status: 413,
        error: { type: 'https://apex.dev/problems/payload-too-large', title: 'The file is too large', status: 413, detail: 'Files up to 1 GB are accepted.' },
      }),
    );
    await fixture.whenStable();
    expect(text('[data-testid="upload-error"]')).toBe('The file is too large. Files up to 1 GB are accepted.');
  });

  it('shows the bytes sent and the rows the server has read, and a cancelled upload is aborted', async () => {
    const afterNextPoll = () => new Promise((resolve) => setTimeout(resolve, 1100));
    {
      const file = new File(['x'.repeat(4096)], 'big.csv', { type: 'text/csv' });
      await choose(file);
      button('Upload')!.click();
      await fixture.whenStable();
      expect(uploadIds[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await push({ type: HttpEventType.UploadProgress, loaded: 1024, total: 4096 });
      expect(text('[data-testid="upload-progress"]')).toBe('Uploading… 25% · 1.0 KB of 4.0 KB');

      serverProgress.next({ uploadId: uploadIds[0], state: 'loading', receivedBytes: 1024, rows: 1200 });
      await afterNextPoll();
      await fixture.whenStable();
      expect(progressAsked[0]).toBe(uploadIds[0]);
      expect(text('[data-testid="upload-progress"]')).toBe('Uploading… 25% · 1.0 KB of 4.0 KB · 1,200 rows read');

      await push({ type: HttpEventType.UploadProgress, loaded: 4096, total: 4096 });
      serverProgress.next({ uploadId: uploadIds[0], state: 'loading', receivedBytes: 4096, rows: 35000 });
      await afterNextPoll();
      await fixture.whenStable();
      expect(text('[data-testid="upload-progress"]')).toBe('Uploaded. Checking every row and loading it… 35,000 rows read so far.');

      expect(sent.observed).toBe(true);
      (el().querySelector('[data-testid="cancel-upload"]') as HTMLButtonElement).click();
      await fixture.whenStable();
      // Unsubscribing is what aborts the XHR, and the server then rolls the load back.
      expect(sent.observed).toBe(false);
      expect(serverProgress.observed).toBe(false);
      expect(text('[data-testid="upload-cancelled"]')).toBe('Upload cancelled. Nothing of it was stored.');
      expect(el().querySelector('[data-testid="upload-progress"]')).toBeNull();
      expect(button('Upload')?.disabled).toBe(false);
      expect(emitted).toEqual([]);
    }
  });
});
