// Accessibility by test: axe-core (npm `axe-core`) run inside the app's page through WebDriver.
// Its source is injected once per page load with `execute` (the app is one page, so once per
// session unless it reloads), then `axe.run` checks the whole document against WCAG 2.0 and 2.1,
// levels A and AA. Only violations count; what axe cannot decide alone ("incomplete") is not
// a failure. The caller waits for what the step shows before auditing: nothing here waits on time.
import assert from 'node:assert/strict';
import axe from 'axe-core';

/** The rule sets of WCAG 2.1 AA (2.0 A/AA plus 2.1's additions): what the Danish law points to. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Injects axe-core into the page unless it is there already (a reload removes it), and then
 * proves that it finds a violation: an audit that could never fail would prove nothing.
 */
async function inject(browser) {
  const present = await browser.execute(() => typeof window.axe?.run === 'function');
  if (present) return;
  // The source as the body of the script; it defines window.axe.
  await browser.execute(`${axe.source}\nreturn typeof window.axe?.run === 'function';`);
  const injected = await browser.execute(() => typeof window.axe?.run === 'function');
  if (!injected) throw new Error('axe-core could not be injected into the page');
  await selfCheck(browser);
}

/**
 * Runs axe on a button without a name, added outside the app's root for the moment of the run,
 * and fails unless axe reports it (rule button-name).
 */
async function selfCheck(browser) {
  const found = await browser.executeAsync((done) => {
    const probe = document.createElement('button');
    probe.setAttribute('data-axe-self-check', '');
    document.body.appendChild(probe);
    window.axe.run({ include: [['[data-axe-self-check]']] }, { runOnly: { type: 'rule', values: ['button-name'] }, resultTypes: ['violations'] })
      .then((r) => done(r.violations.map((v) => v.id)))
      .catch((e) => done([`error: ${e}`]))
      .finally(() => probe.remove());
  });
  assert.deepEqual(found, ['button-name'], 'axe-core in the page must report a button without a name');
}

/**
 * Runs axe on the whole page and returns its violations of `tags` as readable lines, one per
 * rule and element: `rule-id (impact) at selector: help [what to fix]`. Empty when none.
 */
export async function axeViolations(browser, { tags = WCAG_21_AA } = {}) {
  await inject(browser);
  const answer = await browser.executeAsync((runOnly, done) => {
    window.axe.run(document, { runOnly: { type: 'tag', values: runOnly }, resultTypes: ['violations'] })
      .then((r) => done({
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '', html: n.html.slice(0, 200) })),
        })),
      }))
      .catch((e) => done({ error: String(e?.stack ?? e) }));
  }, tags);
  if (answer?.error) throw new Error(`axe-core failed in the page: ${answer.error}`);
  const lines = [];
  for (const v of answer.violations) {
    for (const n of v.nodes) {
      lines.push(`${v.id} (${v.impact}) at ${n.target}: ${v.help} [${n.summary.replace(/\s+/g, ' ').trim()}] ${n.html}`);
    }
  }
  return lines;
}

/**
 * Asserts that the page as shown now has no WCAG 2.1 AA violation; `where` names the screen in
 * the failure message. Logs the audit's duration so the suite's added time stays visible.
 */
export async function assertAccessible(browser, where) {
  const started = Date.now();
  const lines = await axeViolations(browser);
  console.log(`e2e: axe ${where}: ${lines.length} violations in ${Date.now() - started} ms`);
  assert.deepEqual(lines, [], `accessibility violations (WCAG 2.1 AA) on ${where}:\n${lines.join('\n')}`);
}
