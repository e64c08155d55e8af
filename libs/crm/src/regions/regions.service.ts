import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Region } from './region.entity';
import { createRegionMatcher } from './region-matcher';

/** Sweden's 21 regions: reference data, changed only by migrations, so it is loaded once per process. */
@Injectable()
export class RegionsService {
  private cache: Promise<{ all: Region[]; match: (text: string) => Region | null }> | null = null;

  constructor(@InjectRepository(Region) private readonly regions: Repository<Region>) {}

  private load(): Promise<{ all: Region[]; match: (text: string) => Region | null }> {
    if (!this.cache) {
      this.cache = this.regions.find({ order: { code: 'ASC' } }).then((all) => ({
        all,
        match: createRegionMatcher(all),
      }));
      // A failed load (database down) must not be cached forever.
      this.cache.catch(() => (this.cache = null));
    }
    return this.cache;
  }

  /** All regions ordered by code. */
  async list(): Promise<Region[]> {
    return [...(await this.load()).all];
  }

  async findById(id: number): Promise<Region | null> {
    return (await this.load()).all.find((r) => r.id === id) ?? null;
  }

  /** "Region Sörmland", "Landstinget Sörmland", "sormland", "04", "4", "D" → Region Sörmland; unknown → null. */
  async resolveRegion(text: string): Promise<Region | null> {
    return (await this.load()).match(text);
  }

  /** A synchronous matcher for loops over many rows (imports): load once, then call freely. */
  async matcher(): Promise<(text: string) => Region | null> {
    return (await this.load()).match;
  }
}
