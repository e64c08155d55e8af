#!/usr/bin/env node
/**
 * Projects the outlines of Sweden's 21 regions (apps/web/src/features/regions/map/swedish-regions.geojson, see
 * SOURCE.md there) into SVG path strings for the staff web app's region map, and writes
 * apps/web/src/features/regions/map/region-paths.json:
 *
 *   { viewBox: "0 0 400 900", regions: [{ code, name, path, labelX, labelY }] }
 *
 * `code` is the two-digit county code of our regions table (REGIONS_SEED in
 * libs/database/src/migrations/1764230400001-seed-regions.ts), `name` that table's name. The projection is
 * transverse Mercator on 15° E (as SWEREF 99 TM, Sweden's national grid), fitted to the view box with a margin.
 * Coordinates are rounded to one decimal; points closer than a quarter unit to the line through their
 * neighbours are dropped (Douglas–Peucker), and so are rings smaller than a unit (single rocks). The label point
 * of a region is the point of its largest part farthest from that part's edge, so it falls inside, also for
 * a concave outline.
 *
 *   node scripts/build-region-map.mjs           writes the file
 *   node scripts/build-region-map.mjs --stdout  prints what it would write (the tests compare it to the file)
 *
 * The output depends only on the two input files: running it again gives the same bytes.
 */
import { geoArea, geoTransverseMercator } from 'd3-geo';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = new URL('../', import.meta.url);
const MAP_DIR = new URL('apps/web/src/features/regions/map/', ROOT);
const SOURCE = new URL('swedish-regions.geojson', MAP_DIR);
const OUTPUT = new URL('region-paths.json', MAP_DIR);
const SEED = new URL('libs/database/src/migrations/1764230400001-seed-regions.ts', ROOT);

const WIDTH = 400;
const HEIGHT = 900;
const MARGIN = 8;
const TOLERANCE = 0.25;
const MIN_RING_AREA = 1;

/** code → name of our regions table, read from the seed migration's REGIONS_SEED. */
function seedRegions() {
  const source = readFileSync(SEED, 'utf8');
  const regions = [...source.matchAll(/code: '(\d{2})',\s*letter: '[A-Z]+',\s*name: '([^']+)'/g)].map(
    ([, code, name]) => ({ code, name }),
  );
  if (regions.length !== 21) throw new Error(`REGIONS_SEED: ${regions.length} regioner hittades, inte 21`);
  return regions;
}

/**
 * The file follows RFC 7946 (outer rings counter-clockwise); d3-geo works on the sphere and reads a ring's
 * inside from its winding, the other way round. A polygon that would cover more than half the globe is turned.
 */
function rewound(feature) {
  const polygons =
    feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const turned = polygons.map((rings) =>
    geoArea({ type: 'Polygon', coordinates: rings }) > 2 * Math.PI
      ? rings.map((ring) => [...ring].reverse())
      : rings,
  );
  return { ...feature, geometry: { type: 'MultiPolygon', coordinates: turned } };
}

function perpendicularDistance([x, y], [x1, y1], [x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy);
  if (length === 0) return Math.hypot(x - x1, y - y1);
  return Math.abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length;
}

function douglasPeucker(points, tolerance) {
  if (points.length < 3) return points;
  let index = 0;
  let farthest = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = perpendicularDistance(points[i], points[0], points[points.length - 1]);
    if (d > farthest) {
      farthest = d;
      index = i;
    }
  }
  if (farthest <= tolerance) return [points[0], points[points.length - 1]];
  const left = douglasPeucker(points.slice(0, index + 1), tolerance);
  const right = douglasPeucker(points.slice(index), tolerance);
  return [...left.slice(0, -1), ...right];
}

const round = (n) => Math.round(n * 10) / 10;

function ringArea(ring) {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    sum += x1 * y2 - x2 * y1;
  }
  return Math.abs(sum) / 2;
}

