/**
 * Each seat's unguessable token (as Jupyter's `?token=`), kept in the game's folder (readable by
 * its owner only) so that a resumed server keeps every link working. Tokens are looked up by
 * their SHA-256, so the lookup takes the same time whatever the token's first characters. Only
 * the server makes tokens (a new game never adopts a file it finds), and a token read back must
 * be what the server makes: 32 characters of base64url, so none can break out of a page.
 */
import { NotRegularFileError, readRegularFile } from '../io/regularFile.js';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InputError } from '../scenario/errors.js';

export const TOKENS_FILE = 'tokens.json';

/** What {@link SeatTokens.create} makes: 24 random bytes in base64url. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

const TokensSchema = z.record(
  z.string().min(1),
  z.string().regex(TOKEN_PATTERN, 'expected 32 characters of base64url (A-Z, a-z, 0-9, _ and -)'),
);

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

export class SeatTokens {
  private readonly bySeat: ReadonlyMap<string, string>;
  private readonly byDigest: ReadonlyMap<string, string>;

  private constructor(tokens: Readonly<Record<string, string>>) {
    this.bySeat = new Map(Object.entries(tokens));
    this.byDigest = new Map(Object.entries(tokens).map(([seat, token]) => [digest(token), seat]));
  }

  /** New tokens for `seats`, written to the game's folder; refused (naming the file) if it has tokens already. */
  static create(folder: string, seats: readonly string[]): SeatTokens {
    const tokens = Object.fromEntries(
      seats.map((seat) => [seat, randomBytes(24).toString('base64url')]),
    );
    const file = join(folder, TOKENS_FILE);
    try {
      writeFileSync(file, `${JSON.stringify(tokens, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      throw new InputError([
        {
          file,
          path: '',
          message:
            'a new game makes its own tokens and never adopts a file it finds: start the game in an empty folder',
        },
      ]);
    }
    return new SeatTokens(tokens);
  }

  /** The tokens of a game started before; new tokens if it has none. */
  static load(folder: string, seats: readonly string[]): SeatTokens {
    const file = join(folder, TOKENS_FILE);
    if (!existsSync(file)) return SeatTokens.create(folder, seats);
    let json: unknown;
    try {
      json = JSON.parse(readRegularFile(file));
    } catch (error) {
      const why =
        error instanceof NotRegularFileError ? error.what : 'expected a JSON object of tokens';
      throw new InputError([{ file, path: '', message: why }]);
    }
    const parsed = TokensSchema.safeParse(json);
    if (!parsed.success)
      throw new InputError(
        parsed.error.issues.map((i) => ({
          file,
          path: i.path.join('.'),
          message: i.message,
        })),
      );
    if (seats.some((s) => !parsed.data[s]))
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
