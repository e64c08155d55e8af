import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../api/client';
import { CheckInQueue, type BatchItemAnswer } from './queue';
import { localCheckInStore, type CheckInAnswer, type CheckInBody } from './storage';
import { apiTransport } from './useCheckIn';

const MEETING = '11111111-1111-4111-8111-111111111111';
const person = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const someone = { firstName: 'Anna', lastName: 'Öberg', email: null, organizationName: null };

function answerFor(
  item: { clientId: string; contactId?: string },
  kind: 'check_in' | 'walk_in',
): CheckInAnswer {
  return {
    clientId: item.clientId,
    kind,
    meetingId: MEETING,
    contactId: item.contactId ?? person(999),
    answer: 'yes',
    attendance: 'attended',
    state: 'attended',
    invited: true,
    walkIn: kind === 'walk_in',
    changed: true,
    contactCreated: kind === 'walk_in',
    organizationId: null,
    organizationCreated: false,
    recordedAt: '2099-03-14T17:05:00.000Z',
  };
}

/**
 * A fake API at the fetch boundary that keeps what it did by clientId, as check_in_operations does (a clientId
 * sent again is answered the same and not done again). `lose` makes the next requests fail *after* the server
 * did the work (the answer lost on the way back: the uncertain failure); `down` fails before it.
 */