/** A ring in view-box units: simplified, rounded, without repeated points or the closing point. */
function projectRing(ring, projection) {
  const projected = ring.map((point) => projection(point));
  // Split the closed ring at its farthest point from the start so both halves keep their shape.
  let split = 1;
  for (let i = 1; i < projected.length - 1; i++) {
    const [x, y] = projected[i];
    const [bx, by] = projected[split];
    if (
      Math.hypot(x - projected[0][0], y - projected[0][1]) >
      Math.hypot(bx - projected[0][0], by - projected[0][1])
    )
      split = i;
  }
  const simplified = [
    ...douglasPeucker(projected.slice(0, split + 1), TOLERANCE).slice(0, -1),
    ...douglasPeucker(projected.slice(split), TOLERANCE),
  ];
  const out = [];
  for (const [x, y] of simplified) {
    const point = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  const [first, last] = [out[0], out[out.length - 1]];
  if (out.length > 1 && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

const pathOf = (rings) => rings.map((ring) => `M${ring.map(([x, y]) => `${x},${y}`).join('L')}Z`).join('');

function segmentDistance([x, y], [x1, y1], [x2, y2]) {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t =
    dx === 0 && dy === 0
      ? 0
      : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

function inside([x, y], rings) {
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

/** How far a point is from the polygon's edge, or -1 outside it. */
function depth(point, rings) {
  if (!inside(point, rings)) return -1;
  let distance = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      distance = Math.min(distance, segmentDistance(point, ring[j], ring[i]));
    }
  }
  return distance;
}

/**
 * The point of the polygon (outer ring and holes) farthest from its edge: the best of a two-unit grid, then of
 * a quarter-unit grid around it.
 */
function labelPoint(rings) {
  const xs = rings[0].map(([x]) => x);
  const ys = rings[0].map(([, y]) => y);
  let best = { x: xs[0], y: ys[0], distance: -1 };
  const search = (x0, x1, y0, y1, step) => {
    for (let x = x0; x <= x1; x += step) {
      for (let y = y0; y <= y1; y += step) {
        const distance = depth([x, y], rings);
        if (distance > best.distance) best = { x, y, distance };
      }
    }
  };
  search(Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys), 2);
  const { x, y } = best;
  search(x - 2, x + 2, y - 2, y + 2, 0.25);
  return [round(best.x), round(best.y)];
}

export function buildRegionMap() {
  const collection = JSON.parse(readFileSync(SOURCE, 'utf8'));
  const features = collection.features.map(rewound);
  const projection = geoTransverseMercator()
    .rotate([-15, 0])
    .fitExtent(
      [
        [MARGIN, MARGIN],
        [WIDTH - MARGIN, HEIGHT - MARGIN],
      ],
      { type: 'FeatureCollection', features },
    );
  const byCode = new Map(features.map((f) => [String(f.properties.l_id).padStart(2, '0'), f]));
  const regions = seedRegions().map(({ code, name }) => {
    const feature = byCode.get(code);
    if (!feature) throw new Error(`Ingen kontur för länskoden ${code} (${name})`);
    const parts = feature.geometry.coordinates
      .map((polygon) => polygon.map((ring) => projectRing(ring, projection)))
      .filter((rings) => rings[0].length >= 3 && ringArea(rings[0]) >= MIN_RING_AREA)
      .map((rings) => rings.filter((ring) => ring.length >= 3));
    const largest = parts.reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a));
    const [labelX, labelY] = labelPoint(largest);
    return { code, name, path: pathOf(parts.flat()), labelX, labelY };
  });
  if (byCode.size !== regions.length) throw new Error('Konturer utan region i REGIONS_SEED');
  return { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, regions };
}

export function serialise(map) {
  return `${JSON.stringify(map, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = serialise(buildRegionMap());
  if (process.argv.includes('--stdout')) {
    process.stdout.write(text);
  } else {
    writeFileSync(OUTPUT, text);
    console.log(`${fileURLToPath(OUTPUT)}: ${Buffer.byteLength(text)} byte`);
  }
}
