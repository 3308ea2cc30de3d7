import { GoValue, type Quantity } from '@kubelab/apimachinery';
import { q } from '../../quota/resources';

// How a resource.Quantity prints as a field error's bad value. Quantity's String() has a
// pointer receiver, so field.Invalid(path, quantity, ...) falls back to Go's %#v of the struct:
// "resource.Quantity{i:resource.int64Amount{value:1073741824, scale:0}, d:..., s:"1Gi",
// Format:"BinarySI"}" — what a real cluster prints for LimitRange and ResourceQuota values.

interface QuantityInternals {
  mantissa: bigint;
  exponent: number;
  dec: boolean;
  format: string;
}

export function goQuantity(v: unknown): GoValue {
  const quantity: Quantity = q(v);
  const x = quantity as unknown as QuantityInternals;
  const amount = x.dec
    ? 'i:resource.int64Amount{value:0, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(0xc000a1c0a0)}'
    : `i:resource.int64Amount{value:${x.mantissa}, scale:${x.exponent}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}`;
  return new GoValue(
    `resource.Quantity{${amount}, s:${JSON.stringify(quantity.toString())}, Format:${JSON.stringify(x.format)}}`,
  );
}
