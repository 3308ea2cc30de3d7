import { Injectable, type PipeTransform } from '@nestjs/common';
import { PlatformError } from '@kubelab/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else names nothing that exists, so it answers 404 like a foreign id. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) throw new PlatformError('not_found', 'not found');
    return value.toLowerCase();
  }
}
