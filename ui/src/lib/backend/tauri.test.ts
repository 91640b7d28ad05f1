import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import { TauriBackend } from './tauri';
import { BackendError } from './types';

afterEach(() => clearMocks());

describe('TauriBackend', () => {
  it('passes arguments and returns results', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'sign_in') return { id: 'demo-clerk', name: 'Hanne', role: (args as { role: string }).role };
      throw new Error(`unexpected ${cmd}`);
    });
    const user = await new TauriBackend().signIn('clerk', 'Hanne');
    expect(user).toEqual({ id: 'demo-clerk', name: 'Hanne', role: 'clerk' });
  });

  it('turns a rejection into a BackendError with command and code', async () => {
    mockIPC(() => Promise.reject({ code: 'not_available', message: 'identity provider not built' }));
    const err = await new TauriBackend().signIn('clerk').catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.command).toBe('sign_in');
    expect(err.code).toBe('not_available');
  });

  it('maps an unknown code to internal', async () => {
    mockIPC(() => Promise.reject({ code: 'something_new', message: 'x' }));
    const err = await new TauriBackend().status().catch((e) => e);
    expect(err.code).toBe('internal');
  });

  it('calls the session commands by their contract names', async () => {
    const calls: string[] = [];
    const view = { user: null, locked: false, lockReason: null, lockedOutUntil: null, signInMethod: 'provider', idleLockMinutes: 10 };
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'sign_in_start') return { authorizeUrl: 'https://idp.example/authorize' };
      if (cmd === 'sign_in_finish') return { id: 'h', name: 'Hanne', role: 'clerk' };
      if (cmd === 'session_view' || cmd === 'session_lock') return view;
      return null;
    });
    const b = new TauriBackend();
    expect(await b.signInStart()).toEqual({ authorizeUrl: 'https://idp.example/authorize' });
    expect(await b.signInFinish()).toEqual({ id: 'h', name: 'Hanne', role: 'clerk' });
    expect(await b.signInCancel()).toBeUndefined();
    expect(await b.sessionView()).toEqual(view);
    expect(await b.sessionLock()).toEqual(view);
    expect(calls).toEqual(['sign_in_start', 'sign_in_finish', 'sign_in_cancel', 'session_view', 'session_lock']);
  });

  it('calls the review commands by their contract names with camelCase arguments', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'review_waiting' ? 3 : null;
    });
    const b = new TauriBackend();
    expect(await b.reviewWaiting()).toBe(3);
    await b.reviewQueue();
    await b.reviewShow('c1');
    await b.reviewDecide('c1', 'return', 'Uskarpt');
    await b.reviewConfirmStart();
    await b.reviewConfirmFinish();
    await b.reviewConfirmDemo();
    await b.returnedCases();
    await b.returnedInform('c1', 'Ringet op');
    await b.caseReturned();
    expect(calls.map(([c]) => c)).toEqual([
      'review_waiting', 'review_queue', 'review_show', 'review_decide', 'review_confirm_start', 'review_confirm_finish',
      'review_confirm_demo', 'returned_cases', 'returned_inform', 'case_returned',
    ]);
    expect(calls[2][1]).toEqual({ captureId: 'c1' });
    expect(calls[3][1]).toEqual({ captureId: 'c1', decision: 'return', reason: 'Uskarpt' });
    expect(calls[8][1]).toEqual({ captureId: 'c1', citizenTold: 'Ringet op' });
  });

  it('calls the IT commands by their contract names, without arguments', async () => {
    const calls: [string, unknown][] = [];
    const diagnosis = { ok: true, version: '0.1.0', config_source: null, checks: [{ id: 'config', status: 'ok', detail: 'valid' }] };
    const saved = { path: '/home/it/Downloads/skranke-support-PC-20261125-120000.zip', bytes: 2048, files: ['README.txt'] };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'diagnose' ? diagnosis : saved;
    });
    const b = new TauriBackend();
    expect(await b.diagnose()).toEqual(diagnosis);
    expect(await b.supportBundle()).toEqual(saved);
    expect(calls.map(([c]) => c)).toEqual(['diagnose', 'support_bundle']);
  });

  it('rejects a support bundle that cannot be written with its code', async () => {
    mockIPC(() => Promise.reject({ code: 'support_bundle_unwritable', message: '/home/it/Downloads: permission denied' }));
    const err = await new TauriBackend().supportBundle().catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.command).toBe('support_bundle');
    expect(err.code).toBe('support_bundle_unwritable');
  });

  it('hears the session-changed event until it unlistens', async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const seen: unknown[] = [];
    const unlisten = await new TauriBackend().onSession((s) => seen.push(s));
    const locked = { user: { id: 'h', name: 'Hanne', role: 'clerk' }, locked: true, lockReason: 'os_session', lockedOutUntil: null, signInMethod: 'demo', idleLockMinutes: 10 };
    await emit('session-changed', locked);
    unlisten();
    await emit('session-changed', { ...locked, locked: false });
    expect(seen).toEqual([locked]);
  });
});
