import PDFDocument from 'pdfkit';
import type { ProofVerdict, SignedProofReport } from '@apex/contracts';
import { canonicalJson } from '../signing/canonical-json';
import { drawLineChart } from './pdf-line-chart';
import { pdfMoney, pdfPercentOfFraction, winAnsi } from './pdf-words';

/** A verdict in words; only `verified` is called a saving. */
export const PDF_VERDICT_WORDS: Record<ProofVerdict, { title: string; sentence: string }> = {
  verified: { title: 'Verified saving', sentence: 'The measured savings are larger than twice their 68 % uncertainty: this is a verified saving.' },
  inconclusive: { title: 'Inconclusive', sentence: 'The savings measured are within their uncertainty, so they are not a verified saving.' },
  no_savings: { title: 'No savings', sentence: 'The reporting period cost as much as the adjusted baseline or more: nothing was saved.' },
  insufficient_baseline: {
    title: 'Insufficient baseline',
    sentence: 'There were too few days of cost data before the change to measure against: nothing can be verified.',
  },
};

export interface ProofPdfOptions {
  /** Deflate the page streams (true unless a test reads the text). */
  compress?: boolean;
  /** Where the public key is served, for the verification steps. */
  publicKeyUrl?: string;
}

const COLORS = { baseline: '#546e7a', adjusted: '#6750a4', actual: '#0097a7' };
const MARGIN = 50;

/**
 * The signed proof report as a PDF: title, periods, figures with their uncertainty, a line chart of baseline,
 * adjusted baseline and actual by day (vector paths), verdict, method, adjustments and price-book versions,
 * evidence digests, and the report's SHA-256 and Ed25519 signature with how to verify them. The report's canonical
 * JSON is attached as report.json, so that the PDF alone carries what the signature covers. Names no organisation
 * and no member.
 */
export function proofReportPdf(signed: SignedProofReport, options: ProofPdfOptions = {}): Promise<Buffer> {
  const report = signed.report;
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    compress: options.compress ?? true,
    info: { Title: `Proof of savings: ${report.scope.provider ?? ''} ${report.scope.model ?? ''}`.trim(), Subject: PDF_VERDICT_WORDS[report.verdict].title },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc, signed, options);
  doc.end();
  return done;
}

