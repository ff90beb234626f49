import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { PROOF_ID, RECOMMENDATION_ID, report } from '../testing/proof-fixtures';
import { ProofReportView, ProofRowsRequest } from './proof-report-view';

describe('ProofReportView', () => {
  let fixture: ComponentFixture<ProofReportView>;

  function render(drillDown: boolean): HTMLElement {
    TestBed.configureTestingModule({ imports: [ProofReportView], providers: [provideNoopAnimations()] });
    fixture = TestBed.createComponent(ProofReportView);
    fixture.componentRef.setInput('report', report('verified'));
    fixture.componentRef.setInput('drillDown', drillDown);
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  it('on a shared link: the same figures, no way into rows and no internal id', () => {
    const view = render(false);
    expect(view.querySelector('[data-testid="proof-savings"]')?.textContent).toContain('$16.92');
    expect(view.querySelectorAll('button')).toHaveLength(0);
    expect(view.textContent).not.toContain(PROOF_ID);
    expect(view.textContent).not.toContain(RECOMMENDATION_ID);
  });

  it('in the portal: each figure and reporting day asks for its rows', () => {
    const view = render(true);
    const asked: ProofRowsRequest[] = [];
    fixture.componentInstance.rows.subscribe((request) => asked.push(request));
    view.querySelector<HTMLButtonElement>('[data-testid="proof-savings"] button')!.click();
    view.querySelector<HTMLButtonElement>('[data-testid="proof-days"] tbody tr button')!.click();
    expect(asked).toEqual([
      { period: 'reporting', day: null, label: 'Savings' },
      { period: 'reporting', day: '2026-11-15', label: 'Cost rows of 15 Nov 2026' },
    ]);
    expect(view.textContent).toContain(PROOF_ID);
  });
});
