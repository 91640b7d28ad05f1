// Generated from the Rust IPC types (skranke_api::ipc) by
// `SKRANKE_WRITE_IPC=1 cargo test -p skranke-api ipc`. Do not edit by hand; see docs/ipc.md.
import type { Code } from './codes';

/** A Tauri channel passed as a command argument (the Tauri backend passes a `Channel`). */
export type ChannelOf<T> = { onmessage: (message: T) => void };

/** The live photo guidance's hint codes. */
export type GuidanceHint = "no_face" | "one_face_only" | "too_dark" | "too_bright" | "center_face" | "move_closer" | "move_back" | "look_straight" | "hold_still" | "ok";

/**
 * A user role; roles decide which screens a user sees.
 */
export type Role = "clerk" | "supervisor" | "it";

/**
 * The signed-in user.
 */
export type User = { 
/**
 * Stable id used in audit entries.
 */
id: string, 
/**
 * Display name.
 */
name: string, 
/**
 * Role.
 */
role: Role, };

/**
 * The session as the header and the lock screen show it.
 */
export type SessionView = { 
/**
 * The signed-in user (also while locked: the lock screen names who may unlock).
 */
user: User | null, 
/**
 * The session is locked: every guarded command answers `session_locked` until the same user
 * signs in again. The open case is kept.
 */
locked: boolean, 
/**
 * Why it locked: `idle`, `os_session`, `suspend` or `by_user`.
 */
lockReason: string | null, 
/**
 * Sign-in on this workstation is locked after failed attempts until this time (RFC 3339).
 */
lockedOutUntil: string | null, 
/**
 * How users sign in: `demo` (choose a role) or `provider` (the municipality's login).
 */
signInMethod: string, 
/**
 * Minutes of inactivity before the session locks.
 */
idleLockMinutes: number, };

/**
 * A production sign-in under way: the address the browser was (or should be) sent to.
 */
export type SignInStarted = { 
/**
 * The provider's authorization address; the UI shows it as a link in case the browser did
 * not open.
 */
authorizeUrl: string, };

/**
 * What the header and the frame need to know about this installation.
 */
export type AppInfo = { 
/**
 * Skranke version.
 */
version: string, 
/**
 * `demo` or `production`.
 */
mode: "demo" | "production", 
/**
 * Municipality name for the header.
 */
municipality: string, 
/**
 * This counter PC's name.
 */
workstation: string, 
/**
 * Regular expression for case references.
 */
caseRefPattern: string, 
/**
 * An example case reference.
 */
caseRefExample: string, 
/**
 * Minutes of inactivity before the app locks.
 */
idleLockMinutes: number, };

/**
 * Connection state shown in the header.
 */
export type Connection = "online" | "offline" | "unknown";

/**
 * Which limit of `[outbox]` the unsent captures are over.
 */
export type OverCapReason = "count" | "age";

/**
 * The outbox is over its cap: too many captures have not reached the gateway (queued or being
 * sent), or the oldest has waited too long. The numbers are counts and hours only.
 */
export type OverCap = { 
/**
 * Which limit is exceeded (`count` when both are).
 */
reason: OverCapReason, 
/**
 * Captures not yet at the gateway: queued plus being sent.
 */
unsent: number, 
/**
 * `[outbox] max_unsent`.
 */
maxUnsent: number, 
/**
 * Whole hours the oldest queued capture has waited, when one is queued.
 */
oldestHours: number | null, 
/**
 * `[outbox] max_unsent_hours`.
 */
maxHours: number, };

/**
 * Header status: connection, queue, certificate, and whether the outbox is over its cap.
 */
