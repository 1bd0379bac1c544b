// Dashboards are data (rows of panel specs); this module turns them into Grafana Foundation SDK builders, so every
// panel gets the same datasource variable, a description and a unit, and no dashboard repeats the plumbing.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { SCRAPE_JOBS, type ScrapeJob } from '../alerts/jobs';

/** Every query goes to the data source the viewer picks in `$datasource`. */
export const DATASOURCE: common.DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

/** `{job="…",namespace="$namespace"}` plus extra matchers. */
export const sel = (job: ScrapeJob, ...extra: string[]): string =>
  `{${[`job="${job}"`, 'namespace="$namespace"', ...extra].join(',')}}`;

export interface Query {
  expr: string;
  legend?: string;
}

export interface PanelSpec {
  kind: 'timeseries' | 'stat';
  title: string;
  description: string;
  /** A Grafana unit id: s, bytes, reqps, percentunit, short, ops, m, bool_yes_no, … */
  unit: string;
  queries: Query[];
  /** Stat colour steps: green below the first, orange from it, red from the second. */
  thresholds?: [number, number];
  /** For stat panels where lower is worse (free capacity, availability). */
  lowerIsWorse?: boolean;
}

export interface RowSpec {
  title: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  rows: RowSpec[];
}

const LAYOUT = { stat: { span: 4, height: 4 }, timeseries: { span: 12, height: 8 } } as const;

function targets(queries: Query[], instantStat: boolean) {
  return queries.map((q, i) => {
    const target = new prometheus.DataqueryBuilder()
      .datasource(DATASOURCE)
      .expr(q.expr)
      .refId(String.fromCharCode(65 + i))
      .legendFormat(q.legend ?? '__auto');
    return instantStat ? target.instant() : target;
  });
}

function thresholdSteps(spec: PanelSpec) {
  if (!spec.thresholds) return undefined;
  const [low, high] = spec.thresholds;
  const colours = spec.lowerIsWorse ? ['red', 'orange', 'green'] : ['green', 'orange', 'red'];
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
    { value: null, color: colours[0]! },
    { value: low, color: colours[1]! },
    { value: high, color: colours[2]! },
  ]);
}

/** Places panels left to right, wrapping at 24 columns (the SDK's own auto-layout overflows with mixed widths). */
class Grid {
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  row(): dashboard.GridPos {
    this.wrap();
    return { x: 0, y: this.y++, w: 24, h: 1 };
  }

  place(w: number, h: number): dashboard.GridPos {
    if (this.x + w > 24) this.wrap();
    const pos = { x: this.x, y: this.y, w, h };
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
    return pos;
  }

  private wrap(): void {
    this.y += this.rowHeight;
    this.x = 0;
    this.rowHeight = 0;
  }
}

function panel(spec: PanelSpec, gridPos: dashboard.GridPos) {
  const builder =
    spec.kind === 'stat'
      ? new stat.PanelBuilder()
          .graphMode(common.BigValueGraphMode.None)
          .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']))
      : new timeseries.PanelBuilder().fillOpacity(10).lineWidth(1);
  builder
    .title(spec.title)
    .description(spec.description)
    .unit(spec.unit)
    .datasource(DATASOURCE)
    .gridPos(gridPos)
    .targets(targets(spec.queries, spec.kind === 'stat'));
  const steps = thresholdSteps(spec);
  if (steps) builder.thresholds(steps);
  return builder;
}

export function buildDashboard(spec: DashboardSpec): dashboard.Dashboard {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['brownie', ...spec.tags])
    .editable()
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .withVariable(new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
    .withVariable(
      new dashboard.QueryVariableBuilder('namespace')
        .label('Namespace')
        .datasource(DATASOURCE)
        .query(`label_values(up{job="${SCRAPE_JOBS.api}"}, namespace)`)
        .refresh(dashboard.VariableRefresh.OnDashboardLoad)
        .sort(dashboard.VariableSort.AlphabeticalAsc),
    );
  const grid = new Grid();
  for (const row of spec.rows) {
    builder.withRow(new dashboard.RowBuilder(row.title).gridPos(grid.row()));
    for (const p of row.panels) builder.withPanel(panel(p, grid.place(LAYOUT[p.kind].span, LAYOUT[p.kind].height)));
  }
  return builder.build();
}
