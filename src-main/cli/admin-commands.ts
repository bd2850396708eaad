// `klaxon keys …` and `klaxon services …`: manage a data dir directly (works while `serve` runs on it too).
// A service's paging (`services set`) has its own file, service-paging-command.ts.
import { z } from 'zod';
import { Scope, SCOPES } from '../../src-shared/schemas/common.ts';
import { displayText, displayJson } from '../../src-shared/domain/display-text.ts';
import type { Engine } from '../engine/types.ts';
import { UsageError } from './args.ts';
import { table } from './table.ts';
import { setServicePaging, SERVICES_SET_USAGE, type ServicePagingOptions } from './service-paging-command.ts';

type Out = (text: string) => void;

export async function keysCommand(engine: Engine, sub: string | undefined, rest: string[], opts: { scopes?: string; name?: string; json: boolean }, out: Out): Promise<void> {
  switch (sub) {
    case 'create': {
      if (!opts.scopes) throw new UsageError(`keys create needs --scopes, a comma-separated list of: ${SCOPES.join(', ')}`);
      const scopes = z.array(Scope).safeParse(opts.scopes.split(',').map((s) => s.trim()).filter(Boolean));
      if (!scopes.success || scopes.data.length === 0) throw new UsageError(`--scopes takes a comma-separated list of: ${SCOPES.join(', ')}`);
      const k = await engine.createKey({ name: opts.name ?? 'api key', scopes: scopes.data });
      out(opts.json ? displayJson(k) : `Created key ${k.id} (${k.scopes.join(', ')}):\n  ${k.key}\nThe key is shown only now.`);
      return;
    }
    case 'list': {
      const keys = engine.listKeys();
      if (opts.json) return out(displayJson(keys));
      if (keys.length === 0) return out('No API keys.');
      out(table([['ID', 'NAME', 'SCOPES', 'PREFIX', 'LAST USED', 'REVOKED'],
        ...keys.map((k) => [k.id, displayText(k.name), k.scopes.join(','), `${k.prefix}…`, k.lastUsedAt ?? 'never', k.revokedAt ?? '-'])]));
      return;
    }
    case 'revoke': {
      const id = rest[0];
      if (!id) throw new UsageError('keys revoke needs the key id (see `klaxon keys list`)');
      const k = await engine.revokeKey(id);
      out(opts.json ? displayJson(k) : `Revoked ${k.id} (${displayText(k.name)}).`);
      return;
    }
    default:
      throw new UsageError('usage: klaxon keys create --scopes LIST [--name N] [--json] | keys list [--json] | keys revoke ID');
  }
}

export async function servicesCommand(engine: Engine, sub: string | undefined, rest: string[], opts: { name?: string; json: boolean } & ServicePagingOptions, out: Out): Promise<void> {
  switch (sub) {
    case 'set': return setServicePaging(engine, rest[0], opts, out);
    case 'create': {
      if (!opts.name) throw new UsageError('services create needs --name');
      const s = await engine.createService({ name: opts.name });
      out(opts.json ? displayJson(s) : `Created service ${s.id} (${displayText(s.name)})\n  routing key: ${s.routingKey}`);
      return;
    }
    case 'list': {
      const services = engine.listServices();
      if (opts.json) return out(displayJson(services));
      if (services.length === 0) return out('No services. Run `klaxon init`.');
      out(table([['ID', 'NAME', 'ROUTING KEY', 'URGENCY'], ...services.map((s) => [s.id, displayText(s.name), s.routingKey, s.urgencyRule])]));
      return;
    }
    default:
      throw new UsageError(`usage: klaxon services create --name N [--json] | services list [--json]\n       ${SERVICES_SET_USAGE}`);
  }
}
