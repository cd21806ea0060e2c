import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/core/catalog.js';
import { formatProfileText } from '../../src/report/profile-text.js';
import { plantedProfile } from '../simulator/support.js';

describe('formatProfileText', () => {
  const catalog = loadCatalog('test/fixtures/catalogs/small.yaml');
  const base = plantedProfile(catalog, (i) => 1 - i / 6);
  const tail = (text: string) => text.split('\n').slice(-2);

  it('names the pairs with refused, unparseable or failed answers (the worst three) and the outcomes never compared', () => {
    const [first, second, third, fourth] = base.utilities.map((u) => u.id) as [string, string, string, string];
    const profile = {
      ...base,
      counts: { ...base.counts, pairs: 66 },
      problemPairs: [
        { first, second, asked: 10, refused: 1, unparseable: 0, failed: 0 },
        { first: second, second: third, asked: 10, refused: 4, unparseable: 2, failed: 0 },
        { first: third, second: fourth, asked: 10, refused: 0, unparseable: 0, failed: 3 },
        { first, second: fourth, asked: 10, refused: 0, unparseable: 2, failed: 0 },
      ],
      utilities: base.utilities.map((u, i) => (i >= 10 ? { ...u, comparisons: 0 } : u)),
    };
    const unseen = base.utilities.slice(10).map((u) => u.id);
    expect(tail(formatProfileText(profile))).toEqual([
      `Pairs with refused, unparseable or failed answers: 4 of 66 (all in profile.json under problemPairs); most: ${second} vs ${third} (4 refused, 2 unparseable of 10); ${third} vs ${fourth} (3 failed of 10); ${first} vs ${fourth} (2 unparseable of 10)`,
      `Never compared: 2 outcome(s), whose mu is the prior's 0, not a measurement: ${unseen.join(', ')}`,
    ]);
  });

  it('says nothing of either when every answer was read and every outcome compared', () => {
    expect(tail(formatProfileText(base))[1]).toMatch(/^Fit: planted, 0 iterations$/);
  });
});
