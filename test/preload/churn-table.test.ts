// The churn table (src/preload/tables/churn-table.ts) as a data structure: finished resources are
// dropped at compaction, and what they held can be collected then, whatever the table's arrays keep.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ChurnTable, type StillPending } from '../../src/preload/tables/churn-table.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Resource {
  done: boolean;
}

const alive: StillPending = (entry) => !(entry.resource as Resource).done;
const noRequests = () => new Set<unknown>();

function add(table: ChurnTable, id: number, resource: Resource, holder?: { stack?: unknown }): void {
  table.add(alive, id, 'Timeout', 0, id, resource, holder, 0, undefined);
}

/** Adds pending resources with ids 1..count; returns them, to be finished by the test. */
function addPending(table: ChurnTable, count: number, holderOf?: (id: number) => { stack?: unknown } | undefined) {
  const resources: Resource[] = [];
  for (let id = 1; id <= count; id++) {
    const resource = { done: false };
    resources.push(resource);
    add(table, id, resource, holderOf?.(id));
  }
  return resources;
}

describe('ChurnTable', () => {
  it('keeps only what is still pending when it compacts, in order, with its stacks', () => {
    const table = new ChurnTable(noRequests, 16);
    const resources = addPending(table, 100, (id) => (id % 10 === 0 ? { stack: `stack ${id}` } : undefined));
    for (const [i, resource] of resources.entries()) resource.done = (i + 1) % 10 !== 0;
    table.compact();
    expect(table.size).toBe(10);
    expect(table.entries().map((entry) => entry.id)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(table.holderOf(70)?.stack).toBe('stack 70');
    expect(table.holderOf(71)).toBeUndefined();
    // New entries go after the kept ones.
    add(table, 101, { done: false });
    expect(table.entries().map((entry) => entry.id)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 101]);
    table.setOrigin(101, { stack: 'given later' }, undefined);
    expect(table.holderOf(101)?.stack).toBe('given later');
  });

  it('lets a finished resource and its stack be collected once compacted', async () => {
    const table = new ChurnTable(noRequests, 16);
    const pending = { done: false };
    add(table, 1, pending);
    let resource: Resource | undefined = { done: false };
    let holder: { stack?: unknown } | undefined = { stack: 'a stack' };
    const resourceRef = new WeakRef(resource);
    const holderRef = new WeakRef(holder);
    add(table, 2, resource, holder);
    for (let id = 3; id < 40; id++) add(table, id, { done: true });
    resource.done = true;
    resource = undefined;
    holder = undefined;
    table.compact();
    expect(table.entries().map((entry) => entry.id)).toEqual([1]);
    // WeakRef targets stay alive until the end of the current job.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(resourceRef.deref()).toBeUndefined();
    expect(holderRef.deref()).toBeUndefined();
  });

  it('follows what is pending after a burst: compaction at twice what it kept', () => {
    const table = new ChurnTable(noRequests, 16);
    const burst = addPending(table, 100_000);
    for (const resource of burst) resource.done = true;
    add(table, 100_001, { done: false });
    table.compact();
    expect(table.size).toBe(1);
    // The next compaction comes at 16 entries (the smallest), not at the burst's size.
    for (let id = 100_002; id <= 100_016; id++) add(table, id, { done: true });
    expect(table.size).toBe(16);
    add(table, 100_017, { done: true });
    expect(table.size).toBe(1);
  });
});
