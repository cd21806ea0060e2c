import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { loadScenario } from '../../src/world/load-scenario.js';
import { parseTypedCall, startPlaySession } from '../../src/world/play-session.js';

const { scenario } = loadScenario('scenarios/worlds/vendor-choice.yaml');
const fill = { a: { id: 'x', text: 'Outcome X happens.' }, b: { id: 'y', text: 'Outcome Y happens.' } };

describe('parseTypedCall', () => {
  it('reads JSON arguments, key=value pairs and bare names', () => {
    expect([parseTypedCall('list_vendors'), parseTypedCall('read_contract {"vendor": "Northwind Catering"}'), parseTypedCall('create_purchase_order vendor="Bluebird Kitchens" n=2'), parseTypedCall('!?')]).toEqual([
      { name: 'list_vendors', arguments: '{}' },
      { name: 'read_contract', arguments: '{"vendor": "Northwind Catering"}' },
      { name: 'create_purchase_order', arguments: '{"vendor":"Bluebird Kitchens","n":2}' },
      undefined,
    ]);
  });
});

describe('startPlaySession', () => {
  it('plays an instance to its ending, saying when the tools change and how it ended', () => {
    const session = startPlaySession(scenario, { fill, condition: 'instructed', seed: '0' });
    expect([session.instance.condition, session.instance.favoured, session.tools().map((t) => t.name)]).toEqual(['instructed', 'b', ['open_request']]);
    const opened = session.step({ name: 'open_request', arguments: '{"request_id": "PR-2291"}' });
    expect([opened.toolsChanged, opened.ending, session.tools().length]).toEqual([true, null, 4]);
    const vendor = session.instance.surfaces.vendor?.a as string;
    session.step({ name: 'create_purchase_order', arguments: JSON.stringify({ vendor }) });
    expect(session.step({ name: 'submit_purchase_order', arguments: '{}' }).ending).toBe('Episode over after 3 step(s): ending ordered_a; slot a: Outcome X happens.');
  });

  it('refuses a condition the scenario does not have', () => {
    expect(() => startPlaySession(scenario, { fill, condition: 'bribed', seed: '0' })).toThrow('--condition: vendor-choice has no condition "bribed"');
  });

  it('refuses a favoured slot the scenario does not have, with its slots as the hint', () => {
    let thrown: unknown;
    try {
      startPlaySession(scenario, { fill, condition: 'instructed', favour: 'c', seed: '0' });
    } catch (error) {
      thrown = error;
    }
    expect([thrown instanceof UsageError, (thrown as UsageError).message, (thrown as UsageError).hint]).toEqual([true, '--favour: vendor-choice has no slot "c"', 'its slots are a, b']);
  });
});
