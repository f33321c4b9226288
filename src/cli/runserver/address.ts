import { CommandError } from '../output';

/** Where runserver listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parse runserver's `[addr:]port` as Django does: `8000`, `0.0.0.0:8000`, `localhost:8000`,
 * `[::1]:8000`, `0:8000` (all interfaces). Default 127.0.0.1:8000.
 */
export function parseAddress(value: string | undefined): ListenAddress {
  if (value === undefined || value === '') return { host: '127.0.0.1', port: 8000 };
  const match = /^(?:(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):)?(\d+)$/.exec(value);
  const port = match ? Number(match[3]) : NaN;
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new CommandError(`"${value}" is not a valid port number or address:port pair.`);
  }
  let host = match[1] ?? match[2] ?? '127.0.0.1';
  if (host === '0') host = '0.0.0.0';
  return { host, port };
}

/** `http://host:port/` for the banner (IPv6 in brackets). */
export function addressUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
}
