import { expect } from 'vitest';
import { formValues, type PageClient } from './pages';

/** Driving the office's kind editor (/ui/office/kinds) as a browser does, for the tests that build kinds from the pages. */

/** The text of the error the page shows at the input (or group) named `field`. */
export const errorAt = (html: string, field: string) =>
  new RegExp(`data-field="${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>([^<]*)<`).exec(html)?.[1];
/** What a reader sees of a page: the text of <main>, tags left out. */
export const visible = (html: string) =>
  (/<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html).replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

/** A code where a word belongs (as tests/integration/pages-chinese.test.ts judges): snake_case, dotted, an ISO instant, an id. */
export const rawCode =
  /\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+(?:\.[a-z_]+)+\b|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\b(?:expert|district|applicant|centre)-[a-z0-9]+\b|\btrimmed-mean\b/g;

/**
 * The editor as a browser drives it: each button posts the whole form as drawn, with what was
 * typed, and the page drawn back is where the next step starts.
 */
export class Editor {
  values: Record<string, string> = {};
  html = '';
  constructor(
    readonly client: PageClient,
    readonly path: string,
  ) {}
  async open() {
    const page = await this.client.get(this.path);
    expect(page.status).toBe(200);
    this.take(page.html);
    return this;
  }
  private take(html: string) {
    this.html = html;
    this.values = formValues(html, this.path);
  }
  /** Types `changes` and presses the button `action`; a redraw is 200, a refusal 422/409, a save 303. */
  async press(action: string, changes: Record<string, string> = {}, drop: string[] = []) {
    const form: Record<string, string> = { ...this.values, ...changes, action };
    for (const name of drop) delete form[name];
    const reply = await this.client.post(this.path, form);
    if (reply.status !== 303) this.take(reply.html);
    return reply;
  }
}

export const labels = (prefix: string, key: string, zh: string, en: string, member = 'key') => ({
  [`${prefix}.${member}`]: key,
  [`${prefix}.labelZh`]: zh,
  [`${prefix}.labelEn`]: en,
});
