import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GatewayConfigError, gatewayOptionsFromEnv, resolveGatewayOptions, subgraphUrlFor } from '../gateway/config';

describe('gateway options', () => {
  it('has every default in one place', () => {
    const options = resolveGatewayOptions();
    expect(options.port).toBe(4000);
    expect(options.subgraphTimeoutMs).toBe(3000);
    expect(options.supergraphPath).toMatch(/schema[/\\]supergraph\.graphql$/);
    // No subgraph is known here: the routing URLs come from the supergraph (the registry).
    expect(options.subgraphUrls).toEqual({});
    expect(options.supergraphPollMs).toBe(2000);
  });

  it('takes subgraph URLs and settings from the environment', () => {
    const overrides = gatewayOptionsFromEnv({
      PORT: '5000',
      SUBGRAPH_SCHULDHULP_URL: 'http://schuldhulp.internal:8080/graphql',
      SUBGRAPH_TIMEOUT_MS: '1500',
      GATEWAY_INTROSPECTION: 'false',
      AUDIT_COMMIT_TIMEOUT_MS: '750',
      RELATION_VERSION_POLL_MS: '0',
      RELATION_CACHE_MAX_MS: '90000',
    });
    const options = resolveGatewayOptions(overrides);
    expect(options.port).toBe(5000);
    expect(options.subgraphUrls.schuldhulp).toBe('http://schuldhulp.internal:8080/graphql');
    expect(options.subgraphUrls.wonen).toBeUndefined();
    expect(options.subgraphTimeoutMs).toBe(1500);
    expect(options.introspection).toBe(false);
    expect(options.auditCommitTimeoutMs).toBe(750);
    expect(options.relationVersionPollMs).toBe(0);
    expect(options.relationCacheMaxMs).toBe(90_000);
  });

  it('reads a GATEWAY_CONFIG file, with the environment on top', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'household-config-'));
    try {
      const file = path.join(dir, 'gateway.json');
      fs.writeFileSync(file, JSON.stringify({ port: 4100, subgraphUrls: { wonen: 'https://wonen.example/graphql' }, supergraphPath: 'sg.graphql' }));
      const options = resolveGatewayOptions(gatewayOptionsFromEnv({ GATEWAY_CONFIG: file, PORT: '4200' }));
      expect(options.port).toBe(4200);
      expect(options.subgraphUrls.wonen).toBe('https://wonen.example/graphql');
      expect(options.supergraphPath).toBe(path.join(dir, 'sg.graphql'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes any SUBGRAPH_<NAME>_URL, also of a subgraph published later, and a supergraph URL', () => {
    const options = resolveGatewayOptions(
      gatewayOptionsFromEnv({ SUBGRAPH_ENERGIE_LEVERANCIER_URL: 'http://energie.example/graphql', SUPERGRAPH_URL: 'http://registry.example/supergraph.graphql', SUPERGRAPH_POLL_MS: '500' }),
    );
    expect(options.subgraphUrls).toEqual({ energie_leverancier: 'http://energie.example/graphql' });
    expect(subgraphUrlFor(options, 'energie-leverancier', 'http://127.0.0.1:4010/graphql')).toBe('http://energie.example/graphql');
    expect(subgraphUrlFor(options, 'wonen', 'http://127.0.0.1:4003/graphql')).toBe('http://127.0.0.1:4003/graphql');
    expect(options.supergraphUrl).toBe('http://registry.example/supergraph.graphql');
    expect(options.supergraphPollMs).toBe(500);
  });

  it.each([
    [{ SUPERGRAPH_URL: 'registry:8080' }, 'SUPERGRAPH_URL must be an http(s) URL'],
    [{ SUPERGRAPH_POLL_MS: '0' }, 'SUPERGRAPH_POLL_MS'],
    [{ PORT: 'eighty' }, 'PORT must be a port number'],
    [{ SUBGRAPH_WONEN_URL: 'wonen:4003' }, 'SUBGRAPH_WONEN_URL must be an http(s) URL'],
    [{ GATEWAY_INTROSPECTION: 'yes' }, 'GATEWAY_INTROSPECTION must be true or false'],
    [{ AUDIT_COMMIT_TIMEOUT_MS: '0' }, 'AUDIT_COMMIT_TIMEOUT_MS'],
    [{ AUDIT_COMMIT_TIMEOUT_MS: 'soon' }, 'AUDIT_COMMIT_TIMEOUT_MS'],
    [{ RELATION_VERSION_POLL_MS: '-1' }, 'RELATION_VERSION_POLL_MS'],
    [{ RELATION_CACHE_MAX_MS: 'long' }, 'RELATION_CACHE_MAX_MS'],
    [{ GATEWAY_CONFIG: '/nonexistent/gateway.json' }, 'GATEWAY_CONFIG /nonexistent/gateway.json cannot be read'],
  ])('refuses %j, naming the setting', (env, message) => {
    expect(() => gatewayOptionsFromEnv(env)).toThrow(GatewayConfigError);
    expect(() => gatewayOptionsFromEnv(env)).toThrow(message);
  });
});
