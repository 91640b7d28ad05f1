// Scanning against the mock backend (issue 19.4): the clerk's view in the navigation, the inbox
// with each page's state in words, a page with its picture, handles and both check lists, a
// handle moved by keys cut again (scanAdjust with the moved corners), accept on the case typed
// from the card (a failing report only with a reason), Send and the next card, "Afvis fil" with a
// reason, "Åbn fil", a page without a card, files the folder set aside, and the inbox looked at
// every 3 s only while the view is shown, with its progress while a look runs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle, q, qa, mountApp, unmountApp } from '../../test/helpers';
import { CODES } from '../generated/codes';
import { MockBackend } from '../backend/mock';
import { scanCodeInfo } from '../i18n/scan';
import { MOCK_PHOTO_BOX, MOCK_SIGNATURE_BOX, mockScanPage } from './mockInbox';
import { POLL_MS } from './scanDesk.svelte';

afterEach(() => {
  unmountApp();
  vi.useRealTimers();
});

/** Signs in as `role` and, for a clerk, opens Scanning. */
async function openScanning(backend = new MockBackend(), role: 'clerk' | 'supervisor' = 'clerk') {
  mountApp(backend);
  await settle();
  q(`signin-${role}`)!.click();
  await settle();
  q('view-scan')?.click();
  await settle();
  return backend;
}

/** The page button `page` of the inbox's file number `file`. */
const pageButton = (file: number, page: number) =>
  q(`scan-file-${file}`)!.querySelector<HTMLButtonElement>(`[data-testid="scan-page-${page}"]`)!;

async function choose(file: number, page: number) {
  pageButton(file, page).click();
  await settle();
}

/** Types into a field as the clerk does (one input event with the whole text). */
async function type(id: string, text: string) {
  const el = q(id) as HTMLInputElement | HTMLTextAreaElement;
  el.value = text;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}

/** Looks the card's citizen up with the compact case form. */
async function openCase(cpr = '010190-1234', caseRef = 'KK-2026-000042') {
  await type('cpr-input', cpr);
  await type('case-ref-input', caseRef);
  q('case-lookup')!.click();
  await settle();
}

const key = (el: Element, type: 'keydown' | 'keyup', k: string, shiftKey = false) =>
  el.dispatchEvent(new KeyboardEvent(type, { key: k, shiftKey, bubbles: true, cancelable: true }));

const disabled = (id: string) => (q(id) as HTMLButtonElement).disabled;

