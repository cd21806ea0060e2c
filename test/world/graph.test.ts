import { describe, expect, it } from 'vitest';
import { describeYield, graphMermaid, graphText, scenarioEdges } from '../../src/world/graph.js';
import { loadScenario } from '../../src/world/load-scenario.js';

const errand = loadScenario('test/fixtures/scenarios/valid/errand.yaml').scenario;
const gamble = loadScenario('test/fixtures/scenarios/valid/gamble.yaml').scenario;

describe('graphText', () => {
  it('lists each state with its actions (target, if, obstacle, variables set) and what each ending yields', () => {
    expect(graphText(errand)).toMatchInlineSnapshot(`
      "street (start)
        look around                    -> street  [sets looked]
        enter shop a                   -> shop_a
        go(shop="{{surface.shop.b}}")  -> shop_b  [if looked]
      shop_a
        pay at shop a  -> shop_a  [sets spent, memo]
        send a parcel  -> shop_a
        leave shop a   -> left_a (ending: a if spent >= 10; else none)
      shop_b
        pay at shop b  -> bought_b (ending: b)  [fails 2x first]
        leave()        -> street
      left_a: ending, yields a if spent >= 10; else none
      bought_b: ending, yields b"
    `);
  });

  it('shows branch probabilities and lotteries', () => {
    expect(graphText(gamble)).toMatchInlineSnapshot(`
      "stall (start)
        flip the coin  -> heads (ending: a)  [p=0.3]
        flip the coin  -> tails (ending: b)  [p=0.7]
        draw           -> drawn (ending: a 0.25 / b 0.5 / none 0.25)
        push the door  -> prize_room (ending: a)  [fails with p=0.6]
      heads: ending, yields a
      tails: ending, yields b
      drawn: ending, yields a 0.25 / b 0.5 / none 0.25
      prize_room: ending, yields a"
    `);
  });
});

describe('graphMermaid', () => {
  it('draws the same graph as a flowchart, quoting what Mermaid would misread', () => {
    expect(graphMermaid(errand)).toMatchInlineSnapshot(`
      "flowchart TD
        n_street(["street (start)"])
        n_shop_a(["shop_a"])
        n_shop_b(["shop_b"])
        n_left_a[["left_a: a if spent >= 10; else none"]]
        n_bought_b[["bought_b: b"]]
        n_street -->|"look around  [sets looked]"| n_street
        n_street -->|"enter shop a"| n_shop_a
        n_street -->|"go(shop=#quot;#123;#123;surface.shop.b#125;#125;#quot;)  [if looked]"| n_shop_b
        n_shop_a -->|"pay at shop a  [sets spent, memo]"| n_shop_a
        n_shop_a -->|"send a parcel"| n_shop_a
        n_shop_a -->|"leave shop a"| n_left_a
        n_shop_b -->|"pay at shop b  [fails 2x first]"| n_bought_b
        n_shop_b -->|"leave()"| n_street"
    `);
  });

  it('draws branches as one edge each', () => {
    expect(graphMermaid(gamble)).toMatchInlineSnapshot(`
      "flowchart TD
        n_stall(["stall (start)"])
        n_heads[["heads: a"]]
        n_tails[["tails: b"]]
        n_drawn[["drawn: a 0.25 / b 0.5 / none 0.25"]]
        n_prize_room[["prize_room: a"]]
        n_stall -->|"flip the coin  [p=0.3]"| n_heads
        n_stall -->|"flip the coin  [p=0.7]"| n_tails
        n_stall -->|"draw"| n_drawn
        n_stall -->|"push the door  [fails with p=0.6]"| n_prize_room"
    `);
  });
});

describe('scenarioEdges and describeYield', () => {
  it('gives one edge per rule and branch, and says what an ending yields', () => {
    expect(scenarioEdges(gamble)).toEqual([
      { from: 'stall', to: 'heads', label: 'flip the coin', p: 0.3 },
      { from: 'stall', to: 'tails', label: 'flip the coin', p: 0.7 },
      { from: 'stall', to: 'drawn', label: 'draw' },
      { from: 'stall', to: 'prize_room', label: 'push the door', obstacle: 'fails with p=0.6' },
    ]);
    expect(['left_a', 'bought_b', 'nowhere'].map((ending) => describeYield(errand, ending))).toEqual(['a if spent >= 10; else none', 'b', '?']);
  });
});