export type Status = { 
/**
 * Gateway reachability.
 */
connection: Connection, 
/**
 * Captures waiting in the outbox.
 */
queued: number, 
/**
 * Age in seconds of the oldest waiting capture.
 */
oldestQueuedAgeS: number | null, 
/**
 * Days until the gateway client certificate expires, when known.
 */
certificateExpiresInDays: number | null, 
/**
 * What stands in the way of sending, when something does (offline, certificate, not
 * configured); also `certificate_expires_soon` inside the warning period.
 */
problem: Code | null, 
/**
 * Captures rejected by the gateway or the producer, waiting for a supervisor.
 */
rejected: number, 
/**
 * Captures set aside after a permanent error.
 */
dead: number, 
/**
 * Set while the outbox is over its cap (`[outbox] max_unsent`, `max_unsent_hours`): the
 * header turns red for everyone, and supervisors see why.
 */
overCap?: OverCap | null, };

/**
 * Sex as recorded by the last digit of the CPR number.
 */
export type Sex = "M" | "F";

/**
 * Local CPR validation as the UI receives it (camelCase; the CLI prints the snake_case
 * [`skranke_core::CprValidation`]).
 */
export type CprValidationView = { 
/**
 * The text is a CPR number.
 */
valid: boolean, 
/**
 * Ten digits, when valid.
 */
normalized: string | null, 
/**
 * `YYYY-MM-DD`, when valid.
 */
birthDate: string | null, 
/**
 * Sex, when valid.
 */
sex: Sex | null, 
/**
 * Modulus 11 result (a notice only).
 */
mod11: boolean | null, 
/**
 * The error code, when not valid.
 */
error: Code | null, };

/**
 * A person as the case card shows them.
 */
export type PersonView = { 
/**
 * Name for the card.
 */
name: string, 
/**
 * Sex.
 */
sex: Sex, 
/**
 * Birth date, `YYYY-MM-DD`.
 */
birthDate: string, 
/**
 * Age today in whole years.
 */
age: number, 
/**
 * One-line address; `None` when protected or absent.
 */
address: string | null, 
/**
 * Status name: active, no_residence, annulled, deleted, number_changed, disappeared,
 * emigrated, dead, unknown.
 */
status: "active" | "no_residence" | "annulled" | "deleted" | "number_changed" | "disappeared" | "emigrated" | "dead" | "unknown", 
/**
 * Date of the status, `YYYY-MM-DD`.
 */
statusDate: string | null, };

/**
 * The open case as the UI shows it (docs/ipc.md).
 */
export type CaseView = { 
/**
 * Case id (UUIDv7).
 */
caseId: string, 
/**
 * Case reference.
 */
caseRef: string, 
/**
 * The number in use (10 digits).
 */
cpr: string, 
/**
 * `DDMMYY-xxxx`.
 */
cprMasked: string, 
/**
 * The number typed, when it changed.
 */
previousCpr: string | null, 
/**
 * `false`: "CPR ikke verificeret".
 */
cprVerified: boolean, 
/**
 * What the register said; `None` when unverified.
 */
person: PersonView | null, 
/**
 * Protected address (the case is flagged).
 */
protectedAddress: boolean, 
/**
 * Under guardianship.
 */
guardianship: boolean, 
/**
 * Notices for the clerk.
 */
notices: Array<Code>, 
/**
 * Set when the case cannot continue.
 */
blocked: Code | null, 
/**
 * A signature is accepted on the case.
 */
signatureAccepted: boolean, 
/**
 * A photo has been accepted on the case.
 */
photoAccepted: boolean, };

/**
 * One image at full size and at card size (data URLs for the webview).
 */
export type CardImageView = { 
/**
 * The image as accepted (what the bundle carries), as a data URL.
 */
full: string, 
/**
 * The image as the card prints it, one pixel per printer dot, as a data URL.
 */
card: string, 
/**
 * The card image's width, pixels (show it at this size: no upscaling).
 */
cardWidthPx: number, 
/**
 * The card image's height, pixels.
 */
cardHeightPx: number, 
/**
 * The field on the card, mm (width).
 */
fieldWidthMm: number, 
/**
 * The field on the card, mm (height).
 */
fieldHeightMm: number, };

/**
 * How thick the signature's strokes print on the card (a warning for the clerk, never a block).
 */
