// Live formatting of the CPR field: digits become DDMMYY-SSSS as the clerk types.

/** Formats text made only of digits, spaces and hyphens as DDMMYY-SSSS; any other text is left as it
 *  is, so the validation message can name the problem instead of the field silently eating it. */
export function formatCprInput(text: string): string {
  if (!/^[0-9 -]*$/.test(text)) return text;
  const digits = text.replace(/[ -]/g, '').slice(0, 10);
  return digits.length > 6 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : digits;
}

/** Number of digits typed so far. */
export function digitCount(text: string): number {
  return (text.match(/[0-9]/g) ?? []).length;
}

/** Whether a case reference matches the configured pattern (the backend checks again). */
export function caseRefMatches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true; // a pattern JavaScript cannot read is left to the backend's check
  }
}
