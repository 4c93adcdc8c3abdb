/**
 * Preloaded (`node --import`) into the facilitator the chaos test kills: the time of day stands
 * still, so the log's wall times, and with them its hash chain, are the same in a game killed and
 * resumed as in one played through. The monotonic clock (the paced game clock) is left alone.
 */
const FIXED = Date.UTC(2026, 11, 7, 9, 0, 0);
const RealDate = Date;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(FIXED);
    else super(...args);
  }
  static now() {
    return FIXED;
  }
}
globalThis.Date = FixedDate;
