// deploy/k8s: the YAML parses, the Indexed Job, ConfigMap and volume agree, and run.yaml is a valid mmload --config file.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseStartAt } from '../src/run/start-at.js';
import { runCli } from './helpers/run-cli.js';
import { useScratch } from './helpers/shared-setup.js';

const setup = useScratch('mmload-k8s-');

describe('deploy/k8s', () => {
  const k8s = fileURLToPath(new URL('../deploy/k8s/', import.meta.url));
  const docs = (file: string) => parseAllDocuments(readFileSync(join(k8s, file), 'utf8')).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as K8sObject;
  });

  it('holds valid YAML whose Job, ConfigMap and volume agree with each other', () => {
    const [job] = docs('job.yaml');
    const [configMap] = docs('configmap.yaml');
    const [claim, pod] = docs('results.yaml');
    expect(job!.kind).toBe('Job');
    const spec = job!.spec!;
    expect(spec.completionMode).toBe('Indexed');
    const container = spec.template.spec.containers[0]!;
    const shards = Number(/^--shard=auto\/(\d+)$/.exec(container.args!.find((a) => a.startsWith('--shard='))!)![1]);
    expect(spec.completions).toBe(shards);
    expect(spec.parallelism).toBe(shards);
    expect(container.args).toContain('--artifact-dir=/results/shard-$(JOB_COMPLETION_INDEX)');
    expect(container.args).toContain('--start-at=$(START_AT)');
    expect(container.env![0]!.valueFrom.configMapKeyRef).toEqual({ name: configMap!.metadata.name, key: 'start-at' });
    const volumes = spec.template.spec.volumes!;
    expect(volumes.find((v) => v.configMap)!.configMap!.name).toBe(configMap!.metadata.name);
    expect(volumes.find((v) => v.persistentVolumeClaim)!.persistentVolumeClaim!.claimName).toBe(claim!.metadata.name);
    expect(pod!.kind).toBe('Pod');
    expect(parseStartAt(configMap!.data!['start-at'], [], Date.parse('2029-12-31T12:00:00Z'))).toBe(Date.parse('2030-01-01T00:00:00Z'));
  });

  it('gives mmload a run.yaml whose every key is a profile flag (the run gets as far as the server)', async () => {
    const [configMap] = docs('configmap.yaml');
    const runYaml = join(setup.work, 'run.yaml');
    writeFileSync(runYaml, configMap!.data!['run.yaml']!);
    const result = await runCli(['profile', '--config', runYaml, '--shard', '0/4', '--url', '127.0.0.1:1']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(/^mmload: cannot reach the server at http:\/\/127\.0\.0\.1:1/);
  });
});

/** The parts of a Kubernetes object the deploy/k8s checks read. */
interface K8sObject {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    completionMode: string;
    completions: number;
    parallelism: number;
    template: { spec: {
      containers: { args?: string[]; env?: { valueFrom: { configMapKeyRef: unknown } }[] }[];
      volumes?: { configMap?: { name: string }; persistentVolumeClaim?: { claimName: string } }[];
    } };
  };
}
