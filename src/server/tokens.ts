/**
 * Each seat's unguessable token (as Jupyter's `?token=`), kept in the game's folder (readable by
 * its owner only) so that a resumed server keeps every link working. Tokens are looked up by
 * their SHA-256, so the lookup takes the same time whatever the token's first characters.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../scenario/errors.js';

export const TOKENS_FILE = 'tokens.json';

const TokensSchema = z.record(z.string().min(1), z.string().min(32));

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SeatTokens {
  private readonly bySeat: ReadonlyMap<string, string>;
  private readonly byDigest: ReadonlyMap<string, string>;

  private constructor(tokens: Readonly<Record<string, string>>) {
    this.bySeat = new Map(Object.entries(tokens));
    this.byDigest = new Map(Object.entries(tokens).map(([seat, token]) => [digest(token), seat]));
  }

  /** New tokens for `seats`, written to the game's folder. */
  static create(folder: string, seats: readonly string[]): SeatTokens {
    const tokens = Object.fromEntries(
      seats.map((seat) => [seat, randomBytes(24).toString('base64url')]),
    );
    writeFileSync(join(folder, TOKENS_FILE), `${JSON.stringify(tokens, null, 2)}\n`, {
      mode: 0o600,
    });
    return new SeatTokens(tokens);
  }

  /** The tokens of a game started before; new tokens if it has none. */
  static load(folder: string, seats: readonly string[]): SeatTokens {
    const file = join(folder, TOKENS_FILE);
    if (!existsSync(file)) return SeatTokens.create(folder, seats);
    const parsed = TokensSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success || seats.some((s) => !parsed.data[s]))
      throw new InputError([
        { file, path: '', message: `expected a token for each seat (${seats.join(', ')})` },
      ]);
    return new SeatTokens(parsed.data);
  }

  /** The seat a token opens, or undefined. */
  seatOf(token: string | undefined): string | undefined {
    return token === undefined ? undefined : this.byDigest.get(digest(token));
  }

  tokenOf(seat: string): string {
    return this.bySeat.get(seat)!;
  }
}
