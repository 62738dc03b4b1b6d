import type { Logger } from 'pino';

/** What another app answered: its status and JSON body, or `status: null` when it did not answer. */
export interface PeerAnswer<T> {
  status: number | null;
  /** The parsed JSON body (an error body on a 4xx/5xx), or null when there was none or it did not parse. */
  body: T | null;
}

export interface PeerRequest {
  /** The caller's own session or API token, sent as X-Session-ID. */
  token: string;
  method?: 'GET' | 'POST';
  /** A JSON body (POST). */
  json?: unknown;
  timeoutMs: number;
}

/**
 * One call from an app to another (a peer at SIMVAULT_<APP>_URL: another process, perhaps another
 * host). It carries the caller's own token, which every app accepts, so the peer answers what that
 * caller may see and records what they do as theirs. It never throws: a peer that is down, slow or
 * unreadable is `status: null`, logged once here as `<what> failed`, and the calling route says in
 * its answer what it could not check. A refusal (401/403) is a status like any other, so the caller
 * can tell "the peer refused this session" from "the peer did not answer".
 */
export async function askPeer<T>(
  logger: Logger,
  what: string,
  url: string,
  request: PeerRequest,
): Promise<PeerAnswer<T>> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: request.method ?? 'GET',
      headers: {
        'X-Session-ID': request.token,
        ...(request.json === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, `${what} failed`);
    return { status: null, body: null };
  }
  try {
    const text = await res.text();
    return { status: res.status, body: text === '' ? null : (JSON.parse(text) as T) };
  } catch (error) {
    // A 2xx whose body cannot be read is as good as no answer; an error status keeps its status.
    logger.warn(
      { err: error instanceof Error ? error.message : String(error), status: res.status },
      `${what} failed`,
    );
    return res.ok ? { status: null, body: null } : { status: res.status, body: null };
  }
}

/** The sentence a peer's error body carries (every app answers `{error}`), else its status. */
export function peerError(answer: PeerAnswer<unknown>): string {
  const said = (answer.body as { error?: unknown } | null)?.error;
  return typeof said === 'string' ? said : `it answered ${answer.status}`;
}
