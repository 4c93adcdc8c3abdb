/**
 * A form's fields from a request's body, for every form route: a body that cannot be read as a
 * form (a broken multipart body, a boundary that never closes, a content type that lies) is the
 * client's mistake, answered 400 in words, not a server error (500).
 */
import type { Context } from 'hono';

/** The fields of a request's form, or the 400 response that names why it could not be read. */
export async function formBody(c: Context): Promise<Record<string, unknown> | Response> {
  try {
    return await c.req.parseBody();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return c.text(
      `the request's body is not a readable form (${why}); send application/x-www-form-urlencoded or a well-formed multipart/form-data body`,
      400,
    );
  }
}
