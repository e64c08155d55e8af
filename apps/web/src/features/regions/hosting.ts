import type { Schemas } from '../../api/client';

export type BoardItem = Schemas['RegionBoardItemDto'];
export type HostingStatus = BoardItem['status'];

/** The hosting statuses in the order a region goes through them (the API's vocabulary, typed from its document). */
export const HOSTING_STATUSES: readonly HostingStatus[] = [
  'not_asked',
  'asked',
  'interested',
  'agreed',
  'declined',
  'no_answer',
  'meeting_scheduled',
  'meeting_held',
];

/**
 * Each status's fill on the map and a symbol drawn on the region and in the legend, so that the colour is never
 * the only thing that tells two statuses apart. Dark fills carry a light symbol.
 */
export const HOSTING_STYLE: Record<HostingStatus, { fill: string; symbol: string; ink: string }> = {
  not_asked: { fill: '#e9ecef', symbol: '', ink: '#212529' },
  asked: { fill: '#a5d8ff', symbol: '?', ink: '#212529' },
  interested: { fill: '#ffe066', symbol: '+', ink: '#212529' },
  agreed: { fill: '#8ce99a', symbol: '✓', ink: '#212529' },
  declined: { fill: '#ffa8a8', symbol: '✕', ink: '#212529' },
  no_answer: { fill: '#d0bfff', symbol: '…', ink: '#212529' },
  meeting_scheduled: { fill: '#1c7ed6', symbol: '◆', ink: '#ffffff' },
  meeting_held: { fill: '#2b8a3e', symbol: '★', ink: '#ffffff' },
};

export interface LegendEntry {
  status: HostingStatus;
  count: number;
  fill: string;
  symbol: string;
}

/** The legend of a board: every status, in order, with how many regions have it (zero included). */
export function legendOf(board: readonly BoardItem[]): LegendEntry[] {
  const counts = new Map<HostingStatus, number>();
  for (const item of board) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  return HOSTING_STATUSES.map((status) => ({
    status,
    count: counts.get(status) ?? 0,
    fill: HOSTING_STYLE[status].fill,
    symbol: HOSTING_STYLE[status].symbol,
  }));
}

/** The fill of each region on the map, by its two-digit county code; a region missing from the board is blank. */
export function fillsByCode(board: readonly BoardItem[]): Map<string, string> {
  return new Map(board.map((item) => [item.code, HOSTING_STYLE[item.status].fill]));
}
