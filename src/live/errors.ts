/** Why an input to a live game was refused; `status` is the HTTP status a server answers with. */
export class GameInputError extends Error {
  override name = 'GameInputError';
  constructor(
    message: string,
    readonly status: 403 | 404 | 409 | 422,
  ) {
    super(message);
  }
}
