import { Group, Stack, Text } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../lib/format';
import { HOSTING_STYLE, legendOf, type BoardItem } from './hosting';
import classes from './RegionMap.module.css';
import map from './map/region-paths.json';

/**
 * Sweden's 21 regions coloured by their hosting status (region-paths.json, see map/SOURCE.md). Each region is a
 * focusable path with an accessible name and a <title> (its name and status); Enter, Space or a click opens it.
 * Each status also has a symbol drawn on the region, and the legend beside the map counts them.
 */
export function RegionMap({
  board,
  selectedCode,
  onOpen,
}: {
  board: readonly BoardItem[];
  selectedCode: string | null;
  onOpen: (item: BoardItem) => void;
}) {
  const { t } = useTranslation();
  const byCode = new Map(board.map((item) => [item.code, item]));

  const onKey = (event: KeyboardEvent, item: BoardItem) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(item);
    }
  };

  return (
    <svg
      viewBox={map.viewBox}
      role="group"
      aria-label={t('regions.mapLabel')}
      style={{ width: '100%', maxWidth: 360, height: 'auto', display: 'block' }}
    >
      {map.regions.map((region) => {
        const item = byCode.get(region.code);
        if (!item) {
          return <path key={region.code} d={region.path} fill="#ffffff" stroke="#adb5bd" strokeWidth={0.8} />;
        }
        const style = HOSTING_STYLE[item.status];
        const label = t('regions.mapRegion', { name: item.name, status: t(`regions.status.${item.status}`) });
        return (
          <path
            key={region.code}
            d={region.path}
            fill={style.fill}
            className={`${classes.region} ${selectedCode === region.code ? classes.selected : ''}`}
            role="button"
            tabIndex={0}
            aria-label={label}
            data-code={region.code}
            data-status={item.status}
            onClick={() => onOpen(item)}
            onKeyDown={(e) => onKey(e, item)}
          >
            <title>{label}</title>
          </path>
        );
      })}
      {map.regions.map((region) => {
        const item = byCode.get(region.code);
        if (!item) return null;
        const style = HOSTING_STYLE[item.status];
        return (
          <text
            key={region.code}
            x={region.labelX}
            y={region.labelY}
            className={classes.symbol}
            fill={style.ink}
            aria-hidden="true"
          >
            {style.symbol}
          </text>
        );
      })}
    </svg>
  );
}

/** The statuses with their colour, symbol and how many regions have each. */
export function RegionLegend({ board }: { board: readonly BoardItem[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack
      gap={6}
      component="ul"
      aria-label={t('regions.legend')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {legendOf(board).map((entry) => (
        <Group component="li" key={entry.status} gap="xs" wrap="nowrap" data-status={entry.status}>
          <span
            className={classes.swatch}
            style={{ background: entry.fill, color: HOSTING_STYLE[entry.status].ink }}
            aria-hidden="true"
          >
            {entry.symbol}
          </span>
          <Text size="sm">
            {t('regions.legendEntry', {
              status: t(`regions.status.${entry.status}`),
              count: formatNumber(entry.count, i18n.language),
            })}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
