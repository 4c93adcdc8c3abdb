/**
 * Right-censored observations sorted by time once, in groups of equal time (`survival.ts`'s
 * estimators walk them): the Kaplan–Meier curve of all units, and the area under the curve of any
 * weighting of them (a bootstrap resample's counts) in one walk without sorting.
 */

/** One unit's time: of its event when `event`, else of its censoring (no event by then). */
export interface Observation {
  /** Finite and not negative. */
  readonly time: number;
  readonly event: boolean;
}

/** The Kaplan–Meier curve at one event time. */
export interface KaplanMeierStep {
  readonly time: number;
  /** Units whose time is this one or later (censored units at a tied time count as at risk). */
  readonly atRisk: number;
  /** Events at this time. */
  readonly events: number;
  /** The curve S from this time until the next event time: the product of (1 − events/atRisk). */
  readonly survival: number;
  /**
   * Greenwood's variance of log S, Σ events / (atRisk (atRisk − events)) over the event times so
   * far: the square of R's `std.err`; Infinity from a time where every unit at risk has the event.
   */
  readonly logVariance: number;
  /** Greenwood's variance of S, S² × {@link logVariance}; NaN where S is 0, as in R's summary. */
  readonly variance: number;
}

/**
 * Observations sorted by time once, in groups of equal time, so that a curve over any weighting
 * of the units (a bootstrap resample's counts) is one walk without sorting.
 */
export class TimeGroups {
  /** Distinct times ascending. */
  readonly times: Float64Array;
  /** Group g holds sorted places ends[g − 1] (0 for g = 0) to ends[g]. */
  readonly ends: Int32Array;
  /** The unit (index in the input) at each sorted place, and whether it is an event. */
  readonly units: Int32Array;
  readonly events: Uint8Array;
  /** Units in the input, with an observation or not. */
  readonly length: number;
  /** The units without an observation. */
  private readonly absent: Int32Array;

  constructor(observations: ReadonlyArray<Observation | undefined>, name: string) {
    this.length = observations.length;
    const units: number[] = [];
    observations.forEach((o, i) => {
      if (o === undefined) return;
      if (!(Number.isFinite(o.time) && o.time >= 0))
        throw new RangeError(`${name}: times must be finite and not negative, got ${o.time}`);
      units.push(i);
    });
    units.sort((i, j) => observations[i]!.time - observations[j]!.time);
    this.units = Int32Array.from(units);
    this.events = Uint8Array.from(units, (i) => (observations[i]!.event ? 1 : 0));
    const times: number[] = [];
    const ends: number[] = [];
    units.forEach((unit, k) => {
      const time = observations[unit]!.time;
      if (k === 0 || time !== times.at(-1)) {
        times.push(time);
        ends.push(k + 1);
      } else ends[ends.length - 1] = k + 1;
    });
    this.times = Float64Array.from(times);
    this.ends = Int32Array.from(ends);
    this.absent = Int32Array.from(observations.keys()).filter((i) => !observations[i]);
  }

  get size(): number {
    return this.units.length;
  }

  /** Total weight: the units' number, or their counts' sum (`length` less the absent units' counts). */
  weight(counts: Int32Array | null): number {
    if (!counts) return this.units.length;
    let total = 0;
    if (this.absent.length < this.units.length) {
      for (let k = 0; k < this.absent.length; k++) total += counts[this.absent[k]!]!;
      return this.length - total;
    }
    for (let k = 0; k < this.units.length; k++) total += counts[this.units[k]!]!;
    return total;
  }

  /**
   * The area under the Kaplan–Meier curve of the units weighted by `counts` (each 1 when null) on
   * [0, tau], the curve held at its last value beyond the last time; NaN with no weight.
   */
  areaUnder(counts: Int32Array | null, tau: number): number {
    const { times, ends, units, events } = this;
    let atRisk = this.weight(counts);
    if (atRisk === 0) return NaN;
    let survival = 1;
    let last = 0;
    let area = 0;
    let place = 0;
    // groups after the last one up to tau with an event change only the number at risk, which
    // nothing after them reads: a resample's curve ends there too
    const groups = this.eventGroupsTo(tau);
    for (let g = 0; g < groups; g++) {
      let died = 0;
      let gone = 0;
      const end = ends[g]!;
      if (counts)
        for (; place < end; place++) {
          const w = counts[units[place]!]!;
          died += events[place]! * w;
          gone += w;
        }
      else
        for (; place < end; place++) {
          died += events[place]!;
          gone++;
        }
      if (died > 0) {
        area += survival * (times[g]! - last);
        last = times[g]!;
        survival *= 1 - died / atRisk;
      }
      atRisk -= gone;
    }
    return area + survival * (tau - last);
  }

  private eventGroupsTau = NaN;
  private eventGroups = 0;

  /** The groups up to the last one at or before `tau` that holds an event (kept for the last tau asked). */
  private eventGroupsTo(tau: number): number {
    if (tau === this.eventGroupsTau) return this.eventGroups;
    const { times, ends, events } = this;
    let groups = 0;
    for (let g = 0; g < times.length && times[g]! <= tau; g++)
      for (let place = g === 0 ? 0 : ends[g - 1]!; place < ends[g]!; place++)
        if (events[place]) {
          groups = g + 1;
          break;
        }
    this.eventGroupsTau = tau;
    this.eventGroups = groups;
    return groups;
  }

  /** The Kaplan–Meier curve of all units, one step per event time. */
  curve(): KaplanMeierStep[] {
    const { times, ends, events } = this;
    const steps: KaplanMeierStep[] = [];
    let atRisk = this.units.length;
    let survival = 1;
    let logVariance = 0;
    let place = 0;
    for (let g = 0; g < times.length; g++) {
      let died = 0;
      const start = place;
      for (; place < ends[g]!; place++) died += events[place]!;
      if (died > 0) {
        survival *= 1 - died / atRisk;
        logVariance += died === atRisk ? Infinity : died / (atRisk * (atRisk - died));
        const variance = survival === 0 ? NaN : survival * survival * logVariance;
        steps.push({ time: times[g]!, atRisk, events: died, survival, logVariance, variance });
      }
      atRisk -= place - start;
    }
    return steps;
  }
}
