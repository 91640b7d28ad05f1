// The mock backend's scan inbox (Vitest and `npm run dev`): a made-up scanned stamkort drawn as a
// small SVG, with the proposed crops where the drawing has its photo and signature, and reports
// made of the real check keys (assets/i18n). No citizen's card is involved.
import { CHECK_TEXT } from '../i18n/checks';
import type { Check, CheckReport } from '../generated/ipc';
import type { Corners, ScanCode, ScanFileView, ScanPageView } from './types';

/** The mock page: an A6 stamkort scanned at 300 dpi, landscape (148 x 105 mm). */
export const MOCK_SCAN_DPI = 300;
export const MOCK_SCAN_WIDTH = 1748;
export const MOCK_SCAN_HEIGHT = 1240;

/** An axis-aligned box as corners, clockwise from its top-left. */
export function box(x: number, y: number, w: number, h: number): Corners {
  return [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];
}

/** Where the drawing has the card, the glued photo (35 x 45 mm) and the signature field. */
export const MOCK_CARD = box(40, 40, 1668, 1160);
export const MOCK_PHOTO_BOX = box(140, 300, 413, 531);
export const MOCK_SIGNATURE_BOX = box(700, 900, 780, 200);

const svg = (body: string, w: number, h: number) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${body}</svg>`)}`;

/** The scanned page: a grey scanner bed, the white card with printed lines, a portrait and ink. */
export function mockScanPageImage(): string {
  return svg(
    `<rect width="${MOCK_SCAN_WIDTH}" height="${MOCK_SCAN_HEIGHT}" fill="#d9d9d9"/>`
      + '<rect x="40" y="40" width="1668" height="1160" fill="#fff" stroke="#999" stroke-width="4"/>'
      + '<rect x="120" y="120" width="1000" height="40" fill="#eee"/>'
      + '<rect x="140" y="300" width="413" height="531" fill="#bbb"/>'
      + '<ellipse cx="346" cy="540" rx="120" ry="160" fill="#888"/>'
      + '<line x1="700" y1="1100" x2="1480" y2="1100" stroke="#999" stroke-width="3"/>'
      + '<path d="M740 1050 C 860 920, 940 1080, 1080 960 S 1300 1060, 1440 940" stroke="#123" stroke-width="8" fill="none"/>',
    MOCK_SCAN_WIDTH,
    MOCK_SCAN_HEIGHT,
  );
}

/** The photo as cut (35:45) and the signature field as cut. */
export const MOCK_SCAN_PHOTO_CROP = svg(
  '<rect width="350" height="450" fill="#bbb"/><ellipse cx="175" cy="240" rx="110" ry="150" fill="#888"/>', 350, 450,
);
export const MOCK_SCAN_SIGNATURE_CROP = svg(
  '<rect width="780" height="200" fill="#fff"/><path d="M40 150 C 160 20, 240 180, 380 60 S 600 160, 740 40" stroke="#123" stroke-width="8" fill="none"/>',
  780,
  200,
);

/** The scan checks' Danish texts, for a catalogue (assets/i18n) that does not have them yet. */
const FALLBACK: Record<string, string> = {
  'scan.photo.is_photo.pass': 'Der er ét ansigt på kortet, og fotoets kanter er fundet.',
  'scan.photo.is_photo.no_face': 'Der er intet ansigt på kortet.',
  'scan.photo.resolution.pass': 'Scanningens opløsning er høj nok ({dpi} dpi).',
  'scan.photo.resolution.fail': 'Scanningens opløsning er for lav ({dpi} dpi).',
  'scan.signature.ink_present.pass': 'Der er en underskrift i feltet.',
  'scan.signature.ink_present.fail': 'Der er ingen underskrift i feltet.',
  'scan.signature.ink_extent.pass': 'Underskriften er stor nok ({width_mm} × {height_mm} mm).',
  'scan.signature.ink_extent.fail': 'Underskriften er for lille ({width_mm} × {height_mm} mm).',
  'scan.signature.clear_of_edge.pass': 'Underskriften er inden for feltet.',
  'scan.signature.clear_of_edge.fail': 'Underskriften når ud til feltets kant.',
};

function check(id: string, key: string, pass: boolean, value: number | null, threshold: string, params?: Record<string, string>): Check {
  let message = CHECK_TEXT.da[key] ?? FALLBACK[key] ?? key;
  for (const [name, v] of Object.entries(params ?? {})) message = message.replaceAll(`{${name}}`, v);
  return { id, value, threshold, pass, key, message, ...(params ? { params } : {}) };
}

