import { buildDashboards, renderDashboards } from '../../../dashboards';

interface Target {
  expr: string;
  datasource: { type: string; uid: string };
}
interface Panel {
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  fieldConfig?: { defaults: { unit?: string } };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}

const dashboards = buildDashboards().map(
  (d) =>
    JSON.parse(JSON.stringify(d)) as {
      uid: string;
      title: string;
      description: string;
      panels: Panel[];
      templating: { list: { name: string; type: string; query: string }[] };
    },
);
const panels = dashboards.flatMap((d) => d.panels.filter((p) => p.type !== 'row').map((p) => ({ d, p })));

describe('dashboards', () => {
  it('when rendered, then the four dashboards keep their stable uids and file names', () => {
    expect(dashboards.map((d) => d.uid)).toEqual([
      'brownie-business',
      'brownie-database',
      'brownie-api',
      'brownie-backups',
    ]);
    expect(Object.keys(renderDashboards())).toEqual(dashboards.map((d) => `${d.uid}.json`));
  });

  it('when rendered twice, then the JSON is identical', () => {
    expect(renderDashboards()).toEqual(renderDashboards());
  });

  it('when a dashboard loads, then it offers a Prometheus $datasource variable and a $namespace variable', () => {
    for (const d of dashboards) {
      expect(d.templating.list.map((v) => [v.name, v.type])).toEqual([
        ['datasource', 'datasource'],
        ['namespace', 'query'],
      ]);
      expect(d.templating.list[0]!.query).toBe('prometheus');
      expect(d.description.length).toBeGreaterThan(20);
    }
  });

  it('when a panel is shown, then it has a description, a unit, the $datasource variable and queries on it', () => {
    expect(panels.length).toBeGreaterThanOrEqual(40);
    for (const { d, p } of panels) {
      const where = `${d.uid} / ${p.title}`;
      expect([where, (p.description ?? '').length > 10]).toEqual([where, true]);
      expect([where, p.fieldConfig?.defaults.unit]).toEqual([where, expect.any(String)]);
      expect([where, p.datasource]).toEqual([where, { type: 'prometheus', uid: '${datasource}' }]);
      expect(p.targets?.length).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.datasource.uid).toBe('${datasource}');
    }
  });

  it('when a query selects a series, then it pins the job and the $namespace', () => {
    for (const { p } of panels) {
      for (const t of p.targets ?? []) {
        const selectors = [...t.expr.matchAll(/[a-z_:]+\{([^}]*)\}/g)].map((m) => m[1]!);
        for (const s of selectors) expect(s).toMatch(/job="[a-z-]+",namespace="\$namespace"/);
      }
    }
  });

  it('when laid out, then panel titles are unique per dashboard and every panel fits the 24-column grid without overlap', () => {
    for (const d of dashboards) {
      const titles = d.panels.filter((p) => p.type !== 'row').map((p) => p.title);
      expect(new Set(titles).size).toBe(titles.length);
      for (const p of d.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      // No two panels share a cell.
      const cells = d.panels.flatMap((p) =>
        Array.from({ length: p.gridPos.w * p.gridPos.h }, (_, i) => {
          const [dx, dy] = [i % p.gridPos.w, Math.floor(i / p.gridPos.w)];
          return `${p.gridPos.x + dx},${p.gridPos.y + dy}`;
        }),
      );
      expect(new Set(cells).size).toBe(cells.length);
    }
  });

  it('when the issue lists what each dashboard covers, then those subjects have panels', () => {
    const titles = (uid: string) =>
      dashboards
        .find((d) => d.uid === uid)!
        .panels.map((p) => p.title)
        .join(' | ');
    expect(titles('brownie-business')).toMatch(/Organizations.*Teams.*Users.*Open incidents.*Resolution time/s);
    expect(titles('brownie-database')).toMatch(
      /Roles per member.*Replication lag.*Connections by state.*Transactions.*Cache hit ratio.*Locks by mode.*WAL size.*Clients by pool.*Redis memory/s,
    );
    expect(titles('brownie-api')).toMatch(
      /Requests by route.*Error ratio by route.*Latency percentiles.*p95 latency by route/s,
    );
    expect(titles('brownie-backups')).toMatch(
      /Since last backup.*Last backup size.*Last backup duration.*Drill status/s,
    );
  });
});
