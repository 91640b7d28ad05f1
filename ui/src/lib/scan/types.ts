// The scan desk's IPC shapes (issue 19.4), generated from crates/skranke-api/src/scan_desk/json.rs
// into ../generated/ipc.ts; re-exported here under the names the Scanning view uses.
import type { Code } from '../generated/codes';

export type { ScanFailedView, ScanFileView, ScanInboxView, ScanOrigin, ScanPageSummary, ScanPageView } from '../generated/ipc';

/** A scan-side failure code (`scan_*` and the rest of `Code`). */
export type ScanCode = Code;

/** Four corners `[x, y]` in the page's pixels (`width` x `height`), clockwise from the card's
 *  top-left. */
export type Corners = [[number, number], [number, number], [number, number], [number, number]];