export type StrokeWidthView = { 
/**
 * The typical stroke width on the card, mm (median over the ink's length).
 */
typicalMm: number, 
/**
 * The thinnest legible stroke, mm.
 */
minMm: number, 
/**
 * Share of the ink printed thinner than `minMm`, 0 to 1.
 */
thinShare: number, 
/**
 * Warn: most of the signature prints thinner than legible.
 */
tooThin: boolean, };

/**
 * The card preview: each accepted part, `null` when not yet accepted.
 */
export type CardPreviewView = { 
/**
 * The card's print resolution, dots per inch.
 */
dpi: number, 
/**
 * The accepted photo (JPEG).
 */
photo: CardImageView | null, 
/**
 * The accepted signature (PNG).
 */
signature: CardImageView | null, 
/**
 * The stroke-width check of the accepted signature.
 */
strokeWidth: StrokeWidthView | null, };

/**
 * Where a file in the scan inbox came from.
 */
export type ScanOrigin = "folder" | "opened";

/**
 * One page of a file in the inbox, in brief.
 */
export type ScanPageSummary = { 
/**
 * 1-based page number.
 */
page: number, 
/**
 * Both fields' checks passed.
 */
passes: boolean, 
/**
 * The page's capture is in the outbox.
 */
queued: boolean, 
/**
 * Why the page cannot be used (no card found, ...); `None` when a card was found.
 */
error: Code | null, };

/**
 * A scanner's file in the inbox.
 */
export type ScanFileView = { 
/**
 * Stable id (the start of the file's SHA-256).
 */
id: string, 
/**
 * File name.
 */
name: string, 
/**
 * Watched folder or opened.
 */
origin: ScanOrigin, 
/**
 * Its pages.
 */
pages: Array<ScanPageSummary>, };

/**
 * A file the watched folder set aside.
 */
export type ScanFailedView = { 
/**
 * File name.
 */
name: string, 
/**
 * Why.
 */
code: Code, };

/**
 * The scan inbox.
 */
export type ScanInboxView = { 
/**
 * The watched folder, when one is configured.
 */
watchDir: string | null, 
/**
 * Files waiting, oldest name first.
 */
files: Array<ScanFileView>, 
/**
 * Files moved to `failed/` at this look, with why (shown once).
 */
failed: Array<ScanFailedView>, };

/**
 * Pass when every check passes.
 */
export type Verdict = "pass" | "fail";

/**
 * One check's result.
 */
export type Check = { 
/**
 * Stable id, e.g. `ink_present`, `eye_distance`.
 */
id: string, 
/**
 * What was measured, when a number applies.
 */
value: number | null, 
/**
 * The rule, e.g. `>= 0.5 s`.
 */
threshold: string, 
/**
 * Whether the rule is met.
 */
pass: boolean, 
/**
 * The key of the text for the clerk in `assets/i18n/{da,en}.json`, e.g.
 * `signature.duration.fail` (empty in reports written before keys existed).
 */
key: string, 
/**
 * Values for the text's `{name}` placeholders; absent when the text has none.
 */
params?: { [key in string]: string }, 
/**
 * The Danish text for `key` (from assets/i18n/da.json), kept for bundles and `--json`.
 */
message: string, };

/**
 * A fixed list of checks and the verdict.
 */
export type CheckReport = { 
/**
 * Pass or fail.
 */
verdict: Verdict, 
/**
 * Every check, in the fixed order.
 */
checks: Array<Check>, };

/**
 * One page as the clerk works on it: the page, the proposed crops, the cuts and their checks.
 */
