/** A code as a person reads it: `needs_review` → `Needs review`, with the unit's abbreviations kept in capitals. */
const KNOWN: Record<string, string> = {
  ccu_investigation: 'CCU investigation',
  ccu_analyst: 'CCU analyst',
  ccu_investigator: 'CCU investigator',
  ccu_manager: 'CCU manager',
};

export function codeWords(code: string): string {
  if (KNOWN[code]) return KNOWN[code];
  const text = code.replaceAll('_', ' ').trim();
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
