/**
 * The HTML shared by the reports: escaping, the Markdown tables the text reports print turned into
 * HTML tables, and the self-contained page around them (inline CSS, no script, no network).
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in HTML content and attribute values. */
export const escape = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Markdown as the reports write it (### headings, - notes, | tables |, backticks) as HTML, every cell escaped. */
export function markdownToHtml(lines: readonly string[]): string {
  const out: string[] = [];
  let rows: string[][] = [];
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split(' | ')
      .map((c) => c.trim());
  const flush = () => {
    if (rows.length === 0) return;
    const [head, ...body] = rows;
    out.push(
      `<table><thead><tr>${head!.map((c) => `<th>${escape(c)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`,
    );
    rows = [];
  };
  for (const line of lines) {
    if (line.startsWith('|')) {
      if (!/^\|(-+\|)+$/.test(line)) rows.push(cells(line));
      continue;
    }
    flush();
    const code = (s: string) => escape(s).replace(/`([^`]*)`/g, '<code>$1</code>');
    const heading = /^(#{1,3}) (.*)$/.exec(line);
    if (heading) out.push(`<h${heading[1]!.length}>${code(heading[2]!)}</h${heading[1]!.length}>`);
    else if (line.startsWith('- ')) out.push(`<p class="note">${code(line.slice(2))}</p>`);
    else if (line.trim()) out.push(`<p>${code(line)}</p>`);
  }
  flush();
  return out.join('\n');
}

/** A whole self-contained page: `title` and the body's parts. */
export function htmlPage(title: string, body: readonly string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:78rem;padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}td,th{border:1px solid #ccc;padding:.2rem .45rem;text-align:left}figure{margin:1rem 0}svg{max-width:100%;height:auto}.note{margin:.1rem 0;font-size:.9rem}code{background:#f4f4f4;padding:0 .2rem}</style>
</head><body>
${body.join('\n')}
</body></html>
`;
}
