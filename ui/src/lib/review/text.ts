// The review in words: a cause in plain Danish (or English), a reason code's text, an audit line's
// action and outcome, and a local date and time.
import type { ReviewCause } from '../backend';
import { CODES, type Code } from '../generated/codes';
import { codeText, STRINGS, t, type StringKey } from '../i18n/index.svelte';

/** Every cause, in the order the counts are shown. */
export const CAUSES: readonly ReviewCause[] = ['gateway_rejected', 'producer_rejected', 'blocked', 'override', 'dead', 'stuck'];

/** "Afvist af gatewayen", "Godkendt trods fejl — venter på godkendelse", ... */
export function causeText(cause: ReviewCause): string {
  return t(`cause_${cause}`);
}

/**
 * A reason the gateway, the producer or the re-lookup gave: one of our codes' text, else the
 * gateway contract's reason codes (docs/gateway-api.yaml), else the code as it came.
 */
export function reasonText(reason: string): string {
  return (CODES as readonly string[]).includes(reason) ? codeText(reason as Code) : known('reason_', reason);
}

/** The text for `prefix + name` when the table has it, else `name` as it came. */
function known(prefix: string, name: string): string {
  const key = `${prefix}${name}`;
  return key in STRINGS.da ? t(key as StringKey) : name;
}

/** An audit action in words ("Optagelse", "Afsendelse", ...), else its audit name. */
export const actionText = (action: string) => known('act_', action);

/** An audit outcome in words ("Afvist af gatewayen", "Returneret", ...), else as recorded. */
export const outcomeText = (outcome: string) => known('outcome_', outcome);

const two = (n: number) => String(n).padStart(2, '0');

/** "02.11.2026 kl. 09:30" in local time; the text as it came when it is no date. */
export function dateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const date = `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()}`;
  return t('dateTime', { date, time: `${two(d.getHours())}:${two(d.getMinutes())}` });
}