const verdictOf = (checks: Check[]): CheckReport => ({ verdict: checks.every((c) => c.pass) ? 'pass' : 'fail', checks });

/** A scanned photo's report: the scan's own checks and a few still checks; `failing` ids fail. */
export function mockScanPhotoReport(failing: readonly string[] = []): CheckReport {
  const ok = (id: string) => !failing.includes(id);
  return verdictOf([
    check('is_photo', ok('is_photo') ? 'scan.photo.is_photo.pass' : 'scan.photo.is_photo.no_face', ok('is_photo'), 1, '= 1'),
    check('resolution', `scan.photo.resolution.${ok('resolution') ? 'pass' : 'fail'}`, ok('resolution'), MOCK_SCAN_DPI, '>= 300',
      { dpi: String(MOCK_SCAN_DPI), min_dpi: '300' }),
    ...['eye_distance', 'head_size', 'sharpness'].map((id) => check(id, `photo.${id}.${ok(id) ? 'pass' : 'fail'}`, ok(id), 1, '>= 1')),
  ]);
}

/** A scanned signature's report; `failing` ids fail. */
export function mockScanSignatureReport(failing: readonly string[] = []): CheckReport {
  const ok = (id: string) => !failing.includes(id);
  return verdictOf([
    check('ink_present', `scan.signature.ink_present.${ok('ink_present') ? 'pass' : 'fail'}`, ok('ink_present'), 1, '>= 1'),
    check('ink_extent', `scan.signature.ink_extent.${ok('ink_extent') ? 'pass' : 'fail'}`, ok('ink_extent'), 60, '>= 20 mm',
      { width_mm: '60', height_mm: '15' }),
    check('clear_of_edge', `scan.signature.clear_of_edge.${ok('clear_of_edge') ? 'pass' : 'fail'}`, ok('clear_of_edge'), 0, '= 0'),
  ]);
}

/** One page of the mock inbox: what `scanPage` answers and how its checks come out. */
export type MockScanPage = {
  page: number;
  /** Why the page cannot be used (`scan_no_card`, ...); then it has no picture. */
  error: ScanCode | null;
  photo: Corners;
  signature: Corners;
  photoFound: boolean;
  photoFailing: string[];
  signatureFailing: string[];
  dpiAssumed: boolean;
  queued: boolean;
};

/** A file of the mock inbox. */
export type MockScanFile = { id: string; name: string; origin: ScanFileView['origin']; pages: MockScanPage[] };

/** A usable page (a card found); `over` changes some of it. */
export function mockScanPage(page: number, over: Partial<MockScanPage> = {}): MockScanPage {
  return {
    page, error: null, photo: MOCK_PHOTO_BOX, signature: MOCK_SIGNATURE_BOX, photoFound: true, photoFailing: [],
    signatureFailing: [], dpiAssumed: false, queued: false, ...over,
  };
}

/** The mock's inbox at start: one scanned PDF from the watched folder, page 1 good, page 2 with a
 *  photo that fails a check. */
export function mockScanFiles(): MockScanFile[] {
  return [
    { id: 'a1b2c3d4', name: 'stamkort-0001.pdf', origin: 'folder', pages: [mockScanPage(1), mockScanPage(2, { photoFailing: ['sharpness'] })] },
  ];
}

/** The inbox's view of a mock file. */
export function mockScanFileView(f: MockScanFile): ScanFileView {
  return {
    id: f.id, name: f.name, origin: f.origin,
    pages: f.pages.map((p) => ({
      page: p.page,
      passes: p.error === null && p.photoFailing.length === 0 && p.signatureFailing.length === 0,
      queued: p.queued,
      error: p.error,
    })),
  };
}

/** The page as the clerk works on it. */
export function mockScanPageView(f: MockScanFile, p: MockScanPage): ScanPageView {
  return {
    fileId: f.id, page: p.page, dpi: MOCK_SCAN_DPI, dpiAssumed: p.dpiAssumed, width: MOCK_SCAN_WIDTH, height: MOCK_SCAN_HEIGHT,
    pageImage: mockScanPageImage(), card: MOCK_CARD, photo: p.photo, photoFound: p.photoFound, signature: p.signature,
    photoCrop: MOCK_SCAN_PHOTO_CROP, signatureCrop: MOCK_SCAN_SIGNATURE_CROP,
    photoReport: mockScanPhotoReport(p.photoFailing), signatureReport: mockScanSignatureReport(p.signatureFailing),
    queued: p.queued,
  };
}
