import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
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
});