export type ScanPageView = { 
/**
 * The file's id.
 */
fileId: string, 
/**
 * 1-based page.
 */
page: number, 
/**
 * The scan's resolution.
 */
dpi: number, 
/**
 * The file did not say its resolution (300 assumed).
 */
dpiAssumed: boolean, 
/**
 * The page's width in pixels as scanned.
 */
width: number, 
/**
 * Its height.
 */
height: number, 
/**
 * The page, downscaled, as a `data:image/jpeg;base64,` URL.
 */
pageImage: string, 
/**
 * The card on the page.
 */
card: [[number, number], [number, number], [number, number], [number, number]], 
/**
 * The glued photo, or the layout's photo box when no photo was found there.
 */
photo: [[number, number], [number, number], [number, number], [number, number]], 
/**
 * A glued photo was found (its edges around one face).
 */
photoFound: boolean, 
/**
 * The signature field.
 */
signature: [[number, number], [number, number], [number, number], [number, number]], 
/**
 * The photo as cut (35:45, JPEG data URL).
 */
photoCrop: string, 
/**
 * The signature field as cut (PNG data URL).
 */
signatureCrop: string, 
/**
 * The photo's checks (the still check under `[photo.scan]`, plus the scan's own).
 */
photoReport: CheckReport, 
/**
 * The signature's image checks.
 */
signatureReport: CheckReport, 
/**
 * The page's capture is already in the outbox.
 */
queued: boolean, };

/**
 * What is known of the pad that recorded a signature.
 */
export type DeviceMeta = { 
/**
 * Vendor, e.g. `Wacom`.
 */
vendor?: string, 
/**
 * Model, e.g. `STU-540`.
 */
model?: string, 
/**
 * Serial number.
 */
serial?: string, 
/**
 * Reports per second.
 */
report_rate?: number, };

/**
 * A signature as recorded: the stroke file.
 */
export type StrokeFile = { 
/**
 * Field width in device units.
 */
width: number, 
/**
 * Field height in device units.
 */
height: number, 
/**
 * Pressure at full force, device units.
 */
pressure_max: number, 
/**
 * The samples in time order (reading stops with an error after [`crate::MAX_SAMPLES`]).
 */
samples: Array<[number, number, number, number]>, 
/**
 * `false` when the device gives no real pressure (mouse, Linux webview): pressure is then only
 * 0 or a constant, and rendering uses a constant width.
 */
pressure_available: boolean, 
/**
 * The device, when known.
 */
device?: DeviceMeta, };

/**
 * What kind of pad.
 */
export type PadKind = "canvas" | "replay" | "wacom";

/**
 * A pad's description: its kind, name and coordinate ranges.
 */
export type PadInfo = { 
/**
 * Kind.
 */
kind: PadKind, 
/**
 * Name shown to the clerk.
 */
name: string, 
/**
 * Field width, device units.
 */
width: number, 
/**
 * Field height, device units.
 */
height: number, 
/**
 * Pressure at full force.
 */
pressureMax: number, };

/**
 * A pad event as the UI receives it (one message per event on the pad channel).
 */
export type PadEventView = { "kind": "sample", 
/**
 * Milliseconds since the first sample.
 */
t: number, 
/**
 * Horizontal position.
 */
x: number, 
/**
 * Vertical position.
 */
y: number, 
/**
 * Pressure.
 */
p: number, } | { "kind": "lost" } | { "kind": "done" };

/**
 * A camera the clerk can choose in the photo step.
 */
export type CameraChoice = { 
/**
 * What `camera_select` takes: `auto`, a device index, or `replay:demo`.
 */
source: string, 
/**
 * What the clerk sees.
 */
name: string, 
/**
 * The one in use.
 */
selected: boolean, };

/**
 * What the photo step shows about the camera in use.
 */
export type CameraInfo = { 
/**
 * The camera's name (or the replay source's).
 */
name: string, 
/**
 * `device` or `replay`.
 */
kind: "device" | "replay", 
/**
 * Frame width.
 */
width: number, 
/**
 * Frame height.
 */
height: number, 
/**
 * Frame rate asked for.
 */
fps: number, };

/**
 * The guide oval as the UI receives it (camelCase; `skranke_photo::Oval` is the engine's).
 */
export type OvalView = { 
/**
 * Centre x, fraction of the frame width.
 */
cx: number, 
/**
 * Centre y, fraction of the frame height.
 */
cy: number, 
/**
 * Head height (chin to crown) the oval stands for, fraction of the frame height.
 */
headHeight: number, 
/**
 * Allowed offset of the face centre from the oval centre, fraction of the frame height.
 */
tolerance: number, };

