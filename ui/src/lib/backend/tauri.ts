// The Tauri implementation of IBackend: the one module that imports @tauri-apps/api.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { CODES, type Code } from '../generated/codes';
import {
  BackendError, type AppInfo, type CameraChoice, type CameraEvent, type CameraInfo, type CaseOpenArgs, type CaseView, type CheckReport,
  type CprValidation, type IBackend, type PadEvent, type PadInfo, type PhotoCheckView, type QueueItem, type Role,
  type SendView, type Status, type StrokeFile, type User,
} from './types';

function toCode(value: unknown): Code {
  return (CODES as readonly string[]).includes(value as string) ? (value as Code) : 'internal';
}

/** Calls a command; a rejection becomes a BackendError with the command and its code. */
export async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; message?: unknown };
    throw new BackendError(command, toCode(err.code), String(err.message ?? e));
  }
}

export class TauriBackend implements IBackend {
  readonly kind = 'tauri' as const;
  appInfo() { return call<AppInfo>('app_info'); }
  signIn(role: Role, name?: string) { return call<User>('sign_in', { role, name: name ?? null }); }
  async signOut() { await call<null>('sign_out'); }
  status() { return call<Status>('status'); }
  async onStatus(handler: (s: Status) => void) {
    return listen<Status>('status-changed', (e) => handler(e.payload));
  }
  cprValidate(text: string) { return call<CprValidation>('cpr_validate', { text }); }
  caseOpen(args: CaseOpenArgs) { return call<CaseView>('case_open', args); }
  caseCurrent() { return call<CaseView | null>('case_current'); }
  async caseClose() { await call<null>('case_close'); }
  signaturePad() { return call<PadInfo>('signature_pad'); }
  async signatureListen(handler: (e: PadEvent) => void) {
    const channel = new Channel<PadEvent>();
    let live = true;
    channel.onmessage = (e) => { if (live) handler(e); };
    await call<PadInfo>('signature_listen', { onEvent: channel });
    return () => {
      live = false;
      void call<null>('signature_stop').catch(() => {});
    };
  }
  signatureCheck(strokes: StrokeFile) { return call<CheckReport>('signature_check', { strokes }); }
  signatureAccept(strokes: StrokeFile) { return call<CheckReport>('signature_accept', { strokes }); }
  cameraList() { return call<CameraChoice[]>('camera_list'); }
  async cameraSelect(source: string) { await call<null>('camera_select', { source }); }
  async cameraStart(onFrame: (jpeg: ArrayBuffer) => void, onEvent: (e: CameraEvent) => void) {
    let live = true;
    const frames = new Channel<ArrayBuffer>();
    frames.onmessage = (buf) => { if (live) onFrame(buf); };
    const events = new Channel<CameraEvent>();
    events.onmessage = (e) => { if (live) onEvent(e); };
    const info = await call<CameraInfo>('camera_start', { onFrame: frames, onEvent: events });
    return {
      info,
      stop: () => {
        live = false;
        void call<null>('camera_stop').catch(() => {});
      },
    };
  }
  photoCapture() { return call<PhotoCheckView>('photo_capture'); }
  photoAccept(overrideReason: string | null) { return call<CheckReport>('photo_accept', { overrideReason }); }
  async photoRetake() { await call<null>('photo_retake'); }
  sendCase() { return call<SendView>('send_case'); }
  sendNow() { return call<number>('send_now'); }
  queueList(limit?: number) { return call<QueueItem[]>('queue_list', { limit: limit ?? null }); }
}
