import { REGIONS_SEED } from '@app/database';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const MAP_DIR = join(ROOT, 'apps/web/src/features/regions/map');
const PATHS_FILE = join(MAP_DIR, 'region-paths.json');
const MAX_BYTES = 150 * 1024;

interface RegionMap {
  viewBox: string;
  regions: { code: string; name: string; path: string; labelX: number; labelY: number }[];
}

const text = readFileSync(PATHS_FILE, 'utf8');
const map = JSON.parse(text) as RegionMap;
const [minX, minY, width, height] = map.viewBox.split(' ').map(Number);

/** "M1,2L3,4Z M…" → the rings' points. */
function ringsOf(path: string): [number, number][][] {
  return path
    .split('Z')
    .filter((part) => part !== '')
    .map((part) =>
      part
        .slice(1)
        .split('L')
        .map((point) => point.split(',').map(Number) as [number, number]),
    );
}

function inside([x, y]: [number, number], rings: [number, number][][]): boolean {
  let within = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) within = !within;
    }
  }
  return within;
}

describe('the region map data of the web app (apps/web/src/features/regions/map)', () => {
  it('has the 21 regions of the regions table, by code and name, in its order', () => {
    expect(map.regions).toHaveLength(21);
    expect(map.regions.map((r) => r.code)).toEqual(REGIONS_SEED.map((r) => r.code));
    expect(map.regions.map((r) => r.name)).toEqual(REGIONS_SEED.map((r) => r.name));
  });

  it('draws every region as closed outlines inside a tall 400 × 900 view box, to one decimal', () => {
    expect(map.viewBox).toBe('0 0 400 900');
    const number = '-?\\d+(\\.\\d)?';
    const point = `${number},${number}`;
    const shape = new RegExp(`^(M${point}(L${point}){2,}Z)+$`);
    for (const region of map.regions) {
      expect({ code: region.code, ok: shape.test(region.path) }).toEqual({ code: region.code, ok: true });
      for (const [x, y] of ringsOf(region.path).flat()) {
        expect(x).toBeGreaterThanOrEqual(minX);
        expect(x).toBeLessThanOrEqual(minX + width);
        expect(y).toBeGreaterThanOrEqual(minY);
        expect(y).toBeLessThanOrEqual(minY + height);
      }
      // The label point falls inside the region's own outline.
      expect({
        code: region.code,
        inside: inside([region.labelX, region.labelY], ringsOf(region.path)),
      }).toEqual({ code: region.code, inside: true });
    }
  });

  it('stays small enough to ship with the web app', () => {
    expect(statSync(PATHS_FILE).size).toBeLessThanOrEqual(MAX_BYTES);
  });

  it('is exactly what scripts/build-region-map.mjs makes of the GeoJSON beside it (reproducible)', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/build-region-map.mjs'), '--stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(text);
  });

  it('keeps its source with a note of origin and licence, with a county code for every region', () => {
    expect(existsSync(join(MAP_DIR, 'SOURCE.md'))).toBe(true);
    const geojson = JSON.parse(readFileSync(join(MAP_DIR, 'swedish-regions.geojson'), 'utf8')) as {
      features: { properties: { l_id: number } }[];
    };
    expect(geojson.features.map((f) => String(f.properties.l_id).padStart(2, '0')).sort()).toEqual(
      REGIONS_SEED.map((r) => r.code).sort(),
    );
  });
});
