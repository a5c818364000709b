/** Price history: one log-scale chart per dataset with its episodes. */
import type { Episode } from '../../../engine/types.ts';
import type { PriceTrack } from '../../../engine/results.ts';
import { esc, str } from '../format.ts';
import type { ReportSection } from '../model.ts';
import { outcomeLegend, priceChart } from '../parts/price-chart.ts';

function priceFigure(track: PriceTrack, episodes: Episode[], i: number, universeOf: Map<string, string>): string {
  // A universe's one chart is its market; its members' episodes are in the lanes below it.
  const eps = episodes.filter((e) => str(e.market) === str(track.dataset) || universeOf.get(str(e.market)) === str(track.dataset));
  const nb = Math.min(track.dates?.length ?? 0, track.close?.length ?? 0);
  return `<figure class="chart"><h3>${esc(track.dataset)} <span class="muted">\u00b7 ${esc(track.column)} \u00b7 ${nb > 0 ? `${esc(track.dates[0])} to ${esc(track.dates[nb - 1])}` : 'empty'} \u00b7 ${nb} bars \u00b7 ${eps.length} episodes</span></h3>${priceChart(track, eps, i)}</figure>`;
}

/** `tracks` in display order; `episodes` of every dataset. */
export function prices(tracks: PriceTrack[], episodes: Episode[], universeOf: Map<string, string> = new Map()): string {
  let s = '<section id="prices"><h2>Price history</h2><p>Log scale. Shaded bands: episodes on this price series, from the reference low (or the seasonal window\u2019s start) to the decision plus the horizon, coloured by outcome (on a long history, where bands would cover the chart, short ticks along the bottom of the plot mark each decision\u2019s outcome instead); dots mark decisions. The lanes below show every episode of each kind on this dataset (sector-led episodes follow their sector\u2019s index, not this line). Hover a lane bar for the episode.</p>';
  s += outcomeLegend();
  if (tracks.length === 0) s += '<p class="muted">No price tracks in this run.</p>';
  s += tracks.map((tr, i) => priceFigure(tr, episodes, i, universeOf)).join('');
  return `${s}</section>`;
}

export const pricesSection: ReportSection<'prices'> = {
  id: 'prices',
  contents: () => '<a href="#prices">Price history</a>',
  render: (m) => prices(m.prices, m.episodes, new Map((m.summary.universes ?? []).flatMap((u) => (u.members ?? []).map((x) => [str(x.id), str(u.id)] as [string, string])))),
};
