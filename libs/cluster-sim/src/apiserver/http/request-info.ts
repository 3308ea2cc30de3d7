// What a Kubernetes API path asks for (k8s.io/apiserver/pkg/endpoints/request.RequestInfoFactory):
// /api/v1/namespaces/default/pods/web/log -> {group '', version v1, namespace default,
// resource pods, name web, subresource log}.

export interface RequestInfo {
  isResourceRequest: boolean;
  /** For non-resource requests: the path. */
  path: string;
  apiPrefix?: 'api' | 'apis';
  group: string;
  version: string;
  namespace: string;
  resource: string;
  name: string;
  subresource: string;
  verb: string;
}

export function parseRequestInfo(
  method: string,
  pathname: string,
  query: URLSearchParams,
): RequestInfo {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  const info: RequestInfo = {
    isResourceRequest: false,
    path: pathname,
    group: '',
    version: '',
    namespace: '',
    resource: '',
    name: '',
    subresource: '',
    verb: method.toLowerCase(),
  };
  if (parts[0] !== 'api' && parts[0] !== 'apis') return info;
  info.apiPrefix = parts[0];
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length < 3) return info; // /api, /api/v1: discovery
    info.version = parts[1]!;
    rest = parts.slice(2);
  } else {
    if (parts.length < 4) return info; // /apis, /apis/apps, /apis/apps/v1
    info.group = parts[1]!;
    info.version = parts[2]!;
    rest = parts.slice(3);
  }
  info.isResourceRequest = true;
  // Legacy /watch/ paths are served as watches too.
  if (rest[0] === 'watch') {
    rest = rest.slice(1);
    info.verb = 'watch';
  }
  if (rest[0] === 'namespaces') {
    if (rest.length === 1) {
      info.resource = 'namespaces';
    } else if (
      rest.length === 2 ||
      (rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize'))
    ) {
      // /namespaces/{name}[/status|/finalize]: the namespace object itself.
      info.resource = 'namespaces';
      info.name = rest[1]!;
      info.subresource = rest[2] ?? '';
    } else {
      info.namespace = rest[1]!;
      rest = rest.slice(2);
      info.resource = rest[0] ?? '';
      info.name = rest[1] ?? '';
      info.subresource = rest.slice(2).join('/');
    }
  } else {
    info.resource = rest[0] ?? '';
    info.name = rest[1] ?? '';
    info.subresource = rest.slice(2).join('/');
  }
  if (info.verb !== 'watch') {
    const watch = query.get('watch');
    const isWatch = watch === 'true' || watch === '1';
    switch (method) {
      case 'GET':
      case 'HEAD':
        info.verb = info.name ? 'get' : isWatch ? 'watch' : 'list';
        break;
      case 'POST':
        info.verb = 'create';
        break;
      case 'PUT':
        info.verb = 'update';
        break;
      case 'PATCH':
        info.verb = 'patch';
        break;
      case 'DELETE':
        info.verb = info.name ? 'delete' : 'deletecollection';
        break;
      default:
        info.verb = method.toLowerCase();
    }
  }
  return info;
}
