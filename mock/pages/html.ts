/** HTML building blocks of the built-in UI: escaping and the page frame with its inline stylesheet. */

/** Escapes text for element content and double-quoted attribute values alike. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** ` name="value"` pairs; `true` gives a bare boolean attribute, `false` and undefined give nothing. */
export function attributes(pairs: Record<string, unknown>): string {
  let out = '';
  for (const [name, value] of Object.entries(pairs)) {
    if (value === undefined || value === false || value === null) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

// Colours chosen for a contrast ratio of at least 4.5:1 against their backgrounds (WCAG AA).
const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; background: #f4f5f7; color: #1b1d21; line-height: 1.5; }
header, footer { background: #1f2937; color: #ffffff; padding: 0.75rem 1.5rem; }
header a, footer a { color: #ffffff; }
header h1 { margin: 0; font-size: 1.25rem; }
nav ul { list-style: none; display: flex; gap: 1rem; margin: 0.5rem 0 0; padding: 0; }
main { max-width: 42rem; margin: 1.5rem auto; padding: 0 1rem; }
section { background: #ffffff; border: 1px solid #d0d5dd; border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1.25rem; }
h2 { margin-top: 0; font-size: 1.15rem; }
label { display: block; font-weight: 600; margin-top: 0.75rem; }
label.checkbox { display: flex; gap: 0.5rem; align-items: center; font-weight: 400; }
input[type=text], input[type=email], input[type=password], input[type=url], input[type=tel], input[type=number],
input[type=date], input[type=datetime-local], select {
  display: block; width: 100%; box-sizing: border-box; padding: 0.5rem; margin-top: 0.25rem;
  border: 1px solid #5b6472; border-radius: 4px; font: inherit; color: #1b1d21; background: #ffffff;
}
input:focus, button:focus, a:focus, select:focus { outline: 3px solid #2563eb; outline-offset: 2px; }
button { margin-top: 0.75rem; margin-right: 0.5rem; padding: 0.5rem 1rem; border: 0; border-radius: 4px;
  background: #1d4ed8; color: #ffffff; font: inherit; cursor: pointer; }
button:disabled { background: #6b7280; cursor: not-allowed; }
.message { margin: 0.5rem 0; padding: 0.5rem 0.75rem; border-radius: 4px; border-left: 4px solid; }
.message-error { background: #fdecee; color: #8a1020; border-color: #b42318; }
.message-info { background: #eef4ff; color: #1e3a8a; border-color: #2563eb; }
.message-success { background: #ecfdf3; color: #05603a; border-color: #027a48; }
.secret { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.05rem; background: #f2f4f7; padding: 0.2rem 0.4rem; word-break: break-all; }
ul.codes { columns: 2; font-family: ui-monospace, Menlo, Consolas, monospace; padding-left: 1.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; word-break: break-word; }
pre { background: #f2f4f7; padding: 0.75rem; white-space: pre-wrap; word-break: break-word; }
`;

export interface PageInput {
  title: string;
  /** Pre-rendered HTML of the main landmark. */
  main: string;
  /** Links in the header navigation: [label, href]. */
  links?: [string, string][];
}

export function page({ title, main, links = [] }: PageInput): string {
  const navigation =
    links.length === 0
      ? ''
      : `<nav aria-label="Account"><ul>${links
          .map(([label, href]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(label)}</a></li>`)
          .join('')}</ul></nav>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Kratos settings mock</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1>${navigation}</header>
<main id="main">
${main}
</main>
<footer><p>Kratos settings mock: a reference stand-in for Ory Kratos, not for production use.</p></footer>
</body>
</html>
`;
}
