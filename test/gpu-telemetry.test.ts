// --gpu-telemetry end to end: a run against a local chat server and a DCGM exporter stand-in, checked by hand arithmetic.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveGpuTelemetry } from '../src/commands/profile/gpu-telemetry-options.js';
import { twoDecimals } from '../src/report/aiperf-csv.js';
import { rebuildRun } from '../src/run/rebuild-run.js';
import { formatNumber } from '../src/util/number-format.js';
import { startDcgmServer } from './fixtures/dcgm-server.js';
import { startStreamServer } from './fixtures/stream-server.js';
import { checkAiperfCsv, checkAiperfJson } from './helpers/aiperf-schema.js';
import { closedPort } from './helpers/closed-port.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-gpu-telemetry-');

/** 8 text-only requests of 6 output tokens each (the stream server's default), 2 at a time. */
const REQUESTS = 8;
const TOKENS_PER_REQUEST = 6;
const RUN = ['--images-per-request', '0', '--user-text-tokens', '16', '--shared-system-prompt-length', '0', '--output-tokens', '0',
  '--request-count', String(REQUESTS), '--concurrency', '2', '--compat', 'aiperf', '--quiet'];

const UUID = ['GPU-5f1e3b7a-2c4d-6e8f-9a0b-1c2d3e4f5a6b', 'GPU-8a9b0c1d-3e4f-5a6b-7c8d-9e0f1a2b3c4d'];

async function profile(name: string, gpuArgs: string[]) {
  const chat = await startStreamServer({ model: 'test-model', ttftMs: 20, itlMs: 15, outputTokens: TOKENS_PER_REQUEST });
  const dir = join(setup.work, name);
  try {
    const result = await runCli([...RUN, '--url', `127.0.0.1:${chat.port}`, '--artifact-dir', dir, ...gpuArgs]);
    expect(result.stderr).not.toMatch(/internal error/);
    return { dir, result, read: (file: string) => readFileSync(join(dir, file), 'utf8') };
  } finally {
    await chat.close();
  }
}