/**
 * A message of the preview besides the frames themselves.
 */
export type CameraEvent = { "kind": "guidance", 
/**
 * The frame's sequence number.
 */
seq: number, 
/**
 * The one most useful hint (`move_closer`, `too_dark`, … `ok`).
 */
hint: GuidanceHint | null, 
/**
 * The live checks.
 */
checks: Array<Check>, 
/**
 * Every live check passes.
 */
allPass: boolean, 
/**
 * Every live check has passed long enough: take the photo now.
 */
autoCapture: boolean, 
/**
 * The guide oval, as fractions of the frame.
 */
oval: OvalView, 
/**
 * Frames delivered per second over the last second.
 */
fps: number, } | { "kind": "lost", 
/**
 * Why (`camera_disconnected`, …).
 */
code: Code, };

/**
 * The result of checking a captured photo: the report and the cropped JPEG to show.
 */
export type PhotoCheckView = { 
/**
 * The still check report (every check of `skranke_photo::CHECK_IDS`, fixed order).
 */
report: CheckReport, 
/**
 * The 35:45 crop as a `data:image/jpeg;base64,...` URL for the webview (absent: no face).
 */
cropDataUrl: string | null, 
/**
 * Size of the crop in bytes.
 */
cropBytes: number | null, 
/**
 * Which preview frame was checked ("Tag foto" and auto-capture; absent for an image file).
 */
chosenFrame?: { 
/**
 * The chosen frame's sequence number.
 */
seq: number, 
/**
 * The newest frame's sequence number at the press.
 */
pressSeq: number, 
/**
 * How long before the newest frame at the press the chosen one was captured, ms.
 */
msBeforePress: number, 
/**
 * What the live analysis found on it; absent when no frame had been analysed yet (then
 * the frame at the press was taken).
 */
rank: { 
/**
 * Both eyes open.
 */
eyesOpen: boolean, 
/**
 * Yaw, pitch and roll within their limits.
 */
frontal: boolean, 
/**
 * Sharp enough.
 */
sharp: boolean, } | null, }, };

/**
 * What Send did with the open case.
 */
export type SendView = { 
/**
 * The capture id (UUIDv7), the gateway's `Idempotency-Key`.
 */
captureId: string, 
/**
 * Whether the capture was newly stored (false: it was already in the outbox).
 */
stored: boolean, 
/**
 * Bundle size in bytes.
 */
bundleBytes: number, 
/**
 * Still "CPR ikke verificeret": looked up again before it is sent.
 */
cprUnverified: boolean, };

/**
 * Where an outbox entry is.
 */
export type OutboxState = "queued" | "sending" | "awaiting_producer" | "accepted" | "rejected" | "dead";

/**
 * One capture in the outbox, for the "today's captures" list and `skranke queue list`.
 */
export type QueueItemView = { 
/**
 * Capture id (UUIDv7).
 */
captureId: string, 
/**
 * queued, sending, awaiting_producer, accepted, rejected or dead.
 */
state: OutboxState, 
/**
 * The case reference.
 */
caseRef: string | null, 
/**
 * The CPR number, masked (DDMMYY-xxxx).
 */
cprMasked: string | null, 
/**
 * Counter or scan.
 */
source: string | null, 
/**
 * When it was saved (RFC 3339).
 */
enqueuedAt: string, 
/**
 * Last change (RFC 3339).
 */
updatedAt: string, 
/**
 * When the next attempt is due, for queued captures (RFC 3339).
 */
nextAttemptAt: string | null, 
/**
 * Send attempts so far.
 */
attempts: number, 
/**
 * The code of the last transient error, when it is waiting for a retry.
 */
lastError: string | null, 
/**
 * Why the gateway or the producer rejected it.
 */
reasons: Array<string>, 
/**
 * Why it was set aside.
 */
deadReason: string | null, 
/**
 * The gateway's receipt id, once it has the capture.
 */
receiptId: string | null, 
/**
 * Still "CPR ikke verificeret": looked up again before it is sent.
 */
cprUnverified: boolean, 
/**
 * The encrypted bundle is still stored (false once accepted and shredded).
 */
hasBundle: boolean, };

