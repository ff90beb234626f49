import type { SavingsAndRoi } from '@apex/contracts';

/**
 * Savings and ROI are only ever what proof runs measured against the organisation's own cost data. There are no
 * proof runs yet, so this says so, with no figure at all.
 */
export function savingsAndRoi(): SavingsAndRoi {
  return {
    status: 'not_proven',
    message:
      'Nothing is proven yet. Savings and ROI appear here only once a proof run has measured them against your own cost data; ' +
      'no proof run has been made, so Apex shows no savings or ROI figure.',
  };
}