describe('--gpu-telemetry against a DCGM exporter serving 2 GPUs', () => {
  it('reports per-GPU power, energy from the counter, energy per output token and tokens per joule as aiperf computes them', async () => {
    const dcgm = await startDcgmServer();
    const endpoint = dcgm.url.replace('http://', '');
    let run: Awaited<ReturnType<typeof profile>>;
    try {
      run = await profile('two-gpus', ['--gpu-telemetry', endpoint]);
    } finally {
      await dcgm.close();
    }
    expect(run.result.code).toBe(0);

    // Scrape k of the fixture: GPU 0 draws 200 + 10k W and its counter rises 2,000 J a scrape; GPU 1 300 + 20k W, 3,000 J.
    // Scrape 0 comes before the profiled phase: the counters' reference, outside the gauges' statistics.
    const n = dcgm.scrapes();
    expect(n).toBeGreaterThanOrEqual(2);
    const m = n - 1; // scrapes k = 1 … n−1 during the phase (the last one at its end)
    const sumK = (m * (m + 1)) / 2;
    const energyJ = [2000 * m, 3000 * m];
    const totalEnergyJ = energyJ[0]! + energyJ[1]!;
    const outputTokens = REQUESTS * TOKENS_PER_REQUEST;

    const summary = JSON.parse(run.read('summary.json'));
    expect(summary.total_output_tokens.avg).toBe(outputTokens);
    const gpus = summary.mmload.gpu_telemetry.gpus;
    expect(gpus.map((g: { gpu_uuid: string }) => g.gpu_uuid)).toEqual(UUID);
    const power0 = gpus[0].metrics.nvidia_power_usage;
    expect(power0.count).toBe(m);
    expect(power0.min).toBe(210);
    expect(power0.max).toBe(200 + 10 * m);
    expect(power0.avg).toBeCloseTo(200 + (10 * sumK) / m, 9);
    expect(power0.sum).toBeCloseTo(200 * m + 10 * sumK, 9);
    expect(power0.p50).toBeCloseTo(200 + (10 * (m + 1)) / 2, 9); // the median of an arithmetic run is its mean
    expect(power0.std).toBeCloseTo(m > 1 ? 10 * Math.sqrt((m * (m + 1)) / 12) : 0, 9); // sample std of 10·(1…m)
    expect(gpus[1].metrics.nvidia_power_usage.avg).toBeCloseTo(300 + (20 * sumK) / m, 9);
    expect(gpus[0].metrics.nvidia_energy_consumption).toEqual({ unit: 'MJ', avg: expect.closeTo(energyJ[0]! / 1e6, 12) });
    expect(gpus[0].metrics.nvidia_memory_used.avg).toBeCloseTo(40960 * 1.048576e-3, 9); // MiB → GB
    expect(gpus[0].metrics.nvidia_sm_utilization.avg).toBeCloseTo(50, 9); // ratio 0.5 → %
    expect(gpus[0].series.map((p: { power_w: number }) => p.power_w)).toEqual(Array.from({ length: n }, (_, k) => 200 + 10 * k));
    expect(gpus[1].series.map((p: { utilization_pct: number }) => p.utilization_pct)).toEqual(Array.from({ length: n }, (_, k) => 60 + 2 * k));
    expect(gpus[0].series[0].t).toBeLessThanOrEqual(0);
    const efficiency = summary.mmload.gpu_telemetry.efficiency;
    expect(efficiency.total_gpu_energy_j).toBeCloseTo(totalEnergyJ, 6);
    expect(efficiency.output_tokens_per_joule).toBeCloseTo(outputTokens / totalEnergyJ, 12);
    expect(efficiency.energy_per_output_token_mj).toBeCloseTo((totalEnergyJ * 1000) / outputTokens, 6);

    // report.html: the energy line, a row per GPU, and a power and a utilisation line per GPU over the phase.
    const html = run.read('report.html');
    expect(html).toMatch(new RegExp(`data-gpu-energy>${(totalEnergyJ).toLocaleString('en-US', { maximumFractionDigits: 1 })}[.,0-9]* J over 2 GPUs`));
    expect(html.match(/<table data-gpus>[\s\S]*?<\/table>/)?.[0].match(/<tr>/g)).toHaveLength(3);
    for (const id of ['gpu-power', 'gpu-utilization']) {
      expect(/data-chart="([^"]+)"[\s\S]*?<\/svg>/g.exec(html.slice(html.indexOf(`data-chart="${id}"`)))?.[0].match(/<path class="series"/g)).toHaveLength(2);
    }

    // aiperf's profile_export_aiperf.json: telemetry_data between the declared metrics and input_config, efficiency last.
    const aiperf = JSON.parse(run.read('profile_export_aiperf.json'));
    expect(checkAiperfJson(aiperf)).toEqual([]);
    const keys = Object.keys(aiperf);
    expect(keys.indexOf('telemetry_data')).toBe(keys.indexOf('input_config') - 1);
    expect(keys.slice(-4)).toEqual(['total_gpu_power', 'total_gpu_energy', 'output_tokens_per_joule', 'energy_per_output_token']);
    const data = aiperf.telemetry_data;
    expect(data.summary.endpoints_configured).toEqual([`${dcgm.url}/metrics`]);
    const gpu0 = data.endpoints[endpoint].gpus.gpu_0;
    expect(Object.keys(gpu0)).toEqual(['gpu_index', 'gpu_name', 'gpu_uuid', 'platform', 'hostname', 'metrics']);
    expect(gpu0).toMatchObject({ gpu_index: 0, gpu_name: 'NVIDIA H100 80GB HBM3', gpu_uuid: UUID[0], platform: 'nvidia', hostname: 'dgx-h100-07' });
    expect(Object.keys(gpu0.metrics.nvidia_power_usage)).toEqual(['unit', 'avg', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'min', 'max', 'std', 'count', 'sum']);
    expect(gpu0.metrics.nvidia_power_usage).toEqual(power0);
    expect(aiperf.total_gpu_energy).toEqual({ unit: 'J', avg: expect.closeTo(totalEnergyJ, 6) });
    expect(aiperf.output_tokens_per_joule).toEqual({ unit: 'tokens/J', avg: expect.closeTo(outputTokens / totalEnergyJ, 12) });
    expect(aiperf.energy_per_output_token).toEqual({ unit: 'mJ/token', avg: expect.closeTo((totalEnergyJ * 1000) / outputTokens, 6) });
    expect(aiperf.total_gpu_power.avg).toBeCloseTo(500 + (30 * sumK) / m, 9);

    // The CSV: the power-efficiency rows among the single values, then aiperf's GPU section.
    const csv = run.read('profile_export_aiperf.csv');
    expect(checkAiperfCsv(csv, aiperf)).toEqual([]);
    expect(csv).toContain(`\r\nTotal GPU Energy (2 GPUs) (J),${twoDecimals(aiperf.total_gpu_energy.avg)}\r\n`);
    const gpuSection = csv.split('\r\n\r\n\r\n')[1]!.split('\r\n');
    expect(gpuSection[0]).toBe('Endpoint,GPU_Index,GPU_Name,GPU_UUID,Platform,Metric,avg,min,max,sum,p1,p5,p10,p25,p50,p75,p90,p95,p99,std,Hostname');
    expect(gpuSection[1]).toBe([endpoint, '0', 'NVIDIA H100 80GB HBM3', UUID[0], 'nvidia', 'NVIDIA GPU Power Usage (W)',
      ...['avg', 'min', 'max', 'sum', 'p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99', 'std'].map((k) => twoDecimals(power0[k])), 'dgx-h100-07'].join(','));
    expect(gpuSection[2]).toBe(`${endpoint},0,NVIDIA H100 80GB HBM3,${UUID[0]},nvidia,NVIDIA Energy Consumption (MJ),${twoDecimals(energyJ[0]! / 1e6)},,,,,,,,,,,,,,dgx-h100-07`);

    // gpu_telemetry_export.jsonl: a record per GPU per scrape, in aiperf's layout.
    const lines = run.read('gpu_telemetry_export.jsonl').trimEnd().split('\n');
    expect(lines).toHaveLength(2 * n);
    expect(lines[0]).toMatch(/^\{"timestamp_ns":\d{19},"telemetry_source_url":/);
    const first = JSON.parse(lines[0]!);
    expect(Object.keys(first)).toEqual(['timestamp_ns', 'telemetry_source_url', 'gpu_index', 'gpu_uuid', 'gpu_model_name', 'pci_bus_id', 'device', 'hostname', 'platform', 'telemetry_data']);
    expect(first).toMatchObject({ telemetry_source_url: `${dcgm.url}/metrics`, gpu_index: 0, gpu_uuid: UUID[0], pci_bus_id: '00000000:18:00.0', device: 'nvidia0', platform: 'nvidia' });
    expect(Object.keys(first.telemetry_data)).toEqual(['nvidia_power_usage', 'nvidia_energy_consumption', 'nvidia_gpu_utilization', 'nvidia_memory_utilization',
      'nvidia_memory_used', 'nvidia_temperature', 'nvidia_sm_utilization', 'nvidia_decoder_utilization', 'nvidia_encoder_utilization', 'nvidia_xid_errors']);
    expect(first.telemetry_data.nvidia_energy_consumption).toBeCloseTo(123456789012e-9, 12);
    expect(JSON.parse(lines[2 * n - 1]!)).toMatchObject({ gpu_index: 1, telemetry_data: { nvidia_power_usage: 300 + 20 * (n - 1) } });

    // The console: a row per GPU and the energy per token.
    expect(run.result.stdout).toContain(`GPU Telemetry Summary: 1/1 DCGM endpoints reachable (${endpoint} ✔)`);
    expect(run.result.stdout).toContain(`${formatNumber((totalEnergyJ * 1000) / outputTokens, 2)} mJ per output token`);

    // mmload report rebuilds the run from its records and keeps what was scraped live from its summary.json.
    expect(await rebuildRun(run.dir, { out: () => {}, err: () => {} })).toBe(0);
    const rebuilt = JSON.parse(run.read('summary.json'));
    expect(rebuilt.mmload.gpu_telemetry).toEqual(summary.mmload.gpu_telemetry);
    expect(rebuilt.mmload.server_metrics).toEqual(summary.mmload.server_metrics);
    expect(JSON.parse(run.read('profile_export_aiperf.json')).telemetry_data).toEqual(aiperf.telemetry_data);
  });

  it('goes on when the endpoints do not answer: aiperf\'s defaults silently, a given one named on the console', async () => {
    const closed = `127.0.0.1:${await closedPort()}`;
    const run = await profile('unreachable', ['--gpu-telemetry', closed]);
    expect(run.result.code).toBe(0);
    expect(existsSync(join(run.dir, 'gpu_telemetry_export.jsonl'))).toBe(false);
    const summary = JSON.parse(run.read('summary.json'));
    expect(summary.mmload.gpu_telemetry).toBeUndefined();
    expect(JSON.parse(run.read('profile_export_aiperf.json')).telemetry_data).toBeUndefined();
    expect(run.result.stdout).toContain(`0/1 DCGM endpoints reachable (${closed} ✘ (unreachable))`);
    expect(run.result.stdout).toContain('No GPU telemetry data collected during the benchmarking run.');
    expect(run.result.stdout).not.toContain('localhost:940');
  });
});

