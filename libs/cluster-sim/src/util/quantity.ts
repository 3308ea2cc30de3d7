import { parseQuantity } from '@kubelab/apimachinery';

/** A quantity's milli-value, or the parse error text; never throws. */
export function parseQuantitySafe(v: unknown): { milli?: number; error?: string } {
  try {
    return { milli: Number(parseQuantity(v as string | number).milliValue()) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Milli-units of a resource quantity (cpu: millicores; memory: milli-bytes), 0 when absent or bad. */
export function milli(v: unknown): number {
  if (v === undefined || v === null) return 0;
  return parseQuantitySafe(v).milli ?? 0;
}

/** Whole units (bytes for memory), rounded up like Quantity.Value(). */
export function units(v: unknown): number {
  return Math.ceil(milli(v) / 1000);
}
