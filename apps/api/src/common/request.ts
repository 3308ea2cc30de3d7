import type { Request } from 'express';
import type { Principal } from '@kubelab/platform';

export interface AuthedRequest extends Request {
  user?: Principal;
}
