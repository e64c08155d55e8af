/**
 * Benchmark: the meeting reports and RSVP over HTTP at realistic size. 100k contacts; organisations of kind
 * member (22), partner (7) and region (21); a round over the 21 regions and 6 meetings × 1000 invitations with
 * a realistic mix of answers (yes, no, maybe, waitlisted, cancelled, none) and about 100 attendees in all.
 * The real API (createApiApp, as production) listens on a loopback port in this process; requests go over
 * HTTP with a staff session. Figures: p50/p95 of the round report and of each meeting report (repeated calls),
 * the round workbook, and 50 RSVP POSTs at once (POST /r/:token, form body svar=ja) to one meeting and spread
 * over the six. Baselines in the same run: GET /api/auth/me (a session check and nothing else) for the reports,
 * 50 GETs of the same answer pages for the RSVPs, and as a floor the same bursts answered by a bare node:http
 * server on the API's thread (no framework, no database). Prints figures; not a test.
 *
 *   npm run bench:meetings     (CONTACTS=100000, CALLS=40, BURSTS=3, BENCH_DATABASE_URL, REDIS_URL;
 *                               PROFILE=file.cpuprofile writes a CPU profile of the measured RSVP bursts)
 */
import 'reflect-metadata';
import { AnswerLinks, RSVP_FIELDS } from '@app/meetings';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { startBenchApi } from './support/bench-api';
import { createBenchDatabase } from './support/bench-database';
import { CpuProfile } from './support/cpu-profile';
import { BurstAnswer, BurstRequest, HttpBurst } from './support/http-burst';

const REPORT_TARGET_MS = 300;
const RSVP_P95_TARGET_MS = 50;

function pct(times: number[], p: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

function line(name: string, times: number[], target?: number): string {
  const p50 = pct(times, 50);
  const p95 = pct(times, 95);
  const verdict =
    target === undefined
      ? ''
      : p95 <= target
        ? `  (mål ≤ ${target} ms: ok)`
        : `  (mål ≤ ${target} ms: MISSAT)`;
  return `  ${name.padEnd(34)} p50 ${p50.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   max ${Math.max(
    ...times,
  )
    .toFixed(1)
    .padStart(7)} ms${verdict}`;
}

/** The data: contacts, organisations, a round, six meetings and their answers, all in SQL (not measured). */
async function seed(ds: DataSource, contacts: number): Promise<{ roundId: string; meetingIds: string[] }> {
  await ds.query(
    `INSERT INTO organizations (kind, name, name_key, region_id)
     SELECT 'member', 'Medlemsförbund ' || g, 'medlemsforbund ' || g, NULL::smallint FROM generate_series(1, 22) g
     UNION ALL SELECT 'partner', 'Partner ' || g, 'partner ' || g, NULL::smallint FROM generate_series(1, 7) g
     UNION ALL SELECT 'region', r.name || ' (organisation)', lower(r.code || ' region'), r.id FROM regions r`,
  );
  await ds.query(
    `WITH orgs AS (SELECT id, kind, region_id, row_number() OVER (ORDER BY kind, name) - 1 AS n FROM organizations),
          k AS (SELECT count(*) AS total FROM orgs)
     INSERT INTO contacts (first_name, last_name, email, organization_id, region_id, search_text)
     SELECT 'Förnamn' || g, 'Efternamn' || g, 'person' || g || '@exempel' || (g % 50) || '.se', o.id,
            coalesce(o.region_id, 1 + g % 21), 'fornamn' || g || ' efternamn' || g
       FROM generate_series(1, $1) g
       CROSS JOIN k
       JOIN orgs o ON o.n = g % k.total`,
    [contacts],
  );
  const [{ id: roundId }] = await ds.query(
    `INSERT INTO rounds (name) VALUES ('Regional närvaro (bänk)') RETURNING id`,
  );
  await ds.query(
    `INSERT INTO round_regions (round_id, region_id, status)
     SELECT $1, id, (ARRAY['agreed','meeting_held','interested','declined','asked','no_answer','not_asked'])[1 + id % 7]
       FROM regions`,
    [roundId],
  );
  const meetingIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    const [{ id }] = await ds.query(
      `INSERT INTO meetings (round_id, region_id, title, starts_at, ends_at, status, city)
       VALUES ($1, $2, $3, now() + ($4 || ' days')::interval, now() + ($4 || ' days')::interval + interval '2 hours',
               'invited', 'Stad')
       RETURNING id`,
      [roundId, 1 + i * 3, `Dialogmöte ${i + 1}`, String(10 + i * 7)],
    );
    meetingIds.push(id);
    // 1000 invitees from the member organisations' people; answers by a fixed mix; ~17 attendees a meeting.
    await ds.query(
      `WITH invitees AS (
         SELECT c.id, row_number() OVER (ORDER BY c.id) AS n
           FROM contacts c JOIN organizations o ON o.id = c.organization_id AND o.kind = 'member'
          ORDER BY c.id OFFSET $2 LIMIT 1000)
       INSERT INTO meeting_responses (meeting_id, contact_id, answer, attendance, diet, answered_at)
       SELECT $1, id,
              CASE WHEN n % 100 < 30 THEN 'yes' WHEN n % 100 < 55 THEN 'no' WHEN n % 100 < 65 THEN 'maybe'
                   WHEN n % 100 < 68 THEN 'waitlisted' WHEN n % 100 < 70 THEN 'cancelled' END,
              CASE WHEN n % 100 < 30 AND n % 18 = 0 THEN 'attended' WHEN n % 100 < 30 AND n % 41 = 0 THEN 'no_show' END,
              CASE WHEN n % 100 < 30 AND n % 7 = 0 THEN (ARRAY['Vegetarisk','Vegansk','Glutenfri'])[1 + n % 3] END,
              CASE WHEN n % 100 < 70 THEN now() END
         FROM invitees`,
      [id, i * 700],
    );
  }
  await ds.query('ANALYZE');
  return { roundId, meetingIds };
}

