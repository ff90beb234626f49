import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SavingsPanel } from './savings-panel';

describe('SavingsPanel', () => {
  it('says nothing is proven yet and shows no number', async () => {
    TestBed.configureTestingModule({ imports: [SavingsPanel], providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(SavingsPanel);
    const http = TestBed.inject(HttpTestingController);
    fixture.detectChanges();
    http.expectOne('/api/v1/metrics/savings').flush({
      status: 'not_proven',
      message: 'Nothing is proven yet. Savings and ROI appear here only once a proof run has measured them against your own cost data.',
    });
    await fixture.whenStable();

    const el = fixture.nativeElement as HTMLElement;
    expect(Array.from(el.querySelectorAll('h2, p'), (e) => e.textContent?.trim())).toEqual([
      'Savings and ROI',
      'Nothing is proven yet',
      'Savings and ROI appear here only once a proof run has measured them against your own cost data.',
    ]);
    expect(el.textContent).not.toMatch(/\d/);
    http.verify();
  });
});
