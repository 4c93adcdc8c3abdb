/**
 * The address players open a game at, and the control cell's page of every seat's link. A link
 * must work on the players' machines: the public URL the facilitator gave (`--public-url`, a proxy
 * or a name), else the address the server listens on, except that an address listening on every
 * interface (`0.0.0.0`, `::`) is no address at all: the links then use this machine's own
 * addresses (non-internal IPv4 first) and say so.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import type { Hono } from 'hono';
import { InputError } from '../scenario/errors.js';
import { escape } from '../report/html.js';
import { CONTROL } from '../live/seats.js';
import type { SeatTokens } from './tokens.js';

/** Where the links point, and what the facilitator should know about it. */
export interface LinkBase {
  /** The base URL of every link (no trailing slash). */
  readonly url: string;
  /** Other base URLs this machine answers at (when bound to every interface). */
  readonly others: readonly string[];
  /** Why the links use this address, when it is not the one given; undefined otherwise. */
  readonly note?: string;
}

/** A `--public-url` checked: http or https, no query or fragment; without its trailing slash. */
export function checkPublicUrl(text: string, option = '--public-url'): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    url = new URL('invalid:');
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password)
    throw new InputError([
      {
        file: option,
        path: '',
        message: `expected the http or https address players open, such as http://10.0.0.5:8080 (no query, fragment or password), got "${text}"`,
      },
    ]);
  return url.href.replace(/\/+$/, '');
}

const hostPart = (address: string) => (address.includes(':') ? `[${address}]` : address);

/** Whether `host` listens on every interface. */
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The base of the links for a server listening on `host`:`port`; `interfaces` is
 * `os.networkInterfaces()` (passed in, so the choice can be tested).
 */
export function linkBase(options: {
  readonly host: string;
  readonly port: number;
  readonly publicUrl?: string;
  readonly interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): LinkBase {
  const { host, port } = options;
  if (options.publicUrl !== undefined) return { url: options.publicUrl, others: [] };
  if (!isWildcard(host)) return { url: `http://${hostPart(host)}:${port}`, others: [] };
  const addresses = Object.values(options.interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => !i.internal && !(i.family === 'IPv6' && i.address.startsWith('fe80:')))
    .sort((a, b) => (a.family === b.family ? 0 : a.family === 'IPv4' ? -1 : 1))
    .map((i) => `http://${hostPart(i.address)}:${port}`);
  if (addresses.length === 0)
    return {
      url: `http://127.0.0.1:${port}`,
      others: [],
      note: `listening on ${host}, but this machine has no network address besides its own loopback: the links work on this machine only (give --public-url for another address)`,
    };
  return {
    url: addresses[0]!,
    others: addresses.slice(1),
    note: `listening on ${host} (every interface): the links use this machine's address ${addresses[0]}${addresses.length > 1 ? ` (it also answers at ${addresses.slice(1).join(', ')})` : ''}; give --public-url if players reach it by another address`,
  };
}

/** Each seat's link, in the order of `seats`. */
export function seatLinks(
  base: string,
  seats: readonly string[],
  tokens: SeatTokens,
): Map<string, string> {
  return new Map(seats.map((seat) => [seat, `${base}/?token=${tokens.tokenOf(seat)}`]));
}

/** The control cell's page of links: one a seat, to hand out. */
function linksPage(title: string, links: ReadonlyMap<string, string>, base: LinkBase): string {
  const rows = [...links]
    .map(
      ([seat, link]) =>
        `<tr data-seat="${escape(seat)}"><td>${escape(seat === CONTROL ? 'control cell' : seat)}</td><td><a href="${escape(link)}">${escape(link)}</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}: links</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style>
</head><body><h1>${escape(title)}: the seats' links</h1>
<p>Give each team its seat's link; anyone with a link plays that seat.</p>
${base.note ? `<p data-testid="links-note">${escape(base.note)}</p>` : ''}
<table><tr><th>seat</th><th>link</th></tr>
${rows}</table></body></html>`;
}

/** `GET /links?token=`: the page of links, for the control cell only (401 otherwise, 403 for a seat). */
export function addLinksRoute(
  app: Hono,
  tokens: SeatTokens,
  title: string,
  links: () => { readonly links: ReadonlyMap<string, string>; readonly base: LinkBase },
): void {
  app.get('/links', (c) => {
    const seat = tokens.seatOf(c.req.query('token'));
    if (!seat) return c.text('unknown or revoked token', 401);
    if (seat !== CONTROL) return c.text('only the control cell sees every link', 403);
    const now = links();
    return c.html(linksPage(title, now.links, now.base));
  });
}
