// One sentence for a check report ("2 af 17 kontroller er ikke bestået."): shown above the list
// and announced by the steps' live regions, so the result is heard and read, not only coloured.
import type { CheckReport } from '../backend';
import { t } from '../i18n/index.svelte';

/** The report's result in one sentence in the current language: all passed, or how many failed. */
export function checkSummary(report: CheckReport): string {
  const count = report.checks.length;
  const failed = report.checks.filter((c) => !c.pass).length;
  return failed === 0 ? t('checksAllPassed', { count }) : t('checksSomeFailed', { failed, count });
}
