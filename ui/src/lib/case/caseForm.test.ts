import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackendError, MockBackend, type CaseView, type CprValidation } from '../backend';
import { CPR_SLOW_MS, CaseForm, type AfterOpen } from './caseForm.svelte';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const VALID: CprValidation = { valid: true, normalized: '0101701234', birthDate: '1970-01-01', sex: 'F', mod11: true, error: null };
const VIEW = { caseId: 'c1', caseRef: 'KK-2026-000001' } as CaseView;

function form(afterOpen: AfterOpen) {
  const backend = new MockBackend();
  const opened: CaseView[] = [];
  return { backend, opened, form: new CaseForm(() => backend, () => backend.info, (v) => opened.push(v), afterOpen) };
}

async function filled(afterOpen: AfterOpen) {
  const f = form(afterOpen);
  await f.form.cprInput('0101701234');
  f.form.caseRef = 'KK-2026-000001';
  return f;
}

afterEach(() => vi.useRealTimers());

describe('CaseForm', () => {
  it('formats the CPR number, validates it once complete, and allows the lookup with a valid reference', async () => {
    const { form: f } = form('keep');
    await f.cprInput('0101701');
    expect(f.cpr).toBe('010170-1');
    expect(f.validation).toBeNull();
    await f.cprInput('0101701234');
    expect(f.validation?.valid).toBe(true);
    expect(f.canLookUp).toBe(false);
    f.caseRef = 'kk?';
    f.caseRefBlur();
    expect(f.caseRefTouched).toBe(true);
    expect(f.caseRefOk).toBe(false);
    f.caseRef = ' KK-2026-000001 ';
    expect(f.canLookUp).toBe(true);
  });

  it('keeps only the newest validation when an older answer comes late', async () => {
    const { backend, form: f } = form('keep');
    const older = deferred<CprValidation>();
    const newer = deferred<CprValidation>();
    backend.cprValidate = vi.fn().mockReturnValueOnce(older.promise).mockReturnValueOnce(newer.promise);
    const first = f.validate();
    const second = f.validate();
    newer.resolve(VALID);
    await second;
    older.resolve({ ...VALID, valid: false, error: 'cpr_wrong_length' });
    await first;
    expect(f.validation).toEqual(VALID);
    expect(f.cprError).toBeNull();
  });

  it('keep: the fields stay after the case opens; clear: they are emptied for the next card', async () => {
    for (const afterOpen of ['keep', 'clear'] as const) {
      const { backend, opened, form: f } = await filled(afterOpen);
      backend.caseOpen = vi.fn().mockResolvedValue(VIEW);
      await f.lookUp(false);
      expect(opened).toEqual([VIEW]);
      expect(backend.caseOpen).toHaveBeenCalledWith({ cpr: '010170-1234', caseRef: 'KK-2026-000001', allowUnverified: false });
      expect(f.cpr).toBe(afterOpen === 'keep' ? '010170-1234' : '');
      expect(f.validation === null).toBe(afterOpen === 'clear');
      expect(f.busy).toBe(false);
    }
  });

  it('a lookup running past CPR_SLOW_MS is marked slow; a register that is down offers continuing unverified', async () => {
    vi.useFakeTimers();
    const { backend, opened, form: f } = await filled('keep');
    const answer = deferred<CaseView>();
    backend.caseOpen = vi.fn().mockReturnValue(answer.promise);
    const lookUp = f.lookUp(false);
    expect(f.busy).toBe(true);
    expect(f.canLookUp).toBe(false);
    vi.advanceTimersByTime(CPR_SLOW_MS - 1);
    expect(f.slow).toBe(false);
    vi.advanceTimersByTime(1);
    expect(f.slow).toBe(true);
    answer.reject(new BackendError('case_open', 'cpr_service_timeout', 'down'));
    await lookUp;
    expect(opened).toEqual([]);
    expect([f.busy, f.slow, f.failure, f.serviceDown]).toEqual([false, false, 'cpr_service_timeout', true]);
    await f.cprInput('0101701234');
    expect(f.failure).toBeNull();
  });
});
