import { Color, ScaleType } from '@swimlane/ngx-charts';

/** Distinct, colour-blind-friendlier hues that read on the portal's light and dark surfaces. */
export const CHART_SCHEME: Color = {
  name: 'apex',
  selectable: true,
  group: ScaleType.Ordinal,
  domain: ['#6750a4', '#0097a7', '#e8710a', '#1e88e5', '#d81b60', '#43a047', '#8e24aa', '#f4b400', '#5d4037', '#546e7a'],
};
