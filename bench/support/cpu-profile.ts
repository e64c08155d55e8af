import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';

/**
 * A CPU profile of this process (the API's thread) over part of a bench, written as a .cpuprofile that Chrome's
 * DevTools and `node bench/support/profile-summary.mjs` read.
 */
export class CpuProfile {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<CpuProfile> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    return new CpuProfile(session);
  }

  /** Stops, writes the profile to `file` and answers its full path. */
  async stopTo(file: string): Promise<string> {
    const { profile } = await this.session.post('Profiler.stop');
    this.session.disconnect();
    const path = resolve(file);
    await writeFile(path, JSON.stringify(profile));
    return path;
  }
}
