import PDFDocument from 'pdfkit';
import type { Block, BlockKind, PlanDocument } from './plan-document.js';

/**
 * Lays out the jobseeker's copy as an A4 PDF with pdfkit's standard Helvetica (no font files:
 * its WinAnsi encoding covers English, French and Spanish). Large, readable type: body 14 pt with
 * about 1.5 line spacing, headings larger and bold, everything left-aligned (no justification, no
 * hyphenation), black on white. A heading never ends a page alone. Each page's footer carries the
 * case reference and the page number.
 */
const STYLE: Record<BlockKind, { font: string; size: number; indent: number; before: number; after: number; color: string }> = {
  title: { font: 'Helvetica-Bold', size: 26, indent: 0, before: 0, after: 10, color: '#102a43' },
  heading: { font: 'Helvetica-Bold', size: 20, indent: 0, before: 18, after: 6, color: '#102a43' },
  goal: { font: 'Helvetica-Bold', size: 17, indent: 0, before: 12, after: 4, color: '#000000' },
  label: { font: 'Helvetica-Bold', size: 14, indent: 0, before: 2, after: 2, color: '#000000' },
  paragraph: { font: 'Helvetica', size: 14, indent: 0, before: 0, after: 8, color: '#000000' },
  fact: { font: 'Helvetica', size: 14, indent: 0, before: 0, after: 2, color: '#000000' },
  action: { font: 'Helvetica-Bold', size: 14, indent: 20, before: 6, after: 2, color: '#000000' },
  detail: { font: 'Helvetica', size: 14, indent: 40, before: 0, after: 2, color: '#000000' },
};
const LINE_GAP = 6;
const MARGIN = { top: 64, bottom: 80, left: 64, right: 64 };

export interface PdfOptions {
  /** Deflate the page contents (default). Tests may turn it off to read the text back as written. */
  compress?: boolean;
}

export function renderPlanPdf(document: PlanDocument, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    compress: options.compress ?? true,
    bufferPages: true,
    lang: document.language,
    displayTitle: true,
    pdfVersion: '1.7',
    info: { Title: document.title, Creator: 'Casework', Producer: 'Casework' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  const bottom = () => doc.page.height - MARGIN.bottom;
  const height = (b: Block) => {
    const s = STYLE[b.kind];
    doc.font(s.font).fontSize(s.size);
    return doc.heightOfString(b.text, { width: width - s.indent, lineGap: LINE_GAP });
  };

  document.blocks.forEach((block, i) => {
    const s = STYLE[block.kind];
    if (doc.y > MARGIN.top) doc.y += s.before;
    // Keep a heading (a goal, a label, an action) with what follows it.
    const keep = block.kind === 'heading' || block.kind === 'goal' || block.kind === 'label' || block.kind === 'action';
    const next = document.blocks[i + 1];
    const needed = height(block) + (keep && next ? height(next) : 0);
    if (doc.y + needed > bottom() && doc.y > MARGIN.top) doc.addPage();
    doc
      .font(s.font)
      .fontSize(s.size)
      .fillColor(s.color)
      .text(block.kind === 'action' ? `• ${block.text}` : block.text, MARGIN.left + s.indent, doc.y, {
        width: width - s.indent,
        lineGap: LINE_GAP,
        align: 'left',
      });
    doc.y += s.after;
  });

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The footer sits in the bottom margin: lift the margin while writing it, or pdfkit adds a page.
    doc.page.margins.bottom = 0;
    doc
      .font('Helvetica')
      .fontSize(14)
      .fillColor('#333333')
      .text(document.footer(i - range.start + 1, range.count), MARGIN.left, doc.page.height - MARGIN.bottom + 28, {
        width,
        lineBreak: false,
        align: 'left',
      });
    doc.page.margins.bottom = MARGIN.bottom;
  }
  doc.end();
  return done;
}
