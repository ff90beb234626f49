import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { RunWindowView } from '@apex/contracts';
import { UsageCard } from './usage-card';

describe('UsageCard', () => {
  let fixture: ComponentFixture<UsageCard>;
  let freed: number;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date(2026, 0, 6, 9, 27, 0) });
    fixture = TestBed.createComponent(UsageCard);
    freed = 0;
    fixture.componentInstance.slotFreed.subscribe(() => freed++);
  });

  afterEach(() => jest.useRealTimers());

  const show = (runs: Partial<RunWindowView>) => {
    fixture.componentRef.setInput('usage', { limit: 3, used: 0, remaining: 3, windowSeconds: 18000, resetAt: null, ...runs });
    fixture.detectChanges();
  };
  const el = () => fixture.nativeElement as HTMLElement;
  const text = () => el().textContent?.replace(/\s+/g, ' ') ?? '';
  const countdown = () => el().querySelector('[data-testid="countdown"]')?.textContent?.trim();
  const advance = (ms: number) => {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  };

  it('shows the runs used against the limit, as text and as a bar', () => {
    show({ used: 1, remaining: 2, resetAt: new Date(2026, 0, 6, 14, 27).toISOString() });
    expect(el().querySelector('[data-testid="usage-count"]')?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '1 of 3 runs used in the last 5 hours',
    );
    expect(el().querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')).toBe('33');
    expect(text()).toContain('2 runs left.');
  });

  it('counts down to the next free slot every second and says when it is', () => {
    show({ used: 3, remaining: 0, resetAt: new Date(2026, 0, 6, 9, 28, 5).toISOString() });
    expect(text()).toContain('No runs left until a slot frees.');
    expect(countdown()).toBe('1m 05s');
    expect(text()).toContain('(at 09:28)');

    advance(1000);
    expect(countdown()).toBe('1m 04s');
    advance(60_000);
    expect(countdown()).toBe('4s');
    expect(freed).toBe(0);

    advance(4000);
    expect(countdown()).toBe('now');
    expect(freed).toBe(1);
    advance(3000);
    expect(freed).toBe(1);
  });

  it('never counts down from more than one window, even when the clock has not ticked yet', () => {
    show({ used: 1, remaining: 2, windowSeconds: 18000, resetAt: new Date(2026, 0, 6, 14, 27, 0, 600).toISOString() });
    expect(countdown()).toBe('5h 00m 00s');
  });

  it('shows no countdown while nothing is in the window', () => {
    show({});
    expect(text()).toContain('0 of 3 runs used');
    expect(countdown()).toBeUndefined();
  });
});
