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
