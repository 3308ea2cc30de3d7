// metrics-server's table convertor (pkg/api/table.go): NAME, one column per resource (cpu,
// memory) with the usage summed over containers, and the sample's WINDOW.
import { parseQuantity, type Quantity } from '@kubelab/apimachinery';
import { column, printer, type PrinterEntry } from './columns';

const columns = () => [
  column('Name', 'string', 'Name of the resource', { format: 'name' }),
  column('cpu', 'string', '', { format: 'quantity' }),
  column('memory', 'string', '', { format: 'quantity' }),
  column('Window', 'string', '', { format: 'duration' }),
];

function sum(usages: Record<string, string>[], resource: string): string {
  let total: Quantity = parseQuantity('0');
  for (const u of usages) {
    try {
      if (u[resource] !== undefined) total = total.add(parseQuantity(u[resource]!));
    } catch {
      // A malformed sample counts as nothing.
    }
  }
  return total.toString();
}

export const metricsPrinters: PrinterEntry[] = [
  {
    group: 'metrics.k8s.io',
    kind: 'PodMetrics',
    printer: printer(columns, (m) => {
      const usages = (m.containers ?? []).map((c: any) => c.usage ?? {});
      return [m.metadata?.name ?? '', sum(usages, 'cpu'), sum(usages, 'memory'), m.window ?? ''];
    }),
  },
  {
    group: 'metrics.k8s.io',
    kind: 'NodeMetrics',
    printer: printer(columns, (m) => [
      m.metadata?.name ?? '',
      sum([m.usage ?? {}], 'cpu'),
      sum([m.usage ?? {}], 'memory'),
      m.window ?? '',
    ]),
  },
];
