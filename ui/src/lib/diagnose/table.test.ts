// The Diagnose page's words cover every check the backend can report: the run-time list
// CHECK_IDS equals the ids of the generated CheckId type (read from ipc.ts, in the Rust order),
// and each id has a title, an "ok" sentence, a problem and a fix in Danish and English.
import { describe, expect, it } from 'vitest';
import ipcSource from '../generated/ipc.ts?raw';
import { CHECK_IDS, DIAGNOSE_STRINGS, DIAGNOSE_TEXT, summaryText, sizeText } from '../i18n/diagnose';
import { setLang } from '../i18n/index.svelte';

/** The ids of `export type CheckId = "a" | "b" ...;` in the generated contract. */
function generatedIds(): string[] {
  const line = ipcSource.match(/export type CheckId = ([^;]+);/);
  expect(line, 'CheckId in ui/src/lib/generated/ipc.ts').not.toBeNull();
  return [...line![1].matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
}

describe('the Diagnose text table', () => {
  it('lists exactly the generated check ids, in their order, once each', () => {
    expect(generatedIds().length).toBeGreaterThan(10);
    expect([...CHECK_IDS]).toEqual(generatedIds());
    expect(new Set(CHECK_IDS).size).toBe(CHECK_IDS.length);
  });

  it('has a non-empty title, ok, problem and fix for every id in both languages, and no extra ids', () => {
    for (const lang of ['da', 'en'] as const) {
      expect(Object.keys(DIAGNOSE_TEXT[lang]).sort()).toEqual([...CHECK_IDS].sort());
      for (const id of CHECK_IDS) {
        const words = DIAGNOSE_TEXT[lang][id];
        for (const part of ['title', 'ok', 'problem', 'fix'] as const) {
          expect(words[part].trim().length, `${lang} ${id} ${part}`).toBeGreaterThan(part === 'title' ? 1 : 10);
        }
      }
    }
    expect(DIAGNOSE_TEXT.da.disk_space.title).toBe('Diskplads');
    expect(DIAGNOSE_TEXT.da.clock_skew.fix).toContain('w32tm /resync');
    expect(DIAGNOSE_TEXT.da.gateway_certificate.fix).toContain('gateway.tls.client_cert');
  });

  it('has the same page strings in both languages, none empty', () => {
    expect(Object.keys(DIAGNOSE_STRINGS.en).sort()).toEqual(Object.keys(DIAGNOSE_STRINGS.da).sort());
    for (const v of [...Object.values(DIAGNOSE_STRINGS.da), ...Object.values(DIAGNOSE_STRINGS.en)]) expect(v.trim()).not.toBe('');
  });

  it('counts failures and warnings in words, and sizes in kB and MB', () => {
    setLang('da');
    expect(summaryText(0, 0)).toBe('Alt er i orden');
    expect(summaryText(2, 1)).toBe('2 fejl og 1 advarsel');
    expect(summaryText(1, 0)).toBe('1 fejl');
    expect(summaryText(0, 3)).toBe('3 advarsler');
    expect(sizeText(48_213)).toBe('48 kB');
    expect(sizeText(1_250_000)).toBe('1,3 MB');
    setLang('en');
    expect(summaryText(1, 2)).toBe('1 failure and 2 warnings');
    expect(sizeText(1_250_000)).toBe('1.3 MB');
    setLang('da');
  });
});
