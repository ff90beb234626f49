import { inflateSync } from 'node:zlib';

/**
 * The text a PDF drawn by pdfkit with its standard fonts shows, line by line: each page stream inflated where it is
 * deflated, and each TJ array's hex strings decoded as WinAnsi (Latin-1 for the characters the report uses).
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streams.exec(raw)) !== null) {
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = (match[1].includes('/FlateDecode') ? inflateSync(bytes) : bytes).toString('latin1');
    } catch {
      continue;
    }
    for (const array of content.match(/\[([^\]]*)\]\s*TJ/g) ?? []) {
      const hex = array.match(/<([0-9a-fA-F]*)>/g) ?? [];
      lines.push(hex.map((h) => Buffer.from(h.slice(1, -1), 'hex').toString('latin1')).join(''));
    }
  }
  return lines.join('\n');
}