/**
 * How many entries of one action one user wrote in the month.
 */
export type UsageCount = { 
/**
 * The user (`os:` accounts for the command line; `sender` and `retention` for the app's own
 * background work).
 */
userId: string, 
/**
 * The action (`cpr_lookup`, `capture`, `sign_in`, ...).
 */
action: string, 
/**
 * How many.
 */
count: number, };

/**
 * The register's monthly statistics per user (`skranke audit stats`, the supervisor's
 * "Statistik").
 */
export type UsageStats = { 
/**
 * The month, `YYYY-MM`.
 */
month: string, 
/**
 * Its first moment: local midnight on the 1st (RFC 3339, UTC).
 */
from: string, 
/**
 * The next month's first moment (RFC 3339, UTC).
 */
to: string, 
/**
 * Per user and action, sorted by user then action.
 */
rows: Array<UsageCount>, };

/**
 * One capture waiting for a supervisor.
 */
export type ReviewItemView = { 
/**
 * Capture id.
 */
captureId: string, 
/**
 * Why it waits.
 */
cause: 'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck', 
/**
 * The reasons the gateway, the producer or the re-lookup gave (codes), or why it was given up.
 */
reasons: Array<string>, 
/**
 * The licence case reference.
 */
caseRef: string, 
/**
 * The person, masked (DDMMYY-xxxx).
 */
cprMasked: string, 
/**
 * Who made the capture.
 */
capturedBy: string, 
/**
 * When it was saved (RFC 3339).
 */
enqueuedAt: string, 
/**
 * Since when it waits (RFC 3339).
 */
since: string, 
/**
 * The clerk accepted the photo despite failing checks.
 */
photoOverride: boolean, 
/**
 * The clerk accepted the signature despite failing checks.
 */
signatureOverride: boolean, 
/**
 * Which decisions are possible: `approve` (overrides only), `return`, `discard`.
 */
decisions: Array<string>, };

/**
 * How many wait, per cause.
 */
export type CauseCount = { 
/**
 * The cause.
 */
cause: 'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck', 
/**
 * How many.
 */
count: number, };

/**
 * The review queue, oldest first, with counts by cause.
 */
export type ReviewQueueView = { 
/**
 * The items.
 */
items: Array<ReviewItemView>, 
/**
 * Counts by cause (only causes with items).
 */
counts: Array<CauseCount>, };

/**
 * One line of an item's history (from the audit trail: who captured, when sent, what came back).
 */
export type HistoryLine = { 
/**
 * When (RFC 3339).
 */
at: string, 
/**
 * Who.
 */
userId: string, 
/**
 * What (`capture`, `send`, `review_decision`, ...).
 */
action: string, 
/**
 * How it went (`queued`, `uploaded`, `rejected_by_gateway`, ...).
 */
outcome: string, };

/**
 * One item in detail, for the supervisor's decision.
 */
export type ReviewDetailView = { 
/**
 * The item.
 */
item: ReviewItemView, 
/**
 * The portrait (35:45 crop) as a `data:image/jpeg;base64,...` URL; absent once shredded.
 */
photoDataUrl: string | null, 
/**
 * The photo check report (values and limits).
 */
photoReport: CheckReport | null, 
/**
 * The clerk's reason for accepting a failing photo.
 */
photoOverrideReason: string | null, 
/**
 * The signature as a `data:image/png;base64,...` URL.
 */
signatureDataUrl: string | null, 
/**
 * The signature check report.
 */
signatureReport: CheckReport | null, 
/**
 * The clerk's reason for accepting a failing signature.
 */
signatureOverrideReason: string | null, 
/**
 * What happened to the capture, oldest first.
 */
history: Array<HistoryLine>, 
/**
 * The signed-in user made this capture (four eyes: they may not decide).
 */
ownCapture: boolean, };

