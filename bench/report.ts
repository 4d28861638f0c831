/**
 * The bench's output: one figure per line, `name: value unit (ratio to its floor)`, or `(n/a)`
 * where nothing stands under it. Progress and detail go to stderr, so stdout is the report.
 */
export interface Against {
  value: number;
  /** What the ratio is to, as printed: "floor", "@100". */
  label: string;
  unit?: string;
}

export const isFigure = (value: number | null | undefined): value is number => typeof value === 'number' && Number.isFinite(value);

export function formatValue(value: number, unit: string): string {
  if (!isFigure(value)) return 'NaN';
  if (unit === 'USD') return value.toFixed(4);
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(value >= 100 ? 0 : 2);
}

export function figure(name: string, value: number, unit: string, against?: Against): string {
  let ratio = 'n/a';
  if (against && isFigure(value) && isFigure(against.value) && against.value > 0) {
    ratio = `${(value / against.value).toFixed(2)}x ${against.label} ${formatValue(against.value, against.unit ?? unit)} ${against.unit ?? unit}`;
  } else if (against) ratio = `n/a: ${against.label} not measured`;
  const line = `${name}: ${formatValue(value, unit)} ${unit} (${ratio})`;
  console.log(line);
  return line;
}

export const progress = (message: string) => console.error(message);
