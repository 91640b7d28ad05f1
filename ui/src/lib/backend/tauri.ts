// The Tauri implementation of IBackend: the one module that imports @tauri-apps/api (and the
// dialog plugin, for choosing scans).
import { Channel, invoke, type InvokeArgs } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { open } from '@tauri-apps/plugin-dialog';
import { CODES, type Code } from '../generated/codes';
import type { CameraEvent, CommandName, Commands, PadEventView, SessionView } from '../generated/ipc';
import {
  BackendError, type CaseOpenArgs, type CaseView, type Corners, type IBackend, type ReviewDecision, type Role,
  type ScanInboxView, type ScanPageView, type Status, type StrokeFile,
} from './types';

function toCode(value: unknown): Code {
  return (CODES as readonly string[]).includes(value as string) ? (value as Code) : 'internal';
}

/** A command's arguments as `call` takes them: none, or the generated argument object. */
type ArgsOf<K extends CommandName> = Commands[K]['args'] extends Record<string, never> ? [] : [Commands[K]['args']];

/** Calls a command (names, arguments and result from the generated contract); a rejection becomes
 *  a BackendError with the command and its code. */
export async function call<K extends CommandName>(command: K, ...args: ArgsOf<K>): Promise<Commands[K]['result']> {
  try {
    return await invoke<Commands[K]['result']>(command, (args as unknown[])[0] as InvokeArgs | undefined);
  } catch (e) {
    const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown };
    throw new BackendError(command, toCode(err.code), String(err.message ?? e));
  }
}


/** The file types a scanner writes that the scan desk reads. */
export const SCAN_EXTENSIONS = ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'pdf'];

export class TauriBackend implements IBackend {
  readonly kind = 'tauri' as const;
  appInfo() { return call('app_info'); }
  signIn(role: Role, name?: string) { return call('sign_in', { role, name: name ?? null }); }
  signInStart() { return call('sign_in_start'); }
  signInFinish() { return call('sign_in_finish'); }
  async signInCancel() { await call('sign_in_cancel'); }
  async signOut() { await call('sign_out'); }
  sessionView() { return call('session_view'); }
  sessionLock() { return call('session_lock'); }
  async sessionTouch() { await call('session_touch'); }
  async onSession(handler: (s: SessionView) => void) {
    return listen<SessionView>('session-changed', (e) => handler(e.payload));
  }
  status() { return call('status'); }
  async onStatus(handler: (s: Status) => void) {
    return listen<Status>('status-changed', (e) => handler(e.payload));
  }
  cprValidate(text: string) { return call('cpr_validate', { text }); }
  caseOpen(args: CaseOpenArgs) { return call('case_open', args); }
  caseCurrent() { return call('case_current'); }
  async caseClose() { await call('case_close'); }
  cardPreview() { return call('card_preview'); }
  signaturePad() { return call('signature_pad'); }
  async signatureListen(handler: (e: PadEventView) => void) {
    const channel = new Channel<PadEventView>();
    let live = true;
    channel.onmessage = (e) => { if (live) handler(e); };
    await call('signature_listen', { onEvent: channel });
    return () => {
      live = false;
      void call('signature_stop').catch(() => {});
    };
  }
  signatureCheck(strokes: StrokeFile) { return call('signature_check', { strokes }); }
  signatureAccept(strokes: StrokeFile) { return call('signature_accept', { strokes }); }
  cameraList() { return call('camera_list'); }
  async cameraSelect(source: string) { await call('camera_select', { source }); }
  async cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onEvent: (e: CameraEvent) => void) {
    let live = true;
    const frames = new Channel<ArrayBuffer>();
    frames.onmessage = (buf) => { if (live) onFrame(buf); };
    const events = new Channel<CameraEvent>();
    events.onmessage = (e) => { if (live) onEvent(e); };
    const info = await call('camera_start', { onFrame: frames, onEvent: events });
    return {
      info,
      stop: () => {
        live = false;
        void call('camera_stop').catch(() => {});
      },
    };
  }
  photoCapture() { return call('photo_capture'); }
  photoAccept(overrideReason: string | null) { return call('photo_accept', { overrideReason }); }
  async photoRetake() { await call('photo_retake'); }
  sendCase() { return call('send_case'); }
  sendNow() { return call('send_now'); }
  queueList(limit?: number) { return call('queue_list', { limit: limit ?? null }); }
  auditStats(month: string) { return call('audit_stats', { month }); }
  reviewQueue() { return call('review_queue'); }
  reviewWaiting() { return call('review_waiting'); }
  reviewShow(captureId: string) { return call('review_show', { captureId }); }
  reviewDecide(captureId: string, decision: ReviewDecision, reason: string) {
    return call('review_decide', { captureId, decision, reason });
  }
  reviewConfirmStart() { return call('review_confirm_start'); }
  reviewConfirmFinish() { return call('review_confirm_finish'); }
  reviewConfirmDemo() { return call('review_confirm_demo'); }
  returnedCases() { return call('returned_cases'); }
  returnedInform(captureId: string, citizenTold: string) { return call('returned_inform', { captureId, citizenTold }); }
  caseReturned() { return call('case_returned'); }
  diagnose() { return call('diagnose'); }
  supportBundle() { return call('support_bundle'); }
  scanInbox() { return call('scan_inbox'); }
  scanOpenFile(path: string) { return call('scan_open_file', { path }); }
  scanPage(fileId: string, page: number) { return call('scan_page', { fileId, page }); }
  scanAdjust(fileId: string, page: number, photo: Corners, signature: Corners) {
    return call('scan_adjust', { fileId, page, photo, signature });
  }
  scanAccept(fileId: string, page: number, photoOverride: string | null, signatureOverride: string | null) {
    return call('scan_accept', { fileId, page, photoOverride, signatureOverride });
  }
  scanReject(fileId: string, reason: string) { return call('scan_reject', { fileId, reason }); }
  async scanChooseFiles(title: string) {
    const picked = await open({
      multiple: true, directory: false, title, filters: [{ name: 'JPEG, PNG, TIFF, PDF', extensions: SCAN_EXTENSIONS }],
    });
    return picked ?? [];
  }
}