/**
 * A capture a supervisor returned to the counter, as clerks see it under "Returnerede sager".
 */
export type ReturnedCaseView = { 
/**
 * The returned capture.
 */
captureId: string, 
/**
 * Its case reference.
 */
caseRef: string, 
/**
 * The person, masked.
 */
cprMasked: string, 
/**
 * Why it was reviewed.
 */
cause: 'gateway_rejected' | 'producer_rejected' | 'blocked' | 'override' | 'dead' | 'stuck', 
/**
 * The gateway's or producer's reasons (codes; the UI shows their Danish text).
 */
reasons: Array<string>, 
/**
 * The supervisor's reason, in their words.
 */
supervisorReason: string, 
/**
 * Who made the capture.
 */
capturedBy: string | null, 
/**
 * Who returned it.
 */
returnedBy: string, 
/**
 * When (RFC 3339).
 */
returnedAt: string, 
/**
 * How the citizen was told.
 */
citizenTold: string | null, 
/**
 * Who marked "borger informeret".
 */
informedBy: string | null, 
/**
 * When (RFC 3339).
 */
informedAt: string | null, };

/**
 * Every check `skranke diagnose` and the Diagnose page run, in the order they are shown.
 */
export type CheckId = "config" | "production" | "config_warnings" | "data_dir" | "disk_space" | "cameras" | "signature_pads" | "services" | "key_store" | "audit_witness" | "cpr_certificate" | "cpr_service" | "gateway_certificate" | "gateway" | "clock_skew" | "identity_provider" | "sign_in_lockout" | "os_lock" | "queue";

/**
 * Outcome of one check.
 */
export type CheckStatus = "ok" | "warn" | "fail";

/**
 * One line of the diagnosis.
 */
export type DiagnosticCheck = { 
/**
 * Which check.
 */
id: CheckId, 
/**
 * Outcome.
 */
status: CheckStatus, 
/**
 * What was found, in English for IT and the support bundle (never personal data).
 */
detail: string, };

/**
 * Where the configuration was read from.
 */
export type ConfigSourceView = { "kind": "file", 
/**
 * Its path.
 */
path: string, } | { "kind": "built_in_demo", 
/**
 * The machine-wide path that was looked at.
 */
looked_at: string, };

/**
 * The whole diagnosis (`skranke diagnose --json`, the Diagnose page).
 */
export type Diagnosis = { 
/**
 * No check failed.
 */
ok: boolean, 
/**
 * Skranke's version.
 */
version: string, 
/**
 * Where the configuration came from; `null` when the named file could not be read.
 */
config_source: ConfigSourceView | null, 
/**
 * Every check that ran, in the order of [`CheckId::ALL`].
 */
checks: Array<DiagnosticCheck>, };

/**
 * What was written.
 */
export type SupportBundleSaved = { 
/**
 * The zip file.
 */
path: string, 
/**
 * Its size.
 */
bytes: number, 
/**
 * The files in it.
 */
files: Array<string>, };

