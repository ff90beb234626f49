import { ComponentFixture, TestBed } from '@angular/core/testing';
import { LoadState } from './load-state';
import { Loadable } from './loadable';

describe('LoadState', () => {
  let fixture: ComponentFixture<LoadState>;

  const show = async (loadable: Loadable<unknown>) => {
    fixture.componentRef.setInput('loadable', loadable);
    fixture.componentRef.setInput('label', 'Loading cost drivers');
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  };

  beforeEach(() => {
    TestBed.configureTestingModule({ imports: [LoadState] });
    fixture = TestBed.createComponent(LoadState);
  });

  it('shows a loading bar, announced by its label, while the data is on the way', async () => {
    const element = await show({ state: 'loading' });
    expect(element.querySelector('mat-progress-bar')?.getAttribute('aria-label')).toBe('Loading cost drivers');
    expect(element.querySelector('[role="alert"]')).toBeNull();
  });

  it('says why loading failed, as an alert, and stops showing the loading bar', async () => {
    const element = await show({ state: 'failed', message: 'The server could not be reached. Try again.' });
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('The server could not be reached. Try again.');
    expect(element.querySelector('mat-progress-bar')).toBeNull();
  });

  it('shows nothing once the data has loaded', async () => {
    const element = await show({ state: 'loaded', value: [] });
    expect(element.textContent?.trim()).toBe('');
  });
});