describe('Scanning', () => {
  it('is in the clerk\'s views beside Sager, not in the supervisor\'s', async () => {
    await openScanning(new MockBackend(), 'supervisor');
    expect(q('view-scan')).toBeNull();
    unmountApp();
    await openScanning();
    expect(q('view-scan')!.textContent).toBe('Scanning');
    expect(q('view-scan')!.getAttribute('aria-current')).toBe('page');
    expect(q('scan-view')).not.toBeNull();
    q('view-work')!.click();
    await settle();
    expect(q('scan-view')).toBeNull();
    expect(q('cpr-input')).not.toBeNull();
  });

  it('shows the inbox: the watched folder, the file and each page\'s state in words', async () => {
    await openScanning();
    expect(q('scan-inbox')).not.toBeNull();
    expect(q('scan-watch-dir')!.textContent).toContain('/srv/scanner/skranke');
    expect(q('scan-file-0')!.textContent).toContain('stamkort-0001.pdf');
    expect(q('scan-file-0')!.textContent).toContain('Fra scanningsmappen');
    expect(pageButton(0, 1).dataset.state).toBe('pass');
    expect(pageButton(0, 1).textContent).toContain('Består');
    expect(pageButton(0, 2).dataset.state).toBe('fail');
    expect(pageButton(0, 2).textContent).toContain('Fejl i kontrol');
    expect(q('scan-nothing')!.textContent).toContain('Vælg en side');
  });

  it('opens a page: the picture, four handles per crop, the cuts and both check lists', async () => {
    const b = await openScanning();
    await choose(0, 1);
    expect(pageButton(0, 1).getAttribute('aria-current')).toBe('true');
    expect(q('scan-page-image')!.getAttribute('src')).toMatch(/^data:image\//);
    for (const part of ['photo', 'signature']) {
      for (const i of [0, 1, 2, 3]) expect(q(`scan-handle-${part}-${i}`), `${part} ${i}`).not.toBeNull();
    }
    expect(q('scan-handle-photo-0')!.getAttribute('aria-label')).toBe('Foto, øverste venstre hjørne: x 140, y 300');
    expect(q('scan-handle-photo-0')!.getAttribute('tabindex')).toBe('0');
    expect(q('scan-photo-crop')!.getAttribute('src')).toMatch(/^data:image\//);
    expect(q('scan-photo-checks')!.dataset.verdict).toBe('pass');
    expect(q('scan-signature-checks')!.dataset.verdict).toBe('pass');
    expect(q('scan-photo-checks-summary')!.textContent).toContain('Alle 5 kontroller er bestået');
    expect(q('scan-dpi')!.textContent).toBe('300 dpi');
    // No case yet: Godkend and Send wait, and say why.
    expect(disabled('scan-accept')).toBe(true);
    expect(q('scan-accept-why')!.textContent).toContain('Slå borgeren op');
    expect(disabled('scan-send')).toBe(true);
    expect(q('scan-override-reason')).toBeNull();
    expect(b.scanAdjusts).toEqual([]);
  });

  it('moves a handle with the arrow keys (Shift: 10) and cuts again with the moved corners on release', async () => {
    const b = await openScanning();
    await choose(0, 1);
    const handle = q('scan-handle-photo-0')!;
    handle.focus();
    key(handle, 'keydown', 'ArrowRight');
    await settle();
    expect(q('scan-handle-photo-0')!.getAttribute('aria-label')).toContain('x 141, y 300');
    expect(b.scanAdjusts).toEqual([]); // not before the key is released
    key(handle, 'keyup', 'ArrowRight');
    await settle();
    expect(b.scanAdjusts).toHaveLength(1);
    const moved = [[141, 300], ...MOCK_PHOTO_BOX.slice(1)];
    expect(b.scanAdjusts[0]).toEqual({ fileId: 'a1b2c3d4', page: 1, photo: moved, signature: MOCK_SIGNATURE_BOX });

    const sig = q('scan-handle-signature-2')!;
    key(sig, 'keydown', 'ArrowDown', true);
    key(sig, 'keydown', 'ArrowLeft', true);
    key(sig, 'keyup', 'ArrowLeft', true);
    await settle();
    expect(b.scanAdjusts).toHaveLength(2);
    const [x, y] = MOCK_SIGNATURE_BOX[2];
    expect(b.scanAdjusts[1].signature[2]).toEqual([x - 10, y + 10]);
    expect(b.scanAdjusts[1].photo).toEqual(moved);
    // Another key moves nothing and cuts nothing.
    key(sig, 'keydown', 'a');
    key(sig, 'keyup', 'a');
    await settle();
    expect(b.scanAdjusts).toHaveLength(2);
  });

  it('drags a handle with the pointer and cuts again on release', async () => {
    const b = await openScanning();
    await choose(0, 1);
    // The picture shown at half the page's size, 10 px from the window's corner.
    const svg = document.querySelector<SVGSVGElement>('[data-testid="scan-editor"] svg')!;
    svg.getBoundingClientRect = () => ({ left: 10, top: 10, width: 874, height: 620, right: 884, bottom: 630, x: 10, y: 10, toJSON: () => ({}) });
    const handle = q('scan-handle-signature-0')!;
    // jsdom has no PointerEvent: a mouse event of the pointer's type, with its pointer id.
    const pointer = (type: string, x: number, y: number) => {
      const e = new MouseEvent(type, { button: 0, clientX: x, clientY: y, bubbles: true, cancelable: true });
      Object.defineProperty(e, 'pointerId', { value: 7 });
      handle.dispatchEvent(e);
    };
    pointer('pointerdown', 360, 460);
    pointer('pointermove', 400, 480);
    await settle();
    expect(handle.getAttribute('aria-label')).toContain('x 780, y 940');
    expect(b.scanAdjusts).toEqual([]);
    pointer('pointerup', 400, 480);
    await settle();
    expect(b.scanAdjusts).toHaveLength(1);
    expect(b.scanAdjusts[0].signature).toEqual([[780, 940], ...MOCK_SIGNATURE_BOX.slice(1)]);
    expect(b.scanAdjusts[0].photo).toEqual(MOCK_PHOTO_BOX);
  });

  it('keeps a corner on the page', async () => {
    const b = await openScanning();
    b.scanFiles[0].pages[0] = mockScanPage(1, { photo: [[0, 0], [413, 0], [413, 531], [0, 531]] });
    await choose(0, 1);
    const handle = q('scan-handle-photo-0')!;
    key(handle, 'keydown', 'ArrowLeft', true);
    key(handle, 'keyup', 'ArrowLeft', true);
    await settle();
    expect(b.scanAdjusts).toEqual([]); // nothing moved: nothing to cut again
    expect(handle.getAttribute('aria-label')).toContain('x 0, y 0');
  });

  it('shows the progress while a cut runs and the new checks after it', async () => {
    const b = await openScanning();
    await choose(0, 1);
    const release = b.hold('scan_adjust');
    b.scanFiles[0].pages[0].signatureFailing = ['clear_of_edge'];
    const handle = q('scan-handle-signature-1')!;
    key(handle, 'keydown', 'ArrowUp');
    key(handle, 'keyup', 'ArrowUp');
    await settle();
    expect(q('scan-adjusting')!.textContent).toContain('Skærer ud og kontrollerer igen');
    release();
    await settle();
    expect(q('scan-adjusting')).toBeNull();
    expect(q('scan-signature-checks')!.dataset.verdict).toBe('fail');
    expect(q('scan-override-reason')).not.toBeNull();
  });

  it('a failing report needs a reason before Godkend; then Send queues the page and Næste kort moves on', async () => {
    const b = await openScanning();
    await choose(0, 2);
    expect(q('scan-photo-checks')!.dataset.verdict).toBe('fail');
    await openCase();
    expect(q('person-name')!.textContent).toBe('Anne Demo Hansen');
    expect(b.openCase?.caseRef).toBe('KK-2026-000042');
    // The reason is asked for the photo, and Godkend waits for it.
    expect(document.querySelector('label[for="scan-override-reason"]')!.textContent).toContain('fotoet');
    expect(disabled('scan-accept')).toBe(true);
    expect(q('scan-accept')!.textContent).toContain('Godkend med begrundelse');
    expect(q('scan-accept-why')!.textContent).toContain('begrundelse');
    await type('scan-override-reason', '   ');
    expect(disabled('scan-accept')).toBe(true);
    await type('scan-override-reason', 'Fotoet er tydeligt på kortet; skannerens støj');
    expect(disabled('scan-accept')).toBe(false);
    expect(disabled('scan-send')).toBe(true);
    q('scan-accept')!.click();
    await settle();
    expect(b.scanAccepts).toEqual([
      { fileId: 'a1b2c3d4', page: 2, photoOverride: 'Fotoet er tydeligt på kortet; skannerens støj', signatureOverride: null },
    ]);
    expect(q('scan-accepted')).not.toBeNull();
    expect(disabled('scan-accept')).toBe(true);
    expect(disabled('scan-send')).toBe(false);
    expect(document.activeElement).toBe(q('scan-send'));

    q('scan-send')!.click();
    await settle();
    expect(q('scan-sent')!.textContent).toContain('Kortet er gemt og bliver sendt');
    expect(b.queue[0].source).toBe('scan');
    expect(b.openCase).toBeNull();
    expect(pageButton(0, 2).dataset.state).toBe('queued');
    expect(pageButton(0, 2).textContent).toContain('Sendt');
    expect(document.activeElement).toBe(q('scan-next'));
    q('scan-next')!.click();
    await settle();
    expect(pageButton(0, 1).getAttribute('aria-current')).toBe('true');
    expect(q('scan-page-image')).not.toBeNull();
    // The case closed with Send: the next card needs its own lookup.
    expect(q('cpr-input')).not.toBeNull();
  });

  it('a passing page is accepted without a reason, and moving a handle afterwards asks for Godkend again', async () => {
    const b = await openScanning();
    await choose(0, 1);
    await openCase();
    expect(q('scan-override-reason')).toBeNull();
    expect(q('scan-accept')!.textContent?.trim()).toBe('Godkend udsnit');
    q('scan-accept')!.click();
    await settle();
    expect(b.scanAccepts[0]).toMatchObject({ photoOverride: null, signatureOverride: null });
    expect(disabled('scan-send')).toBe(false);
    const handle = q('scan-handle-photo-3')!;
    key(handle, 'keydown', 'ArrowDown');
    key(handle, 'keyup', 'ArrowDown');
    await settle();
    expect(disabled('scan-send')).toBe(true);
    expect(disabled('scan-accept')).toBe(false);
  });

  it('says when accept is refused, and "Luk sag" closes a wrongly typed case', async () => {
    const b = await openScanning();
    await choose(0, 1);
    await openCase();
    b.scanFiles[0].pages[0].queued = true; // queued meanwhile, e.g. from another workstation
    q('scan-accept')!.click();
    await settle();
    // The mock answers as TauriBackend would: a code the UI does not know yet is `internal`.
    const code = (CODES as readonly string[]).includes('scan_already_queued') ? 'scan_already_queued' : 'internal';
    expect(q('scan-failure')!.dataset.code).toBe(code);
    expect(q('scan-failure')!.textContent).toBe(scanCodeInfo(code).text);
    expect(b.scanAccepts).toEqual([]);
    expect(disabled('scan-send')).toBe(true);
    q('scan-case-close')!.click();
    await settle();
    expect(b.openCase).toBeNull();
    expect(q('cpr-input')).not.toBeNull();
  });

  it('"Afvis fil" sets the file aside with the written reason', async () => {
    const b = await openScanning();
    await choose(0, 1);
    q('scan-reject')!.click();
    await settle();
    expect(q('scan-reject-dialog')!.textContent).toContain('Afvis stamkort-0001.pdf');
    expect(q('scan-reject-dialog')!.textContent).toContain('mappen failed');
    expect(document.activeElement).toBe(q('scan-reject-reason'));
    expect(disabled('scan-reject-confirm')).toBe(true);
    await type('scan-reject-reason', 'Ikke et stamkort');
    q('scan-reject-confirm')!.click();
    await settle();
    expect(b.scanRejects).toEqual([{ fileId: 'a1b2c3d4', reason: 'Ikke et stamkort' }]);
    expect(q('scan-reject-dialog')).toBeNull();
    expect(q('scan-file-0')).toBeNull();
    expect(q('scan-inbox-empty')!.textContent).toContain('Ingen scanninger venter');
    expect(q('scan-rejected')!.textContent).toContain('stamkort-0001.pdf er lagt til side');
    expect(document.activeElement).toBe(q('scan-open-file'));
  });

  it('"Afvis fil" can be cancelled with Escape', async () => {
    const b = await openScanning();
    await choose(0, 1);
    q('scan-reject')!.click();
    await settle();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    await settle();
    expect(q('scan-reject-dialog')).toBeNull();
    expect(b.scanRejects).toEqual([]);
  });

  it('"Åbn fil" asks the dialog, reads the chosen file into the inbox and shows its first page', async () => {
    const b = await openScanning();
    q('scan-open-file')!.click();
    await settle();
    expect(b.scanDialogs).toEqual(['Vælg scannede stamkort']);
    expect(b.scanOpened).toEqual(['/home/clerk/Scanninger/brev-0042.pdf']);
    expect(q('scan-file-1')!.textContent).toContain('brev-0042.pdf');
    expect(q('scan-file-1')!.textContent).toContain('Åbnet her');
    expect(pageButton(1, 1).getAttribute('aria-current')).toBe('true');
    expect(q('scan-page-image')).not.toBeNull();
    // A cancelled dialog opens nothing.
    b.scanChosen = [];
    q('scan-open-file')!.click();
    await settle();
    expect(b.scanOpened).toHaveLength(1);
  });

  it('a page without a card says why, with its code\'s text, and can be set aside', async () => {
    const b = new MockBackend();
    b.scanFiles.push({ id: 'blank', name: 'tom.tif', origin: 'folder', pages: [mockScanPage(1, { error: 'scan_no_card' })] });
    await openScanning(b);
    expect(pageButton(1, 1).dataset.state).toBe('error');
    expect(pageButton(1, 1).textContent).toContain('Kan ikke bruges');
    await choose(1, 1);
    expect(q('scan-page-error')!.dataset.code).toBe('scan_no_card');
    expect(q('scan-page-error')!.textContent).toBe(scanCodeInfo('scan_no_card').text);
    expect(q('scan-page-image')).toBeNull();
    expect(disabled('scan-reject')).toBe(false);
  });

  it('tells once which files the folder set aside, until hidden', async () => {
    const b = new MockBackend();
    b.scanFailing = [{ name: 'skadet.pdf', code: 'scan_unreadable' }];
    await openScanning(b);
    expect(q('scan-set-aside')!.textContent).toContain('skadet.pdf');
    q('scan-set-aside-dismiss')!.click();
    await settle();
    expect(q('scan-set-aside')).toBeNull();
  });

  it('looks at the inbox every 3 s while shown (new files appear), and stops when hidden', async () => {
    vi.useFakeTimers();
    const b = await openScanning();
    expect(b.scanInboxCalls).toBe(1);
    b.scanArriving = [{ id: 'new1', name: 'stamkort-0002.jpg', origin: 'folder', pages: [mockScanPage(1)] }];
    vi.advanceTimersByTime(POLL_MS);
    await settle();
    expect(b.scanInboxCalls).toBe(2);
    expect(q('scan-file-1')!.textContent).toContain('stamkort-0002.jpg');
    q('view-work')!.click();
    await settle();
    vi.advanceTimersByTime(POLL_MS * 3);
    await settle();
    expect(b.scanInboxCalls).toBe(2);
  });

  it('shows its progress while a look at the inbox runs', async () => {
    const b = new MockBackend();
    const release = b.hold('scan_inbox');
    await openScanning(b);
    expect(q('scan-looking')!.textContent).toContain('Ser efter nye scanninger');
    expect(q('scan-file-0')).toBeNull();
    release();
    await settle();
    expect(q('scan-looking')).toBeNull();
    expect(q('scan-file-0')).not.toBeNull();
    expect(qa('scan-looking-status')).toHaveLength(1);
  });
});
