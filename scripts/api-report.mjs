/**
 * The API report check: for each entry point in package.json's `exports`, API Extractor reads
 * the declarations `npm run build` wrote into dist/ and compares the public surface with the
 * committed report in api/ (`rungs.api.md`, `rungs-analysis.api.md`, …). A change to a public
 * export fails the check until the report is updated on purpose: `npm run api-report -- --local`
 * rewrites the reports, and the diff shows the change for review.
 *
 * Also fails when a public signature uses a type the entry point does not export
 * (ae-forgotten-export).
 */
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = process.argv.includes('--local');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** Every entry point of the package with the declarations it exports. */
function entryPoints() {
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === 'object' && target.types)
    .map(([subpath, target]) => ({
      name: subpath === '.' ? pkg.name : `${pkg.name}-${subpath.slice(2).replaceAll('/', '-')}`,
      types: join(root, target.types),
    }));
}

/** The API Extractor configuration of one entry point. */
function configOf(entry) {
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: root,
      mainEntryPointFilePath: entry.types,
      compiler: { tsconfigFilePath: join(root, 'tsconfig.build.json') },
      apiReport: {
        enabled: true,
        reportFolder: join(root, 'api'),
        reportTempFolder: join(root, 'dist', 'api-temp'),
        reportFileName: entry.name,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: 'error' } },
        extractorMessageReporting: {
          default: { logLevel: 'error' },
          'ae-missing-release-tag': { logLevel: 'none' },
          'ae-internal-missing-underscore': { logLevel: 'none' },
          // TSDoc is asked of every export, not of each of its members
          'ae-undocumented': { logLevel: 'none' },
          // a link to another entry point's export is fine for a reader; API Extractor sees one entry at a time
          'ae-unresolved-link': { logLevel: 'none' },
        },
        tsdocMessageReporting: { default: { logLevel: 'none' } },
      },
    },
    configObjectFullPath: join(root, 'api-extractor.json'),
    packageJsonFullPath: join(root, 'package.json'),
  });
}

let failed = 0;
for (const entry of entryPoints()) {
  const result = Extractor.invoke(configOf(entry), {
    localBuild: local,
    showVerboseMessages: false,
  });
  if (!result.succeeded) {
    failed++;
    console.error(
      `${entry.name}: ${result.errorCount} error(s)` +
        (result.apiReportChanged
          ? `; its public API differs from api/${entry.name}.api.md (npm run api-report -- --local to accept the change)`
          : ''),
    );
  }
}
process.exit(failed > 0 ? 1 : 0);