describe('--gpu-telemetry and --no-gpu-telemetry as aiperf reads them', () => {
  const defaults = ['http://localhost:9400/metrics', 'http://localhost:9401/metrics'];
  const resolve = (values: (string | false)[] | undefined) => {
    const problems: string[] = [];
    return { config: resolveGpuTelemetry({ 'gpu-telemetry': values }, problems), problems };
  };

  it('always tries aiperf\'s default endpoints, adds the given ones (http:// and /metrics added), and shows the table only when given', () => {
    expect(resolve(undefined)).toEqual({ config: { endpoints: defaults, given: [], console: false }, problems: [] });
    expect(resolve([])).toEqual({ config: { endpoints: defaults, given: [], console: true }, problems: [] });
    expect(resolve(['node1:9400', 'http://node2:9401/metrics/,localhost:9400', 'dashboard']).config).toEqual({
      endpoints: [...defaults, 'http://node1:9400/metrics', 'http://node2:9401/metrics'],
      given: ['http://node1:9400/metrics', 'http://node2:9401/metrics'],
      console: true,
    });
    expect(resolve([false])).toEqual({ config: null, problems: [] });
  });

  it('refuses in one line each: both flags, the vendor-library modes, custom metric files, and what is not a URL', () => {
    expect(resolve(['node1:9400', false]).problems).toEqual(['give --gpu-telemetry or --no-gpu-telemetry, not both']);
    expect(resolve(['pynvml']).problems).toEqual([expect.stringMatching(/^--gpu-telemetry pynvml reads the local GPUs through a vendor library, which mmload does not link/)]);
    expect(resolve(['custom.csv']).problems).toEqual([expect.stringMatching(/^--gpu-telemetry custom\.csv: custom DCGM metric files are not supported/)]);
    expect(resolve(['gpus']).problems).toEqual([expect.stringMatching(/^--gpu-telemetry: "gpus" is not a DCGM exporter URL/)]);
    // Every problem at once, as --server-metrics reports them: both flags and a refused item.
    expect(resolve(['pynvml', false]).problems).toEqual(['give --gpu-telemetry or --no-gpu-telemetry, not both', expect.stringMatching(/^--gpu-telemetry pynvml reads/)]);
  });
});
