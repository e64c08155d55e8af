import { processExists, processIdentity, writeSecretFile } from '@app/common';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One embedded server as written in DATA_DIR/runtime.json. */
export interface RuntimeService {
  /** With the password: only the owner of the file can read it (mode 600). */
  url: string;
  /** Without the password, for logs. */
  address: string;
  pid: number;
}

/**
 * DATA_DIR/runtime.json: written by the process that starts the embedded PostgreSQL and redis-server, so that
 * other processes on the same DATA_DIR (a worker, a second API) find and attach to them. `starting` while they
 * come up (the file is then also the lock that keeps a second process from starting them too), `running` once
 * they answer; removed when its process stops them.
 */
export interface RuntimeInfo {
  pid: number;
  /** Tells this process from a later one with the same pid (Linux: boot id and start time). */
  identity?: string;
  state: 'starting' | 'running';
  startedAt: string;
  postgres?: RuntimeService & { dataDirectory: string };
  redis?: RuntimeService;
}

export type RuntimeLookup =
  | { kind: 'none' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'corrupt' }
  | { kind: 'live' | 'stale'; info: RuntimeInfo };

export function runtimeFilePath(dataDir: string): string {
  return join(dataDir, 'runtime.json');
}

/** Whether the process that wrote `info` is still the one running under its pid. */
export function ownerAlive(info: RuntimeInfo): boolean {
  if (info.pid === process.pid || !processExists(info.pid)) return false;
  if (info.identity === undefined) return true;
  return processIdentity(info.pid) === info.identity;
}

export function readRuntime(dataDir: string): RuntimeLookup {
  let text: string;
  try {
    text = readFileSync(runtimeFilePath(dataDir), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'none' };
    return { kind: 'unreadable', reason: code ?? (err as Error).message };
  }
  let info: RuntimeInfo;
  try {
    info = JSON.parse(text) as RuntimeInfo;
  } catch {
    return { kind: 'corrupt' };
  }
  if (typeof info?.pid !== 'number' || (info.state !== 'starting' && info.state !== 'running')) {
    return { kind: 'corrupt' };
  }
  return { kind: ownerAlive(info) ? 'live' : 'stale', info };
}

/**
 * Takes the file for this process in state `starting`, only if there is none: written aside and hard-linked
 * into place, so it appears whole or not at all and two processes cannot both take it.
 */
export function claimRuntime(dataDir: string): boolean {
  mkdirSync(dataDir, { recursive: true });
  const path = runtimeFilePath(dataDir);
  const temporary = `${path}.${process.pid}.claim`;
  const info: RuntimeInfo = {
    pid: process.pid,
    identity: processIdentity(process.pid),
    state: 'starting',
    startedAt: new Date().toISOString(),
  };
  writeFileSync(temporary, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  try {
    linkSync(temporary, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Replaces this process's file with what it now runs (mode 600). */
export function writeRuntime(dataDir: string, info: RuntimeInfo): void {
  writeSecretFile(runtimeFilePath(dataDir), info);
}

/** Removes the file if it still names `ownerPid` as its writer (or, without `ownerPid`, whatever it holds). */
export function removeRuntime(dataDir: string, ownerPid?: number): void {
  if (ownerPid !== undefined) {
    const found = readRuntime(dataDir);
    if (!((found.kind === 'live' || found.kind === 'stale') && found.info.pid === ownerPid)) return;
  }
  rmSync(runtimeFilePath(dataDir), { force: true });
}
