// The session's plumbing without the screens: the refusal watcher, the sign-in flow, the lock
// reasons in words, and the mock backend's session rules (they stand in for the Rust ones).
import { describe, expect, it, vi } from 'vitest';
import { BackendError, MockBackend, type Role } from '../backend';
import { watchRefusals } from './watch';
import { SignInFlow } from './signInFlow.svelte';
import { lockReasonOf, lockReasonText, roleName } from './text';

const refusal = (b: MockBackend) => b.caseCurrent().catch((e: unknown) => e);

describe('watchRefusals', () => {
  it('reports session_locked and not_signed_in, passes results and other errors through unchanged', async () => {
    const backend = new MockBackend();
    const onRefused = vi.fn();
    const watched = watchRefusals(backend, onRefused);
    expect(watched.kind).toBe('mock');

    const notSignedIn = await watched.caseCurrent().catch((e: unknown) => e);
    expect(notSignedIn).toBeInstanceOf(BackendError);
    expect(onRefused).toHaveBeenLastCalledWith('not_signed_in');

    await watched.signIn('it');
    const forbidden = await watched.caseCurrent().catch((e: unknown) => e);
    expect((forbidden as BackendError).code).toBe('forbidden');
    expect(onRefused).toHaveBeenCalledTimes(1);

    await watched.signOut();
    await watched.signIn('clerk');
    expect(await watched.caseCurrent()).toBeNull();
    backend.lockSession('idle', false);
    const locked = await watched.caseCurrent().catch((e: unknown) => e);
    expect((locked as BackendError).code).toBe('session_locked');
    expect(onRefused).toHaveBeenLastCalledWith('session_locked');
    expect(onRefused).toHaveBeenCalledTimes(2);
  });
});

describe('SignInFlow', () => {
  const flowFor = (backend: MockBackend) => {
    const onSignedIn = vi.fn();
    const onFailed = vi.fn();
    return { flow: new SignInFlow({ backend: () => backend, onSignedIn, onFailed }), onSignedIn, onFailed };
  };

  it('provider: starting, waiting with the address, then signed in', async () => {
    const backend = new MockBackend();
    backend.signInMethod = 'provider';
    const { flow, onSignedIn } = flowFor(backend);
    const done = flow.provider();
    expect(flow.phase).toBe('starting');
    await vi.waitFor(() => expect(flow.phase).toBe('waiting'));
    expect(flow.authorizeUrl).toContain('https://login.mock.invalid/');
    backend.browserSignsIn({ id: 'x', name: 'X', role: 'supervisor' });
    await done;
    expect(flow.phase).toBe('ready');
    expect(flow.authorizeUrl).toBeNull();
    expect(onSignedIn).toHaveBeenCalledWith({ id: 'x', name: 'X', role: 'supervisor' });
  });

  it('a cancel by the user is no failure; one from the browser is', async () => {
    const backend = new MockBackend();
    backend.signInMethod = 'provider';
    const { flow, onFailed } = flowFor(backend);
    let done = flow.provider();
    await vi.waitFor(() => expect(flow.phase).toBe('waiting'));
    await flow.cancel();
    await done;
    expect(flow.failure).toBeNull();
    expect(onFailed).not.toHaveBeenCalled();

    done = flow.provider();
    await vi.waitFor(() => expect(flow.phase).toBe('waiting'));
    backend.browserFails('sign_in_cancelled');
    await done;
    expect(flow.failure).toBe('sign_in_cancelled');
    expect(onFailed).toHaveBeenCalledWith('sign_in_cancelled');
  });

  it('demo in production is refused with demo_sign_in_refused', async () => {
    const backend = new MockBackend();
    backend.signInMethod = 'provider';
    const { flow, onSignedIn } = flowFor(backend);
    await flow.demo('clerk', '');
    expect(flow.failure).toBe('demo_sign_in_refused');
    expect(onSignedIn).not.toHaveBeenCalled();
  });
});

