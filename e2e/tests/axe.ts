import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.1 A and AA, as Section 508 and public payers ask; the suite fails on any serious or critical violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map(n => `  ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}\n    ${n.html.slice(0, 160)}`).join('\n')}`);
  expect(blocking, `axe on ${page.url()}`).toEqual([]);
}
