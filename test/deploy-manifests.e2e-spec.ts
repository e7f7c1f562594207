import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../src/config/load-config';
import { tempDir } from './support/temp-dir';

/** Stand-ins for the Secret the operator creates (the production overlay carries none). */
const EXAMPLE_SECRETS = {
  KEY_ENCRYPTION_SECRET: 'k8s-test-key-encryption-secret-0123456789',
  COOKIE_SECRET: 'k8s-test-cookie-secret-0123456789abcdef',
  ADMIN_TOKEN: 'k8s-test-admin-token-0123456789abcdefgh',
};

/**
 * The Kubernetes manifests are rendered with `kubectl kustomize` (no cluster needed) and every
 * object is validated against the Kubernetes schemas of kubernetes-models, so a wrong type, a
 * missing required field or an unknown kind fails CI.
 */
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; [k: string]: unknown };

const MODELS: Record<string, string> = {
  'v1/ConfigMap': 'kubernetes-models/v1/ConfigMap',
  'v1/Secret': 'kubernetes-models/v1/Secret',
  'v1/Service': 'kubernetes-models/v1/Service',
  'apps/v1/Deployment': 'kubernetes-models/apps/v1/Deployment',
  'batch/v1/Job': 'kubernetes-models/batch/v1/Job',
  'networking.k8s.io/v1/Ingress': 'kubernetes-models/networking.k8s.io/v1/Ingress',
  'networking.k8s.io/v1/NetworkPolicy': 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy',
  'autoscaling/v2/HorizontalPodAutoscaler': 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler',
  'policy/v1/PodDisruptionBudget': 'kubernetes-models/policy/v1/PodDisruptionBudget',
};

function render(dir: string): Manifest[] {
  const out = execFileSync('kubectl', ['kustomize', join(__dirname, '..', 'docker', 'k8s', dir)], { encoding: 'utf8' });
  return parseAllDocuments(out).map((d) => d.toJSON() as Manifest);
}

function validate(m: Manifest): void {
  const path = MODELS[`${m.apiVersion}/${m.kind}`];
  if (!path) throw new Error(`no schema for ${m.apiVersion} ${m.kind}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Model = (require(path) as Record<string, new (d: unknown) => { validate(): void }>)[m.kind];
  new Model(m).validate();
}

describe.each(['base', 'overlays/production'])('Kubernetes manifests (%s)', (dir) => {
  const manifests = render(dir);

  it('render the objects an operator needs', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'Ingress',
        'Job',
        'NetworkPolicy',
        'PodDisruptionBudget',
        // The operator creates the real Secret; only the base carries the example.
        ...(dir === 'base' ? ['Secret'] : []),
        'Service',
      ].sort(),
    );
  });

  it.each(manifests.map((m) => [`${m.kind} ${m.metadata.name}`, m] as const))('%s is valid', (_name, m) => {
    expect(() => validate(m)).not.toThrow();
  });

  it('runs the server hardened, probed and with at least two replicas', () => {
    const deployment = manifests.find((m) => m.kind === 'Deployment') as unknown as {
      spec: { replicas: number; template: { spec: { containers: Record<string, Record<string, unknown>>[] } } };
    };
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const c = deployment.spec.template.spec.containers[0];
    expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(c.readinessProbe).toMatchObject({ httpGet: { path: '/health/ready' } });
    expect(c.livenessProbe).toMatchObject({ httpGet: { path: '/health/live' } });
    expect(c.startupProbe).toBeDefined();
    expect(c.lifecycle).toMatchObject({ preStop: expect.anything() });
  });

  it('trusts exactly one proxy hop (the one ingress), a setting the server accepts', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    expect(config.data.TRUST_PROXY).toBe('1');
    const loaded = loadConfig({ ...config.data, ...EXAMPLE_SECRETS, DATA_DIR: tempDir('k8s-') }, () => {
      throw new Error('the manifests should start the server without a warning');
    });
    expect(loaded.trustProxy).toBe(1);
  });
});

describe('the production overlay', () => {
  const manifests = render('overlays/production');
  it('serves a public https ISSUER behind TLS', () => {
    const config = manifests.find((m) => m.kind === 'ConfigMap') as unknown as { data: Record<string, string> };
    expect(config.data.ISSUER).toMatch(/^https:\/\//);
    const ingress = manifests.find((m) => m.kind === 'Ingress') as unknown as { spec: { tls: unknown[] } };
    expect(ingress.spec.tls.length).toBeGreaterThan(0);
  });

  it('leaves out the example Secret, so applying it never overwrites the real one', () => {
    expect(manifests.some((m) => m.kind === 'Secret')).toBe(false);
  });

  it('rejects a manifest with a wrong type (the check can fail)', () => {
    const deployment = structuredClone(manifests.find((m) => m.kind === 'Deployment')!) as Manifest & {
      spec: { replicas: unknown };
    };
    deployment.spec.replicas = 'three';
    expect(() => validate(deployment)).toThrow();
  });
});