/** CPU time (user + system) of this process's main thread so far, in ms; Linux only (/proc). */
async function threadCpuMs(): Promise<number> {
  const stat = await readFile(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th field.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ: 100 on Linux on every architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

async function timed(times: number[], run: () => Promise<void>): Promise<void> {
  const t0 = process.hrtime.bigint();
  await run();
  times.push(Number(process.hrtime.bigint() - t0) / 1e6);
}

async function main(): Promise<void> {
  const contacts = Number(process.env.CONTACTS ?? 100_000);
  const calls = Number(process.env.CALLS ?? 40);
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `crmbench${randomBytes(4).toString('hex')}`;
  const db = await createBenchDatabase();
  let app: INestApplication | undefined;
  let client: HttpBurst | undefined;
  try {
    const s0 = process.hrtime.bigint();
    const { roundId, meetingIds } = await seed(db.dataSource, contacts);
    const [{ n: responses }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM meeting_responses`);
    const [{ n: attended }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM meeting_responses WHERE attendance = 'attended'`,
    );
    console.log(
      `Förberedelse: ${contacts} kontakter, 50 organisationer, 6 möten × 1000 inbjudna (${responses} svar, ${attended} närvarade) ` +
        `på ${(Number(process.hrtime.bigint() - s0) / 1e9).toFixed(1)} s (ingår inte i mätningen)`,
    );

    const started = await startBenchApi({ databaseUrl: db.url, redisUrl, queuePrefix: prefix });
    app = started.app;
    const { base, cookie } = started;
    const get = async (path: string): Promise<void> => {
      const res = await fetch(`${base}${path}`, { headers: { cookie } });
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    // Warm-up: plans, pools and the JIT, not measured.
    for (let i = 0; i < 3; i++) {
      await get('/api/auth/me');
      await get(`/api/rounds/${roundId}/report`);
      for (const id of meetingIds) await get(`/api/meetings/${id}/report`);
    }
    const baseline: number[] = [];
    const round: number[] = [];
    const meeting: number[] = [];
    const perMeeting = meetingIds.map(() => [] as number[]);
    const workbook: number[] = [];
    for (let i = 0; i < calls; i++) {
      await timed(baseline, () => get('/api/auth/me'));
      await timed(round, () => get(`/api/rounds/${roundId}/report`));
      for (const [j, id] of meetingIds.entries()) {
        await timed(perMeeting[j], () => get(`/api/meetings/${id}/report`));
        meeting.push(perMeeting[j][perMeeting[j].length - 1]);
      }
      if (i < 10) await timed(workbook, () => get(`/api/rounds/${roundId}/report/export?format=xlsx`));
    }
    console.log(`Rapporter över HTTP, ${calls} anrop var:`);
    console.log(line('baslinje GET /api/auth/me', baseline));
    console.log(line('omgångens rapport', round, REPORT_TARGET_MS));
    console.log(line('mötesrapport (alla 6)', meeting, REPORT_TARGET_MS));
    for (const [j, times] of perMeeting.entries())
      console.log(line(`  möte ${j + 1}`, times, REPORT_TARGET_MS));
    console.log(line('omgångens arbetsbok (XLSX, 10 st)', workbook));

    // RSVP: 50 people answer at the same moment through the public page, as the form posts it (svar=ja), from a
    // thread of their own (HttpBurst). Baseline: the same kind of burst opening the answer pages (token, meeting
    // and person looked up, nothing written). Two bursts of each kind warm the path up first (not measured);
    // then BURSTS bursts of 50 different people each are measured, p95 over all of them.
    const bursts = Number(process.env.BURSTS ?? 3);
    const links = app.get(AnswerLinks);
    client = new HttpBurst();
    const http = client;
    const silent = async (meetingId: string, n: number): Promise<string[]> =>
      (
        await db.dataSource.query(
          `SELECT contact_id FROM meeting_responses WHERE meeting_id = $1 AND answer IS NULL ORDER BY contact_id LIMIT $2`,
          [meetingId, n],
        )
      ).map((r: { contact_id: string }) => r.contact_id);
    type Person = { meetingId: string; contactId: string };
    const request = (p: Person, method: 'GET' | 'POST'): BurstRequest => ({
      url: `${base}/r/${links.rsvpToken(p.meetingId, p.contactId)}`,
      method,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body: method === 'POST' ? new URLSearchParams({ [RSVP_FIELDS.answer]: 'ja' }).toString() : undefined,
    });
    // CPU time of the API's own thread (the clients run on another): a figure that a busy machine inflates
    // less than latency does.
    let cpuPerRequest = 0;
    const run = async (groups: Person[][], method: 'GET' | 'POST'): Promise<BurstAnswer[]> => {
      const all: BurstAnswer[] = [];
      const cpu0 = await threadCpuMs();
      for (const group of groups) all.push(...(await http.fire(group.map((p) => request(p, method)))));
      cpuPerRequest = ((await threadCpuMs()) - cpu0) / all.length;
      return all;
    };
    const report = (name: string, answers: BurstAnswer[], target?: number): void => {
      const statuses = [...new Set(answers.map((a) => a.status))].join(', ');
      console.log(
        line(
          `${name} (${statuses})`,
          answers.map((a) => a.ms),
          target,
        ) + `   API-tråden ${cpuPerRequest.toFixed(2)} ms CPU/förfrågan`,
      );
    };
    // Groups of 50 people who have not answered: per burst, one meeting's or spread over the six.
    const groups = 2 + bursts;
    const silentByMeeting = await Promise.all(meetingIds.map((id) => silent(id, 1000)));
    const oneMeeting: Person[][] = [];
    const sixMeetings: Person[][] = [];
    const take = Math.ceil(50 / meetingIds.length);
    for (let g = 0; g < groups; g++) {
      oneMeeting.push(
        silentByMeeting[0]
          .slice(g * 50, g * 50 + 50)
          .map((contactId) => ({ meetingId: meetingIds[0], contactId })),
      );
      const spread: Person[] = [];
      for (const [j, ids] of silentByMeeting.entries()) {
        // Meeting 1's people after those of the one-meeting bursts; the others' from the start.
        const from = (j === 0 ? 50 * groups : 0) + g * take;
        spread.push(
          ...ids.slice(from, from + take).map((contactId) => ({ meetingId: meetingIds[j], contactId })),
        );
      }
      sixMeetings.push(spread.slice(0, 50));
    }
    if ([...oneMeeting, ...sixMeetings].some((group) => group.length < 50))
      throw new Error(`För få som inte har svarat för ${bursts} skurar; sänk BURSTS`);
    // Floor: a bare node:http server on this same thread answering the same bursts with a page of the same
    // size, no framework, no database: what the machine and the client cost by themselves.
    const pageBytes = Buffer.from('x'.repeat(3000));
    const bare = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': pageBytes.length,
        });
        res.end(pageBytes);
      });
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareBase = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    const bareUrl = (p: Person): string => request(p, 'POST').url.replace(base, bareBase);
    const runBare = async (groups: Person[][]): Promise<BurstAnswer[]> => {
      const all: BurstAnswer[] = [];
      const cpu0 = await threadCpuMs();
      for (const group of groups)
        all.push(...(await http.fire(group.map((p) => ({ ...request(p, 'POST'), url: bareUrl(p) })))));
      cpuPerRequest = ((await threadCpuMs()) - cpu0) / all.length;
      return all;
    };
    await runBare(oneMeeting.slice(0, 2));
    await run(oneMeeting.slice(0, 2), 'GET');
    await run(oneMeeting.slice(0, 2), 'POST');
    await run(sixMeetings.slice(0, 2), 'POST');
    const profiler = process.env.PROFILE ? await CpuProfile.start() : undefined;
    console.log(
      `RSVP, ${bursts} skurar om 50 samtidiga förfrågningar till /r/:token (svarskoder inom parentes):`,
    );
    report('golv: 50 POST, bar node:http', await runBare(oneMeeting.slice(2)));
    bare.close();
    report('baslinje: 50 GET (sidan)', await run(oneMeeting.slice(2), 'GET'));
    report('50 POST ja, samma möte', await run(oneMeeting.slice(2), 'POST'), RSVP_P95_TARGET_MS);
    report('50 POST ja, sex möten', await run(sixMeetings.slice(2), 'POST'), RSVP_P95_TARGET_MS);
    // A meeting with a capacity, ten places left: ten get a place, forty go on the waiting list, each of those
    // written on its own inside the batch (the queue's order and the notices). Not part of the target; shown so
    // the cost of a full meeting is known.
    const fullId = meetingIds[1];
    await db.dataSource.query(
      `UPDATE meetings SET capacity = 10 + (SELECT count(*) FROM meeting_responses
                                              WHERE meeting_id = $1 AND answer = 'yes') WHERE id = $1`,
      [fullId],
    );
    const waiting = silentByMeeting[1].slice(100, 150).map((contactId) => ({ meetingId: fullId, contactId }));
    if (waiting.length < 50) throw new Error('För få som inte har svarat för skuren mot ett fullt möte');
    report('50 POST ja, 10 platser kvar', await run([waiting], 'POST'));
    if (profiler) console.log(`  CPU-profil: ${await profiler.stopTo(process.env.PROFILE!)}`);
    const measured = [...oneMeeting.slice(2), ...sixMeetings.slice(2), waiting].flat();
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM meeting_responses r
         JOIN unnest($1::uuid[], $2::uuid[]) AS p(meeting_id, contact_id) USING (meeting_id, contact_id)
        WHERE r.answer IS NOT NULL`,
      [measured.map((p) => p.meetingId), measured.map((p) => p.contactId)],
    );
    console.log(`  ${n} av ${measured.length} svar sparade`);
  } finally {
    await client?.close();
    await app?.close();
    await db.drop();
    const redis = new IORedis(redisUrl);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