function fakeServer() {
  const done = new Map<string, CheckInAnswer>();
  const posts: { path: string; clientIds: string[]; answered: boolean }[] = [];
  const control = { down: 0, lose: 0, duplicateAnswers: false };
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = JSON.parse(await request.text()) as { items?: CheckInBody[]; clientId?: string };
    const items = body.items ?? [body as CheckInBody];
    const post = { path, clientIds: items.map((i) => i.clientId), answered: false };
    posts.push(post);
    if (control.down > 0) {
      control.down -= 1;
      throw new TypeError('Failed to fetch');
    }
    const kind = path.endsWith('/walk-ins') ? 'walk_in' : 'check_in';
    const answers = items.map((item) => {
      const answer = done.get(item.clientId) ?? { ...answerFor(item, kind) };
      if (done.has(item.clientId)) answer.changed = false;
      else done.set(item.clientId, answer);
      return answer;
    });
    if (control.lose > 0) {
      control.lose -= 1;
      throw new TypeError('Failed to fetch');
    }
    post.answered = true;
    let payload: unknown = answers[0];
    if (body.items) {
      const batch: BatchItemAnswer[] = answers.map((a) => ({
        clientId: a.clientId,
        status: 200,
        answer: a,
        error: null,
      }));
      payload = { items: control.duplicateAnswers ? [...batch, ...batch] : batch };
    }
    return new Response(JSON.stringify(payload), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { done, posts, control, client: createApiClient(fetchImpl as typeof fetch) };
}

function queueWith(server: ReturnType<typeof fakeServer>, online: { value: boolean }) {
  return new CheckInQueue(MEETING, localCheckInStore(), apiTransport(server.client), {
    isOnline: () => online.value,
    random: () => 0.5,
  });
}

describe('the check-in outbox', () => {
  it('keeps taps made offline on the phone, in order, before any request, and after a reload', async () => {
    const server = fakeServer();
    const online = { value: false };
    const queue = queueWith(server, online);
    const first = queue.checkIn(person(1), 'attended', someone);
    queue.checkIn(person(2), 'attended', someone);
    queue.walkIn({ firstName: 'Per', lastName: 'Spontan' }, { ...someone, firstName: 'Per' });
    await queue.sync();

    expect(server.posts).toHaveLength(0);
    expect(queue.getState().problem).toBe('offline');
    expect(queue.getState().pending).toHaveLength(3);
    expect(first.clientId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = Object.keys(window.localStorage).filter((k) =>
      k.startsWith(`crm.checkIn.v1.op.${MEETING}.`),
    );
    expect(stored).toHaveLength(3);

    // The page is opened again: a new queue finds the same three, in the order tapped.
    const again = queueWith(server, online);
    expect(again.getState().pending.map((op) => op.clientId)).toEqual(
      queue.getState().pending.map((op) => op.clientId),
    );
    expect(again.getState().pending.map((op) => op.kind)).toEqual(['check_in', 'check_in', 'walk_in']);
  });

  it('sends each tap until the server has answered for it, and no more after: one answered POST per tap', async () => {
    const server = fakeServer();
    const online = { value: true };
    const queue = queueWith(server, online);
    const answered: string[] = [];
    queue.onAnswer((op) => answered.push(op.clientId));
    const ops = [1, 2, 3].map((n) => queue.checkIn(person(n), 'attended', someone));
    const walkIn = queue.walkIn({ firstName: 'Per', lastName: 'Spontan' }, someone);

    // First try: the network is down. Second: the server does it but the answer is lost. Third: all answered.
    server.control.down = 1;
    await queue.sync();
    expect(queue.getState().pending).toHaveLength(4);
    expect(queue.getState().problem).toBe('unreachable');
    expect(queue.getState().retryAt).not.toBeNull();
    server.control.lose = 1;
    await queue.sync();
    expect(queue.getState().pending).toHaveLength(4);
    expect(server.done.size).toBe(3);
    await queue.sync();

    expect(queue.getState().pending).toHaveLength(0);
    expect(queue.getState().problem).toBeNull();
    expect(answered.sort()).toEqual([...ops, walkIn].map((op) => op.clientId).sort());
    expect(server.done.size).toBe(4);
    // Each tap was answered exactly once (the resends carried the same clientId and did nothing new).
    for (const op of [...ops, walkIn]) {
      const answeredPosts = server.posts.filter((p) => p.answered && p.clientIds.includes(op.clientId));
      expect(answeredPosts).toHaveLength(1);
    }
    const before = server.posts.length;
    await queue.sync();
    expect(server.posts.length).toBe(before);
    expect(Object.keys(window.localStorage).some((k) => k.startsWith('crm.checkIn.v1.op.'))).toBe(false);
  });

  it('counts an answer the server gives twice once', async () => {
    const server = fakeServer();
    server.control.duplicateAnswers = true;
    const queue = queueWith(server, { value: true });
    const answered: string[] = [];
    queue.onAnswer((op) => answered.push(op.clientId));
    queue.checkIn(person(1), 'attended', someone);
    queue.checkIn(person(2), 'no_show', someone);
    await queue.sync();
    expect(answered).toHaveLength(2);
    expect(new Set(answered).size).toBe(2);
    expect(queue.getState().pending).toHaveLength(0);
  });

  it('keeps a refusal for good to show (never resent, never dropped silently); retries a 503', async () => {
    let call = 0;
    const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const { items } = JSON.parse(await request.text()) as { items: CheckInBody[] };
      call += 1;
      if (call === 1)
        return new Response(JSON.stringify({ statusCode: 503, code: 'UNAVAILABLE', message: 'Upptagen' }), {
          status: 503,
          headers: { 'content-type': 'application/json' },
        });
      const answers: BatchItemAnswer[] = items.map((item, i) =>
        i === 0
          ? { clientId: item.clientId, status: 200, answer: answerFor(item, 'check_in'), error: null }
          : {
              clientId: item.clientId,
              status: 404,
              answer: null,
              error: { code: 'NOT_FOUND', message: 'Personen på mötets lista finns inte' },
            },
      );
      return new Response(JSON.stringify({ items: answers }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const queue = new CheckInQueue(
      MEETING,
      localCheckInStore(),
      apiTransport(createApiClient(fetchImpl as typeof fetch)),
      {
        isOnline: () => true,
      },
    );
    queue.checkIn(person(1), 'attended', someone);
    queue.checkIn(person(2), 'attended', { ...someone, firstName: 'Bo' });
    await queue.sync();
    expect(queue.getState().problem).toBe('unreachable');
    expect(queue.getState().pending).toHaveLength(2);
    await queue.sync();
    expect(call).toBe(2);
    expect(queue.getState().pending).toHaveLength(0);
    expect(queue.getState().rejected).toHaveLength(1);
    expect(queue.getState().rejected[0].op.person.firstName).toBe('Bo');
    expect(queue.getState().rejected[0].message).toMatch(/mötets lista/);
    queue.dismissRejected(queue.getState().rejected[0].op.clientId);
    expect(queue.getState().rejected).toHaveLength(0);
  });
});
