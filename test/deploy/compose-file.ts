// docker-compose.yml as the deploy tests read it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

export interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  environment?: Record<string, string | number>;
  entrypoint?: string[];
  command?: string[];
  ports?: string[];
  volumes?: string[];
}
export const compose = parse(read('docker-compose.yml')) as { services: Record<string, Service> };
export const services = compose.services;

/** A one-shot job's `sh -c` script as the shell gets it: compose turns `$$` into `$`. */
export function shell(name: string): string {
  const service = services[name];
  if (service?.entrypoint?.join(' ') !== '/bin/sh -c' || !service.command) throw new Error(`${name} is not a /bin/sh -c job`);
  const script = service.command.join(' ');
  // A lone `$` would be filled in by compose from the host's environment, not by the shell.
  if (script.replace(/\$\$/g, '').includes('$')) throw new Error(`${name}'s script has a lone $, which compose would fill in`);
  return script.replace(/\$\$/g, '$');
}
