import QRCode from 'qrcode';

/**
 * QR images of a unified code. Error correction M (15% of the symbol may be damaged: a scratched
 * phone screen, a crumpled printout) and a quiet zone of 4 modules, as readers expect.
 */
const OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', scale: 6 });
}

export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: 'svg' });
}

/** The side of a poster's QR: 15 cm at 300 dpi. */
export const PRINT_PIXELS = Math.ceil((15 / 2.54) * 300);

/**
 * A PNG to print on a poster (a venue's QR): whole pixels per module, as few as make the side at
 * least PRINT_PIXELS (15 cm at 300 dpi), so that every module prints sharp.
 */
export function qrPrintPng(text: string): Promise<Buffer> {
  const modules = QRCode.create(text, OPTIONS).modules.size + 2 * OPTIONS.margin;
  return QRCode.toBuffer(text, { ...OPTIONS, type: 'png', scale: Math.ceil(PRINT_PIXELS / modules) });
}
