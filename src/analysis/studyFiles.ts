/** The files a robustness study leaves in its folder: report.md, report.html, study.json and salib/. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic.js';
import type { Study } from './robustness.js';
import { salibFiles, sensitivityJson, sensitivityMarkdown } from './studyReport.js';
import { sensitivityReportHtml } from './studyReportHtml.js';

/** The names a study's folder holds once written (for the check of `--out`). */
export const STUDY_FILES: readonly string[] = ['report.md', 'report.html', 'study.json', 'salib'];

/** Writes the study's files into `out` (each whole, never half of one); returns the Markdown report. */
export async function writeStudyFiles(out: string, study: Study): Promise<string> {
  mkdirSync(join(out, 'salib'), { recursive: true });
  const report = sensitivityMarkdown(study).join('\n');
  writeFileAtomic(join(out, 'report.md'), report);
  writeFileAtomic(join(out, 'study.json'), sensitivityJson(study));
  writeFileAtomic(join(out, 'report.html'), await sensitivityReportHtml(study));
  for (const [name, text] of Object.entries(salibFiles(study)))
    writeFileAtomic(join(out, 'salib', name), text);
  return report;
}