/** Every command: its arguments (camelCase keys) and its result. */
export type Commands = {
  app_info: { args: Record<string, never>; result: AppInfo };
  sign_in: { args: { role: Role; name: string | null }; result: User };
  sign_in_start: { args: Record<string, never>; result: SignInStarted };
  sign_in_finish: { args: Record<string, never>; result: User };
  sign_in_cancel: { args: Record<string, never>; result: null };
  sign_out: { args: Record<string, never>; result: null };
  session_view: { args: Record<string, never>; result: SessionView };
  session_lock: { args: Record<string, never>; result: SessionView };
  session_touch: { args: Record<string, never>; result: null };
  status: { args: Record<string, never>; result: Status };
  cpr_validate: { args: { text: string }; result: CprValidationView };
  case_open: { args: { cpr: string; caseRef: string; allowUnverified: boolean | null }; result: CaseView };
  case_current: { args: Record<string, never>; result: CaseView | null };
  case_close: { args: Record<string, never>; result: null };
  card_preview: { args: Record<string, never>; result: CardPreviewView };
  signature_pad: { args: Record<string, never>; result: PadInfo };
  signature_listen: { args: { onEvent: ChannelOf<PadEventView> }; result: PadInfo };
  signature_stop: { args: Record<string, never>; result: null };
  signature_check: { args: { strokes: StrokeFile }; result: CheckReport };
  signature_accept: { args: { strokes: StrokeFile }; result: CheckReport };
  camera_list: { args: Record<string, never>; result: Array<CameraChoice> };
  camera_select: { args: { source: string }; result: null };
  camera_start: { args: { onFrame: ChannelOf<ArrayBuffer>; onEvent: ChannelOf<CameraEvent> }; result: CameraInfo };
  camera_stop: { args: Record<string, never>; result: null };
  photo_capture: { args: Record<string, never>; result: PhotoCheckView };
  photo_accept: { args: { overrideReason: string | null }; result: CheckReport };
  photo_retake: { args: Record<string, never>; result: null };
  send_case: { args: Record<string, never>; result: SendView };
  send_now: { args: Record<string, never>; result: number };
  queue_list: { args: { limit: number | null }; result: Array<QueueItemView> };
  audit_stats: { args: { month: string }; result: UsageStats };
  review_queue: { args: Record<string, never>; result: ReviewQueueView };
  review_waiting: { args: Record<string, never>; result: number | null };
  review_show: { args: { captureId: string }; result: ReviewDetailView };
  review_decide: { args: { captureId: string; decision: string; reason: string }; result: ReviewItemView };
  review_confirm_start: { args: Record<string, never>; result: SignInStarted };
  review_confirm_finish: { args: Record<string, never>; result: User };
  review_confirm_demo: { args: Record<string, never>; result: User };
  returned_cases: { args: Record<string, never>; result: Array<ReturnedCaseView> };
  returned_inform: { args: { captureId: string; citizenTold: string }; result: ReturnedCaseView };
  case_returned: { args: Record<string, never>; result: Array<ReturnedCaseView> };
  diagnose: { args: Record<string, never>; result: Diagnosis };
  support_bundle: { args: Record<string, never>; result: SupportBundleSaved };
  scan_inbox: { args: Record<string, never>; result: ScanInboxView };
  scan_open_file: { args: { path: string }; result: ScanInboxView };
  scan_page: { args: { fileId: string; page: number }; result: ScanPageView };
  scan_adjust: { args: { fileId: string; page: number; photo: [[number, number], [number, number], [number, number], [number, number]]; signature: [[number, number], [number, number], [number, number], [number, number]] }; result: ScanPageView };
  scan_accept: { args: { fileId: string; page: number; photoOverride: string | null; signatureOverride: string | null }; result: CaseView };
  scan_reject: { args: { fileId: string; reason: string }; result: ScanInboxView };
};

/** The command names, as the shell registers them. */
export const COMMANDS = [
  "app_info",
  "sign_in",
  "sign_in_start",
  "sign_in_finish",
  "sign_in_cancel",
  "sign_out",
  "session_view",
  "session_lock",
  "session_touch",
  "status",
  "cpr_validate",
  "case_open",
  "case_current",
  "case_close",
  "card_preview",
  "signature_pad",
  "signature_listen",
  "signature_stop",
  "signature_check",
  "signature_accept",
  "camera_list",
  "camera_select",
  "camera_start",
  "camera_stop",
  "photo_capture",
  "photo_accept",
  "photo_retake",
  "send_case",
  "send_now",
  "queue_list",
  "audit_stats",
  "review_queue",
  "review_waiting",
  "review_show",
  "review_decide",
  "review_confirm_start",
  "review_confirm_finish",
  "review_confirm_demo",
  "returned_cases",
  "returned_inform",
  "case_returned",
  "diagnose",
  "support_bundle",
  "scan_inbox",
  "scan_open_file",
  "scan_page",
  "scan_adjust",
  "scan_accept",
  "scan_reject",
] as const;

export type CommandName = (typeof COMMANDS)[number];