describe('session texts', () => {
  it('names roles and lock reasons in Danish; an unknown reason still says it is locked', () => {
    expect((['clerk', 'supervisor', 'it'] as Role[]).map(roleName)).toEqual(['Sagsbehandler', 'Supervisor', 'IT']);
    expect(lockReasonText('idle', 7)).toBe('Låst på grund af inaktivitet (7 minutter uden aktivitet).');
    expect(lockReasonText('os_session', 7)).toBe('Låst, fordi Windows blev låst.');
    expect(lockReasonText('suspend', 7)).toBe("Låst, fordi pc'en gik i dvale.");
    expect(lockReasonText('by_user', 7)).toBe('Låst af dig.');
    expect(lockReasonText('something_new', 7)).toBe('Skranke blev låst.');
    expect(lockReasonOf(null)).toBeNull();
  });
});

describe('MockBackend session', () => {
  it('guards like the backend: not signed in, forbidden for IT, locked', async () => {
    const b = new MockBackend();
    expect(((await refusal(b)) as BackendError).code).toBe('not_signed_in');
    await b.signIn('it');
    expect(((await refusal(b)) as BackendError).code).toBe('forbidden');
    expect(await b.queueList()).toEqual([]);
    await b.signOut();
    await b.signIn('clerk');
    await b.sessionLock();
    expect(((await refusal(b)) as BackendError).code).toBe('session_locked');
    expect(b.refusals.map((r) => r.code)).toEqual(['not_signed_in', 'forbidden', 'session_locked']);
  });

  it('only the same role unlocks, and the case stays; a fresh sign-in over an open session closes it', async () => {
    const b = new MockBackend();
    await b.signIn('clerk', 'Hanne');
    await b.caseOpen({ cpr: '0101901234', caseRef: 'KK-2026-000001', allowUnverified: false });
    const view = await b.sessionLock();
    expect(view).toMatchObject({ locked: true, lockReason: 'by_user', user: { name: 'Hanne' }, signInMethod: 'demo' });
    expect(((await b.signIn('supervisor').catch((e: unknown) => e)) as BackendError).code).toBe('unlock_wrong_user');
    expect(await b.signIn('clerk')).toMatchObject({ name: 'Hanne', role: 'clerk' });
    expect((await b.sessionView()).locked).toBe(false);
    expect(b.openCase).not.toBeNull();
    await b.signIn('supervisor');
    expect(b.openCase).toBeNull();
  });

  it('locks sign-in out after maxFailedSignIns wrong users, until lockedOutUntil', async () => {
    const b = new MockBackend();
    await b.signIn('clerk');
    b.lockSession('idle', false);
    const codes: string[] = [];
    for (let i = 0; i < b.maxFailedSignIns; i++) codes.push(((await b.signIn('it').catch((e: unknown) => e)) as BackendError).code);
    expect(codes).toEqual(['unlock_wrong_user', 'unlock_wrong_user', 'sign_in_locked_out']);
    const until = (await b.sessionView()).lockedOutUntil;
    expect(Date.parse(until!)).toBeGreaterThan(Date.now());
    expect(((await b.signIn('clerk').catch((e: unknown) => e)) as BackendError).code).toBe('sign_in_locked_out');
    b.lockedOutUntil = new Date(Date.now() - 1000).toISOString();
    expect((await b.sessionView()).lockedOutUntil).toBeNull();
    expect((await b.signIn('clerk')).role).toBe('clerk');
  });

  it('provider: finish before start is refused; the event reaches listeners until they unlisten', async () => {
    const b = new MockBackend();
    b.signInMethod = 'provider';
    expect(((await b.signInFinish().catch((e: unknown) => e)) as BackendError).code).toBe('sign_in_not_started');
    const seen: boolean[] = [];
    const unlisten = await b.onSession((s) => seen.push(s.locked));
    b.announceSession();
    unlisten();
    b.announceSession();
    expect(seen).toEqual([false]);
  });
});
