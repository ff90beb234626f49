import type PDFKit from 'pdfkit';
import { pdfMoney } from './pdf-words';

export interface ChartSeries {
  label: string;
  /** Hex colour of the line and its legend mark. */
  color: string;
  /** Decimal amounts by YYYY-MM-DD day; drawn, never added. */
  points: Array<{ date: string; amount: string }>;
}

export interface ChartBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const dayIndex = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
const TICKS = 4;

/** A round step for the y axis: 1, 2 or 5 × a power of ten, giving about `TICKS` gridlines up to `max`. */
function niceStep(max: number): number {
  const raw = max / TICKS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

/**
 * Draws the series as lines over a shared day axis in `box`, with gridlines, axis labels and a legend below, in
 * vector paths; the y axis starts at zero so that the lines' heights compare.
 */
export function drawLineChart(doc: PDFKit.PDFDocument, box: ChartBox, series: ChartSeries[], currency: string): void {
  const drawn = series.filter((s) => s.points.length > 0);
  const all = drawn.flatMap((s) => s.points);
  if (all.length === 0) return;
  const left = box.x + 56;
  const bottom = box.y + box.height - 34;
  const plotWidth = box.x + box.width - left;
  const plotHeight = bottom - box.y;
  const firstDay = Math.min(...all.map((p) => dayIndex(p.date)));
  const lastDay = Math.max(...all.map((p) => dayIndex(p.date)));
  const maxValue = Math.max(...all.map((p) => Number(p.amount)), 0);
  const step = maxValue > 0 ? niceStep(maxValue) : 1;
  const top = Math.max(step, Math.ceil(maxValue / step) * step);
  const xOf = (date: string) => left + (lastDay === firstDay ? plotWidth / 2 : ((dayIndex(date) - firstDay) / (lastDay - firstDay)) * plotWidth);
  const yOf = (value: number) => bottom - (Math.max(0, value) / top) * plotHeight;

  doc.save();
  doc.lineWidth(0.5).strokeColor('#c4c4c4').fillColor('#555555').font('Helvetica').fontSize(7);
  for (let value = 0; value <= top + step / 2; value += step) {
    const y = yOf(value);
    doc.moveTo(left, y).lineTo(left + plotWidth, y).stroke();
    doc.text(pdfMoney(String(Number(value.toPrecision(12))), currency), box.x, y - 3, { width: 52, align: 'right', lineBreak: false });
  }
  const dates = [...new Set(all.map((p) => p.date))].sort();
  const labelled = [dates[0], dates[Math.floor(dates.length / 2)], dates[dates.length - 1]];
  for (const date of new Set(labelled)) {
    doc.text(date, xOf(date) - 26, bottom + 4, { width: 52, align: 'center', lineBreak: false });
  }

  for (const line of drawn) {
    const points = [...line.points].sort((a, b) => (a.date < b.date ? -1 : 1));
    doc.lineWidth(1.4).strokeColor(line.color);
    points.forEach((point, i) => {
      const x = xOf(point.date);
      const y = yOf(Number(point.amount));
      if (i === 0) doc.moveTo(x, y);
      else doc.lineTo(x, y);
    });
    if (points.length === 1) doc.circle(xOf(points[0].date), yOf(Number(points[0].amount)), 1.5).fillAndStroke(line.color, line.color);
    else doc.stroke();
  }

  let legendX = left;
  const legendY = bottom + 18;
  doc.fontSize(8).fillColor('#222222');
  for (const line of drawn) {
    doc.lineWidth(2).strokeColor(line.color).moveTo(legendX, legendY + 4).lineTo(legendX + 16, legendY + 4).stroke();
    doc.fillColor('#222222').text(line.label, legendX + 20, legendY, { lineBreak: false });
    legendX += 30 + doc.widthOfString(line.label);
  }
  doc.restore();
}
