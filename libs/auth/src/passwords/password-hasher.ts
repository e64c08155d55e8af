import { AppConfig } from '@app/config';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';

// The package's Algorithm is an ambient const enum, which isolatedModules cannot read; 2 is Argon2id.
const ARGON2ID: Algorithm = 2;

/** OWASP's Argon2id baseline (19 MiB, 2 passes, 1 lane). Tests use a lighter cost, still Argon2id. */
const PRODUCTION_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };
const TEST_OPTIONS: Options = { algorithm: ARGON2ID, memoryCost: 1024, timeCost: 1, parallelism: 1 };

/** Argon2id password hashing. Hashes are PHC strings, so verify reads the cost from the hash itself. */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: Options;
  private dummyHash?: Promise<string>;

  constructor(config: AppConfig) {
    this.options = config.NODE_ENV === 'test' ? TEST_OPTIONS : PRODUCTION_OPTIONS;
  }

  /** Computes the dummy hash at start, so the first unknown-user login is not slower than the rest. */
  async onModuleInit(): Promise<void> {
    await this.dummy();
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  /** False (never throws) for a wrong password or a malformed hash. */
  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real verification and always fails: used for unknown users so the response
   * time does not tell whether an account exists.
   */
  async verifyDummy(password: string): Promise<false> {
    await this.verify(await this.dummy(), password);
    return false;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hash(randomBytes(32).toString('base64url'));
    return this.dummyHash;
  }
}
