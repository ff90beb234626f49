import { Decimal } from '../decimal';
import { savingsOf } from './savings';

const d = (date: string, actual: string, routine: string, nonRoutine = '0') => ({
  date,
  actual: Decimal.of(actual),
  routineBaseline: Decimal.of(routine),
  nonRoutineAdjustment: Decimal.of(nonRoutine),
  adjustedBaseline: Decimal.of(routine).plus(nonRoutine),
});

describe('savings', () => {
  it('are adjusted baseline − actual, per day and in total, with F = savings ÷ adjusted baseline', () => {
    const savings = savingsOf([d('2026-03-11', '60', '100'), d('2026-03-12', '75.5', '120', '-20')]);
    // Day 1: 100 − 60 = 40; day 2: (120 − 20) − 75.5 = 24.5. Total 200 − 135.5 = 64.5; F = 64.5 ÷ 200 = 0.3225.
    expect(savings.days.map((day) => day.savings.toString())).toEqual(['40', '24.5']);
    expect(savings.adjustedBaseline.toString()).toBe('200');
    expect(savings.routineBaseline.toString()).toBe('220');
    expect(savings.nonRoutineAdjustment.toString()).toBe('-20');
    expect(savings.actual.toString()).toBe('135.5');
    expect(savings.savings.toString()).toBe('64.5');
    expect(savings.fraction?.toString()).toBe('0.3225');
  });

  it('are negative when the scope cost more, and have no fraction without a baseline', () => {
    // 90 − 99 = −9; F = −9 ÷ 90 = −0.1.
    expect(savingsOf([d('2026-03-11', '99', '90')]).fraction?.toString()).toBe('-0.1');
    expect(savingsOf([]).fraction).toBeNull();
  });
});
