import { toString as qrCodeSvg } from 'qrcode';

/**
 * The key URI as a QR code for the app to scan, drawn here (no outside service ever sees the
 * secret): an SVG as a data: URL, which the pages' Content-Security-Policy allows as an image.
 */
export async function totpQrCode(keyUri: string): Promise<string> {
  const svg = await qrCodeSvg(keyUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
