/**
 * Which pages are connected: each open event stream registers here with its seat, beats with
 * every event or heartbeat it sends, and leaves when it closes. The control cell sees, per seat,
 * the pages open now and when the seat was last seen (a beat, an opening or a closing). The clock
 * is injected, so that tests can set it.
 */

/** One open event stream. */
export interface Connection {
  /** The stream sent something: its page is still there. */
  beat(): void;
  /** The stream closed. */
  close(): void;
}

/** What the control cell sees of a seat's pages. */
export interface SeatPresence {
  readonly seat: string;
  /** Event streams open now. */
  readonly pages: number;
  /** Milliseconds (of the injected clock) when the seat was last seen; undefined if never. */
  readonly lastSeen?: number;
}

/** The open event streams of one game's server (see the module comment). */
export class Connections {
  private readonly open = new Map<string, Set<object>>();
  private readonly seen = new Map<string, number>();

  /** `now`: a clock in milliseconds (the server's real clock, or a test's). */
  constructor(private readonly now: () => number) {}

  /** Registers a stream of `seat`'s page. */
  connect(seat: string): Connection {
    const handle = {};
    const streams = this.open.get(seat) ?? new Set<object>();
    this.open.set(seat, streams.add(handle));
    const beat = () => this.seen.set(seat, this.now());
    beat();
    return {
      beat,
      close: () => {
        if (!streams.delete(handle)) return;
        beat();
      },
    };
  }

  /** Each of `seats`: its pages open now and when it was last seen, in the order given. */
  presence(seats: readonly string[]): SeatPresence[] {
    return seats.map((seat) => {
      const lastSeen = this.seen.get(seat);
      return {
        seat,
        pages: this.open.get(seat)?.size ?? 0,
        ...(lastSeen === undefined ? {} : { lastSeen }),
      };
    });
  }
}
