import { afterEach, describe, expect, it } from 'vitest';
import type { CheckReport } from '../backend';
import { setLang } from '../i18n/index.svelte';
import { checkSummary } from './summary';

const check = (id: string, pass: boolean) => ({ id, value: 1, threshold: '>= 1', pass, key: `photo.${id}.pass`, message: id });
const report = (passes: boolean[]): CheckReport => ({
  verdict: passes.every(Boolean) ? 'pass' : 'fail',
  checks: passes.map((p, i) => check(`c${i}`, p)),
});

describe('checkSummary', () => {
  afterEach(() => setLang('da'));

  it('says all passed, in Danish and English', () => {
    setLang('da');
    expect(checkSummary(report([true, true, true]))).toBe('Alle 3 kontroller er bestået.');
    setLang('en');
    expect(checkSummary(report([true, true, true]))).toBe('All 3 checks passed.');
  });

  it('counts the failures', () => {
    setLang('da');
    expect(checkSummary(report([true, false, false, true]))).toBe('2 af 4 kontroller er ikke bestået.');
    setLang('en');
    expect(checkSummary(report([false, true]))).toBe('1 of 2 checks failed.');
  });
});
