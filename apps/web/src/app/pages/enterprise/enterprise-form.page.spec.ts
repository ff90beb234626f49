import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { ProblemType } from '@apex/contracts';
import { EnterpriseFormPage } from './enterprise-form.page';

const URL = '/api/v1/enterprise-inquiries';

describe('EnterpriseFormPage', () => {
  let fixture: ComponentFixture<EnterpriseFormPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [EnterpriseFormPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    fixture = TestBed.createComponent(EnterpriseFormPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    http = TestBed.inject(HttpTestingController);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const field = (label: string) => loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const fill = async (label: string, value: string) => {
    const input = await (await field(label)).getControl(MatInputHarness);
    await input?.setValue(value);
  };
  const send = async () => (await loader.getHarness(MatButtonHarness.with({ text: 'Send inquiry' }))).click();
  const errorsOf = async (label: string) => (await field(label)).getTextErrors();
  const banner = () => (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent?.trim();

  const fillValid = async () => {
    await fill('Work email', ' ada@example.com ');
    await fill('Your name', 'Ada Lovelace');
    await fill('Company', 'Analytical Engines Ltd');
  };

  it('labels every field', async () => {
    for (const label of ['Work email', 'Your name', 'Company', 'Message (optional)']) {
      expect(await (await field(label)).getControl()).toBeTruthy();
    }
  });

  it('blocks submitting invalid input and shows why', async () => {
    await fill('Work email', 'not-an-email');
    await fill('Company', 'x'.repeat(161));
    await fill('Message (optional)', 'y'.repeat(4001));
    await send();

    http.expectNone(URL);
    expect(await errorsOf('Work email')).toEqual(['Enter a valid email address, like ada@example.com.']);
    expect(await errorsOf('Your name')).toEqual(['Enter your name.']);
    expect(await errorsOf('Company')).toEqual(['Use at most 160 characters.']);
    expect(await errorsOf('Message (optional)')).toEqual(['Use at most 4000 characters.']);
  });

  it('treats a blank name as missing', async () => {
    await fillValid();
    await fill('Your name', '   ');
    await send();

    http.expectNone(URL);
    expect(await errorsOf('Your name')).toEqual(['Enter your name.']);
  });

  it('sends the trimmed inquiry and opens its status page', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await fillValid();
    await send();

    const request = http.expectOne({ method: 'POST', url: URL });
    expect(request.request.body).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines Ltd' });
    request.flush({ id: 'inq_1', workflowId: 'enterprise-inquiry-inq_1', started: true, statusToken: 't'.repeat(43) }, { status: 202, statusText: 'Accepted' });
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith(['/enterprise/inquiries', 'inq_1'], { state: { alreadyOnRecord: false }, queryParams: { token: 't'.repeat(43) } });
  });

  it('puts server-side field errors on the matching fields', async () => {
    await fillValid();
    await fill('Message (optional)', 'We spend a lot on GPT-class models.');
    await send();

    http.expectOne(URL).flush(
      {
        type: ProblemType.validation,
        title: 'Your request has invalid fields',
        status: 400,
        detail: 'Correct the fields listed in `errors` and send the request again.',
        errors: [
          { field: 'email', message: 'email must be an email address' },
          { field: 'company', message: 'company must be shorter than or equal to 160 characters' },
        ],
      },
      { status: 400, statusText: 'Bad Request', headers: { 'content-type': 'application/problem+json' } },
    );
    await fixture.whenStable();

    expect(await errorsOf('Work email')).toEqual(['Email must be an email address']);
    expect(await errorsOf('Company')).toEqual(['Company must be shorter than or equal to 160 characters']);
    expect(await errorsOf('Your name')).toEqual([]);
    expect(banner()).toBe('Your request has invalid fields. Check the highlighted fields.');
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Send inquiry' }))).isDisabled()).toBe(false);
  });

  it('shows a readable message when the API cannot be reached', async () => {
    await fillValid();
    await send();

    http.expectOne(URL).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await fixture.whenStable();

    expect(banner()).toBe('We could not reach Apex. Check your connection and try again.');
  });
});