function draw(doc: PDFKit.PDFDocument, signed: SignedProofReport, options: ProofPdfOptions): void {
  const report = signed.report;
  const money = (amount: string) => pdfMoney(amount, report.currency);
  const width = doc.page.width - 2 * MARGIN;
  const LABEL_WIDTH = 150;
  const room = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  };
  const heading = (text: string) => {
    doc.moveDown(0.8);
    room(40);
    doc.font('Helvetica-Bold').fontSize(12).fillColor('#1c1b1f').text(winAnsi(text), MARGIN, doc.y, { width });
    doc.moveDown(0.2).font('Helvetica').fontSize(9.5).fillColor('#1c1b1f');
  };
  const paragraph = (text: string) => {
    doc.font('Helvetica').fontSize(9.5).text(winAnsi(text), MARGIN, doc.y, { width });
  };
  /** A label and its value side by side, the value wrapping in its own column. */
  const line = (label: string, value: string) => {
    room(24);
    const top = doc.y;
    doc.font('Helvetica-Bold').fontSize(9.5).text(winAnsi(label), MARGIN, top, { width: LABEL_WIDTH - 8 });
    const labelBottom = doc.y;
    doc.font('Helvetica').text(winAnsi(value), MARGIN + LABEL_WIDTH, top, { width: width - LABEL_WIDTH });
    doc.x = MARGIN;
    doc.y = Math.max(labelBottom, doc.y) + 2;
  };

  const subject = [report.scope.provider, report.scope.model, report.scope.service, report.scope.resource].filter(Boolean).join(' · ');
  doc.font('Helvetica-Bold').fontSize(20).fillColor('#1c1b1f').text('Proof of savings');
  doc.font('Helvetica').fontSize(11).fillColor('#49454f').text(winAnsi(`${subject || 'No model in scope'}, measured before and after a change implemented on ${report.implementedOn}`), { width });
  doc.moveDown(0.3).fontSize(9.5).text(winAnsi(`Baseline ${report.baseline.from} to ${report.baseline.to} · reporting period ${report.reporting.from} to ${report.reporting.to} (${report.reporting.days} days measured)`), { width });

  const words = PDF_VERDICT_WORDS[report.verdict];
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(15).fillColor(report.verdict === 'verified' ? '#35217f' : '#7d5260').text(words.title);
  doc.font('Helvetica').fontSize(10).fillColor('#1c1b1f').text(winAnsi(words.sentence), { width });

  heading(report.verdict === 'verified' ? 'Savings' : 'Measured difference');
  line(report.verdict === 'verified' ? 'Savings' : 'Adjusted baseline - actual', `${money(report.savings)}${report.savingsPercent !== null ? ` (${report.savingsPercent} % of the adjusted baseline)` : ''}`);
  const u = report.uncertainty;
  line('Uncertainty', u.at68 === null ? 'could not be estimated' : `±${money(u.at68)} at 68 % confidence, ±${money(u.at90 ?? '0')} at 90 % confidence`);
  if (u.fractional68 !== null) line('As a share of the savings', `${pdfPercentOfFraction(u.fractional68)} at 68 %, ${u.fractional90 === null ? '-' : pdfPercentOfFraction(u.fractional90)} at 90 %`);
  if (u.cvRmse !== null) line('Baseline fit', `CV(RMSE) ${u.cvRmse}, lag-1 autocorrelation ${u.autocorrelation ?? '-'}`);
  line('Adjusted baseline', money(report.adjustedBaseline));
  line('Actual', money(report.actual));
  line('Baseline', `${money(report.baseline.total)} over ${report.baseline.calendarDays} days, ${report.baseline.daysWithReadings} with cost rows (${report.baseline.coveragePercent} %)`);

  const chartSeries = [
    { label: 'Baseline (before)', color: COLORS.baseline, points: report.baseline.daily.map((d) => ({ date: d.date, amount: d.actual })) },
    { label: 'Adjusted baseline', color: COLORS.adjusted, points: report.reporting.readings.map((d) => ({ date: d.date, amount: d.adjustedBaseline })) },
    { label: 'Actual', color: COLORS.actual, points: report.reporting.readings.map((d) => ({ date: d.date, amount: d.actual })) },
  ];
  if (chartSeries.some((s) => s.points.length > 0)) {
    heading('Baseline, adjusted baseline and actual by day');
    const box = { x: MARGIN, y: doc.y + 4, width, height: 190 };
    if (box.y + box.height > doc.page.height - MARGIN) {
      doc.addPage();
      box.y = doc.y;
    }
    drawLineChart(doc, box, chartSeries, report.currency);
    doc.x = MARGIN;
    doc.y = box.y + box.height + 8;
  }

  heading('Adjustments');
  line('Volume adjustment', `the baseline's unit costs × the reporting period's volumes = ${money(report.adjustments.routineBaseline)}, so that more or less traffic is not counted as a saving`);
  line(
    'Price-change repricing',
    `${money(report.adjustments.nonRoutine)}${/^-?0(\.0*)?$/.test(report.adjustments.nonRoutine) ? ' (the provider’s prices did not change in the reporting period)' : ' (the baseline repriced at the provider’s new prices: a price change Apex did not cause is not credited)'}`,
  );
  line('Price-book versions', `baseline priced at version ${report.baseline.priceBookVersion}; measurement used ${report.adjustments.priceBookVersions.map((v) => `version ${v}`).join(', ') || 'none'}`);
  if (report.baseline.effectiveRate !== null) line('Effective rate', `${report.baseline.effectiveRate} (the baseline's cost ÷ its cost at list prices)`);

  heading('Method');
  paragraph(report.method);

  heading('Evidence');
  line('Baseline cost rows', `${report.baseline.rowCount}, SHA-256 ${report.baseline.evidenceSha256}`);
  line('Reporting cost rows', `${report.reporting.rowCount}, SHA-256 ${report.reporting.evidenceSha256}`);
  line('Report generated', report.generatedAt);

  heading('Signature');
  line('Report SHA-256', signed.sha256);
  line('Signature (Ed25519)', `${signed.signature} (base64)`);
  line('Key id', signed.keyId);
  doc.moveDown(0.3);
  paragraph(verificationSteps(options.publicKeyUrl));
  doc.file(Buffer.from(canonicalJson(report), 'utf8'), { name: 'report.json', type: 'application/json', description: 'The signed report as canonical JSON' });
}

function verificationSteps(publicKeyUrl = '/api/v1/proofs/public-key'): string {
  return (
    'To verify: take report.json, attached to this PDF (the report as canonical JSON: keys sorted, no whitespace), and compute its SHA-256; ' +
    'it must equal the report SHA-256 above, or the report was altered. Then fetch the Ed25519 public key from ' +
    `${publicKeyUrl} (its keyId must match the key id above) and verify the base64 signature over the 32 bytes of that digest; ` +
    'a signature that does not verify was not made by Apex.'
  );
}
