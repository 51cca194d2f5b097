/**
 * A capability's label table (`{ code: 'Label' }`) as the items of a GOV.UK radios or select
 * component, with the chosen one marked. Pages never build these items by hand.
 */
export interface Choice {
  value: string;
  text: string;
  checked?: boolean;
  selected?: boolean;
}

interface ChoiceOptions {
  /** Shows the code before its label (`2: Untested`), for graded scales staff know by number. */
  showCode?: boolean;
  /** Prefixes each value (`police:charged`), for one list drawn from several tables. */
  prefix?: string;
  /** Prefixes each label (`Disciplinary: Dismissed`). */
  labelPrefix?: string;
}

const items = (labels: Record<string, string>, opts: ChoiceOptions) =>
  Object.entries(labels).map(([code, label]) => ({
    code,
    value: `${opts.prefix ?? ''}${code}`,
    text: `${opts.labelPrefix ?? ''}${opts.showCode ? `${code}: ` : ''}${label}`,
  }));

/** Radios items; `selected` is the code to check. */
export function radios(
  labels: Record<string, string>,
  selected?: string | null,
  opts: ChoiceOptions = {},
): Choice[] {
  return items(labels, opts).map(({ code, value, text }) => ({ value, text, checked: code === selected }));
}

/** Select options; `selected` is the code to select. */
export function selectOptions(
  labels: Record<string, string>,
  selected?: string | null,
  opts: ChoiceOptions = {},
): Choice[] {
  return items(labels, opts).map(({ code, value, text }) => ({ value, text, selected: code === selected }));
}

/** Checkboxes items; `selected` are the codes to tick. */
export function checkboxes(labels: Record<string, string>, selected: readonly string[]): Choice[] {
  return items(labels, {}).map(({ code, value, text }) => ({
    value,
    text,
    checked: selected.includes(code),
  }));
}
