// The scan desk's IPC shapes (issue 19.4), as crates/skranke-api/src/scan_desk/json.rs sends them
// (camelCase). Declared here until they are generated into ../generated/ipc.ts; then this file
// re-exports the generated ones under the same names.
import type { CheckReport } from '../generated/ipc';

/** A scan-side failure code (`scan_*` and the rest of `Code`); plain text until generated. */
export type ScanCode = string;

/** Four corners `[x, y]` in the page's pixels (`width` x `height`), clockwise from the card's
 *  top-left. */
export type Corners = [[number, number], [number, number], [number, number], [number, number]];

/** Where a file in the scan inbox came from: the watched folder, or opened in the app. */
export type ScanOrigin = 'folder' | 'opened';

/** One page of a file in the inbox, in brief. */
export type ScanPageSummary = {
  /** 1-based page number. */
  page: number;
  /** Both fields' checks passed. */
  passes: boolean;
  /** The page's capture is in the outbox. */
  queued: boolean;
  /** Why the page cannot be used (no card found, ...); null when a card was found. */
  error: ScanCode | null;
};

/** A scanner's file in the inbox. */
export type ScanFileView = { id: string; name: string; origin: ScanOrigin; pages: ScanPageSummary[] };

/** A file the watched folder set aside at this look, with why (shown once). */
export type ScanFailedView = { name: string; code: ScanCode };

/** The scan inbox. */
export type ScanInboxView = { watchDir: string | null; files: ScanFileView[]; failed: ScanFailedView[] };

/** One page as the clerk works on it: the page, the proposed crops, the cuts and their checks. */
export type ScanPageView = {
  fileId: string;
  page: number;
  /** The scan's resolution. */
  dpi: number;
  /** The file did not say its resolution (300 assumed). */
  dpiAssumed: boolean;
  /** The page's size in pixels as scanned (the corners' coordinates). */
  width: number;
  height: number;
  /** The page, downscaled, as a data URL. */
  pageImage: string;
  card: Corners;
  /** The glued photo, or the layout's photo box when no photo was found there. */
  photo: Corners;
  photoFound: boolean;
  signature: Corners;
  /** The photo as cut (35:45) and the signature field as cut, as data URLs. */
  photoCrop: string;
  signatureCrop: string;
  photoReport: CheckReport;
  signatureReport: CheckReport;
  /** The page's capture is already in the outbox. */
  queued: boolean;
};
