import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TemplateVars } from '@apex/contracts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}



export class UnknownTemplateError extends Error {
  override name = "UnknownTemplateError";
}
export class MissingTemplateVariableError extends Error {
  override name = "MissingTemplateVariableError";
}

const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where the template folders are: next to the bundle in a build, beside src/ in the source tree. */
export function defaultTemplatesDir(): string {
  const candidates = [join(__dirname, 'email-templates'), join(__dirname, '..', 'email-templates')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[1];
}

/**
 * Renders `<dir>/<name>/{subject.txt,body.txt,body.html}`, replacing `{{ var }}`.
 * Values are HTML-escaped in the HTML part; a placeholder without a value is an error.
 */
export class TemplateRenderer {
  constructor(private readonly dir: string = defaultTemplatesDir()) {}

  async render(name: string, vars: TemplateVars): Promise<RenderedEmail> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new UnknownTemplateError(`Invalid template name "${name}"`);
    const folder = join(this.dir, name);
    if (!existsSync(folder)) throw new UnknownTemplateError(`No email template "${name}" in ${this.dir}`);
    const [subject, text, html] = await Promise.all(
      ['subject.txt', 'body.txt', 'body.html'].map((file) => readFile(join(folder, file), 'utf8')),
    );
    const fill = (source: string, escape: (v: string) => string) =>
      source.replace(PLACEHOLDER, (_match, key: string) => {
        if (!(key in vars)) throw new MissingTemplateVariableError(`Template "${name}" needs "${key}"`);
        return escape(String(vars[key]));
      });
    return {
      subject: fill(subject, (v) => v).trim(),
      text: fill(text, (v) => v),
      html: fill(html, escapeHtml),
    };
  }
}
