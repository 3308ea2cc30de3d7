import { describeContainers } from './containers';
import { printAnnotations, printLabels, printTolerations } from './format';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './prefix-writer';
import { describeTopologySpread } from './pod';
import { describeVolumes } from './volumes';

// DescribePodTemplate: the `Pod Template:` section of Deployments and ReplicaSets. Containers
// have no status here, and env values from fields cannot be resolved (there is no pod yet).

export function describePodTemplate(template: any, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) return w.write(LEVEL_1, '<unset>');
  const spec = template.spec ?? {};
  printLabels(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length)
    printAnnotations(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length)
    describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpread(spec.topologySpreadConstraints, w, '  ');
  if (spec.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabels(w, '  Node-Selectors', spec.nodeSelector);
  printTolerations(w, '  Tolerations', spec.tolerations);
}
