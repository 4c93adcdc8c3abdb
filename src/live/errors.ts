/**
 * Why a game refused an input: the seat may not make it (`notYours`: another seat's point, a
 * control-cell action), the game's state does not allow it now (`notNow`: a point already
 * answered, a page showing an older state, the game ended), or the input itself is not one the
 * game can take (`invalid`: an answer that is not an option, an unknown seat, rung or organisation).
 */
export type Refusal = 'notYours' | 'notNow' | 'invalid';

/** An input to a live game it refused, saying why (see {@link Refusal}). */
export class GameInputError extends Error {
  override name = 'GameInputError';
  constructor(
    message: string,
    readonly refusal: Refusal,
  ) {
    super(message);
  }
}
