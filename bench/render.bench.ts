/**
 * Benchmark: the per-recipient cost of rendering the built-in invitation. MJML is compiled once per template
 * version and language; each recipient then costs only the Handlebars renders. For comparison, the naive way
 * (compiling MJML for every recipient) on a few hundred recipients. Prints figures; not a test.
 *
 *   npm run bench:render            (RECIPIENTS=10000 NAIVE=200 by default)
 */
import 'reflect-metadata';
import { BUILT_IN_TEMPLATES, TemplateCompiler, TemplateRenderContext } from '@app/mail';
import { contactRow } from './support/generate-contacts';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function contextFor(i: number): TemplateRenderContext {
  const [firstName, lastName, email, organization, region] = contactRow(i);
  return {
    // Every 10th contact has no first name (the fallback helper) and every 50th a name needing escaping.
    firstName: i % 10 === 0 ? null : i % 50 === 1 ? `<script>alert(${i})</script>` : firstName,
    lastName,
    email,
    title: i % 3 === 0 ? 'Kulturchef' : null,
    organization: { name: organization, shortName: null },
    region: { name: region },
    unsubscribeUrl: `https://crm.example.se/u/${i.toString(36).padStart(22, 'x')}`,
    viewInBrowserUrl: `https://crm.example.se/v/${i.toString(36).padStart(22, 'y')}`,
  };
}

async function main(): Promise<void> {
  const recipients = Number(process.env.RECIPIENTS ?? 10_000);
  const naiveRecipients = Number(process.env.NAIVE ?? 200);
  const invitation = BUILT_IN_TEMPLATES.find((t) => t.key === 'inbjudan');
  if (!invitation) throw new Error('Den inbyggda inbjudan saknas');

  const compiler = new TemplateCompiler();
  const source = { versionId: 'bench-inbjudan-v1', variants: invitation.variants };
  const c0 = process.hrtime.bigint();
  await compiler.compile(source);
  const compileMs = Number(process.hrtime.bigint() - c0) / 1e6;

  // Warm-up (JIT) on contexts outside the measured range.
  const warm = await compiler.compile(source);
  for (let i = 0; i < 500; i++) warm.render(contextFor(recipients + i), i % 4 === 0 ? 'en' : 'sv');

  const times: number[] = [];
  let bytes = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < recipients; i++) {
    const context = contextFor(i);
    const t0 = process.hrtime.bigint();
    // As the sender does: the cached compiled template, then the render.
    const compiled = await compiler.compile(source);
    const out = compiled.render(context, i % 4 === 0 ? 'en' : 'sv');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    bytes += out.html.length + out.text.length;
    if (i === 1 && out.html.includes('<script>')) throw new Error('HTML-escaping saknas');
  }
  const totalMs = Number(process.hrtime.bigint() - started) / 1e6;
  times.sort((a, b) => a - b);
  const languages = Object.keys(invitation.variants).length;

  // The naive way: MJML compiled for each recipient (a fresh version id defeats the cache).
  const naive = new TemplateCompiler();
  const n0 = process.hrtime.bigint();
  for (let i = 0; i < naiveRecipients; i++) {
    const compiled = await naive.compile({ versionId: `naive-${i}`, variants: invitation.variants });
    compiled.render(contextFor(i), 'sv');
  }
  const naiveMs = Number(process.hrtime.bigint() - n0) / 1e6;

  const f = (ms: number) => ms.toFixed(4);
  console.log(`Rendering av den inbyggda inbjudan (${languages} språk), ${recipients} mottagare`);
  console.log(`  första kompileringen (MJML + Handlebars, båda språken): ${compileMs.toFixed(1)} ms`);
  console.log(
    `  per mottagare: p50 ${f(percentile(times, 50))} ms, p95 ${f(percentile(times, 95))} ms, p99 ${f(percentile(times, 99))} ms, max ${f(times[times.length - 1])} ms  (mål p95 ≤ 0.1 ms)`,
  );
  console.log(
    `  totalt ${totalMs.toFixed(0)} ms = ${Math.round(recipients / (totalMs / 1000))} renderingar/s, ${(bytes / recipients / 1024).toFixed(1)} KiB HTML+text per mottagare`,
  );
  console.log(
    `  mjmlCompileCount: ${compiler.mjmlCompileCount} (en version × ${languages} språk; mål: 1 per version och språk)`,
  );
  console.log(
    `Naivt (MJML per mottagare), ${naiveRecipients} mottagare: ${(naiveMs / naiveRecipients).toFixed(2)} ms per mottagare = ${Math.round(naiveRecipients / (naiveMs / 1000))} mottagare/s (mjmlCompileCount ${naive.mjmlCompileCount})`,
  );
  console.log(
    `  förhållande: ${(naiveMs / naiveRecipients / percentile(times, 50)).toFixed(0)}× långsammare än p50 med cache`,
  );
  if (compiler.mjmlCompileCount !== languages) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
