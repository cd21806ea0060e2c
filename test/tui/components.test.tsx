import { Box } from 'ink';
import { describe, expect, it } from 'vitest';
import { progressBarText } from '../../src/tui/components/ProgressBar.js';
import { ScrollText } from '../../src/tui/components/ScrollText.js';
import { SelectList } from '../../src/tui/components/SelectList.js';
import { formatTable } from '../../src/tui/components/Table.js';
import { formatCount, formatDuration, formatRate, wrapText } from '../../src/tui/components/text.js';
import { windowOffset } from '../../src/tui/components/use-list-cursor.js';
import { KEY, press, renderAt, waitForText } from './helpers.js';

describe('SelectList', () => {
  it('renders only the rows in view of 100,000 items and moves by row, page and end', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ key: `e${i}`, label: `episode ${i}` }));
    const selected: string[] = [];
    const ui = renderAt(
      <Box flexDirection="column">
        <SelectList items={items} height={6} width={40} onSelect={(item) => selected.push(item.key)} />
      </Box>,
    );
    expect(await waitForText(ui, 'episode 0')).toMatchInlineSnapshot(`
      "› episode 0
        episode 1
        episode 2
        episode 3
        episode 4
        1/100000  ↓99995"
    `);
    await press(ui, KEY.down, KEY.down, KEY.pageDown);
    expect(await waitForText(ui, '7/100000')).toMatchInlineSnapshot(`
      "  episode 2
        episode 3
        episode 4
        episode 5
      › episode 6
        7/100000  ↑2  ↓99993"
    `);
    await press(ui, '\x1b[F', KEY.enter);
    expect(await waitForText(ui, '100000/100000')).toMatchInlineSnapshot(`
      "  episode 99995
        episode 99996
        episode 99997
        episode 99998
      › episode 99999
        100000/100000  ↑99995"
    `);
    expect(selected).toEqual(['e99999']);
    ui.unmount();
  });

  it('marks rows in multi-select mode and toggles them with space', async () => {
    const items = ['a', 'b', 'c'].map((key) => ({ key, label: `item ${key}` }));
    const checked = new Set(['b']);
    const toggled: string[] = [];
    const ui = renderAt(<SelectList items={items} height={5} width={30} checked={checked} onToggle={(item) => toggled.push(item.key)} />);
    await press(ui, KEY.down, KEY.space);
    expect(await waitForText(ui, 'item c')).toMatchInlineSnapshot(`
      "  [ ] item a
      › [x] item b
        [ ] item c"
    `);
    expect(toggled).toEqual(['b']);
    ui.unmount();
  });
});

describe('ScrollText', () => {
  it('follows the end of a log and scrolls back with page up', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ text: `line ${i + 1}` }));
    const ui = renderAt(<ScrollText lines={lines} height={5} width={30} follow />);
    expect(await waitForText(ui, 'line 50')).toMatchInlineSnapshot(`
      "line 47
      line 48
      line 49
      line 50
        lines 47-50 of 50"
    `);
    await press(ui, KEY.pageUp);
    expect(await waitForText(ui, 'lines 44-47')).toMatchInlineSnapshot(`
      "line 44
      line 45
      line 46
      line 47
        lines 44-47 of 50  ↓ more"
    `);
    ui.unmount();
  });
});

describe('layout helpers', () => {
  it('keeps the cursor in the window, moving it as little as it can', () => {
    expect([windowOffset(0, 0, 5, 100), windowOffset(7, 0, 5, 100), windowOffset(3, 5, 5, 100), windowOffset(99, 0, 5, 100), windowOffset(2, 90, 5, 4)]).toEqual([0, 3, 3, 95, 0]);
  });

  it('formats tables, bars, wrapped text, durations, counts and rates', () => {
    expect(formatTable([{ title: 'agent' }, { title: 'n', align: 'right' }, { title: 'note' }], [['sim-coherent', '12', 'a long note that will be cut'], ['gpt', '3', 'ok']], 30)).toEqual({
      header: 'agent          n  note',
      lines: ['sim-coherent  12  a long note…', 'gpt            3  ok'],
    });
    expect([progressBarText(0.5, 10), progressBarText(1.2, 4), progressBarText(Number.NaN, 3)]).toEqual(['█████░░░░░', '████', '░░░']);
    expect(wrapText('one two three four\n\nfive', 9)).toEqual(['one two', 'three', 'four', '', 'five']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect([formatDuration(45_400), formatDuration(185_000), formatDuration(7_800_000)]).toEqual(['45s', '3m05s', '2h10m']);
    expect([formatCount(950), formatCount(1234), formatCount(12_345), formatCount(4_560_000)]).toEqual(['950', '1.23k', '12.3k', '4.56M']);
    expect([formatRate(0), formatRate(0.5), formatRate(2.345), formatRate(250.4)]).toEqual(['-', '30.0/min', '2.3/s', '250/s']);
  });
});
