import type { AdmissionPlugin } from '../api-server';
import { DEFAULT_CLASS_ANNOTATION } from '../../apis/networking/ingress-class';
import { INGRESS_CLASS_ANNOTATION } from '../../apis/networking/ingress';

// plugin/pkg/admission/network/defaultingressclass: an Ingress created without
// spec.ingressClassName (and without the old kubernetes.io/ingress.class annotation) gets the
// IngressClass annotated ingressclass.kubernetes.io/is-default-class: "true" — the newest one
// when several are, by name when they were created at the same instant.

export const defaultIngressClass: AdmissionPlugin = {
  name: 'DefaultIngressClass',
  admit(op, type, ing, _old, ctx) {
    if (op !== 'create' || type.group !== 'networking.k8s.io' || type.kind !== 'Ingress') return;
    if (ing.spec?.ingressClassName != null) return;
    if (ing.metadata?.annotations?.[INGRESS_CLASS_ANNOTATION] !== undefined) return;
    const defaults = (ctx.view.list('networking.k8s.io', 'IngressClass') as any[])
      .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true')
      .sort((a, b) => {
        const ta = Date.parse(a.metadata.creationTimestamp);
        const tb = Date.parse(b.metadata.creationTimestamp);
        if (ta === tb) return a.metadata.name < b.metadata.name ? -1 : 1;
        return tb - ta;
      });
    if (!defaults.length) return;
    ing.spec ??= {};
    ing.spec.ingressClassName = defaults[0].metadata.name;
  },
};
