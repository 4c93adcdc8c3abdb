/** What a batch's summaries record of how it was made, from its manifest. */
import type { Provenance } from '../report/provenance.js';
import type { BatchManifest } from './manifest.js';

/** The provenance a batch's `summary.json`, `summary.md` and `report.html` record. */
export function batchProvenance(m: BatchManifest): Provenance {
  return {
    overrides: m.overrides ?? [],
    variants: m.variants ?? [],
    ...(m.posterior ? { posterior: { file: m.posterior.given, sha256: m.posterior.sha256 } } : {}),
    seeds: m.seeds.ranges,
  };
}
