import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  Debouncer,
  parseExport,
  StorageError,
  WorkStore,
} from '../../../src/lib/editor/persistence.ts';

describe('WorkStore', () => {
  it('saves, loads per scope, removes, exports and imports', async () => {
    const store = new WorkStore(new IDBFactory());
    await store.save('step:02-timers', 'ioloop.ts', 'edited');
    await store.save('step:02-timers', 'main.ts', 'main');
    await store.save('step:03-io', 'echo.ts', 'other scope');
    expect((await store.load('step:02-timers')).map((f) => [f.file, f.text])).toEqual([
      ['ioloop.ts', 'edited'],
      ['main.ts', 'main'],
    ]);
    await store.remove('step:02-timers', 'main.ts');
    expect(await store.load('step:02-timers')).toHaveLength(1);

    const exported = await store.exportAll();
    expect(exported.files).toHaveLength(2);
    const other = new WorkStore(new IDBFactory());
    expect(await other.importAll(JSON.parse(JSON.stringify(exported)))).toBe(2);
    expect((await other.load('step:03-io'))[0]?.text).toBe('other scope');
  });

  it('turns a full quota into a message a reader can act on', async () => {
    const store = new WorkStore(new IDBFactory());
    await store.save('step:01-a', 'x.ts', 'fits');
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    await expect(store.save('step:01-a', 'x.ts', 'too big')).rejects.toThrow(/storage is full/);
    put.mockRestore();
    expect((await store.load('step:01-a'))[0]?.text).toBe('fits');
  });

  it('explains when storage is blocked altogether', async () => {
    const blocked = {
      open() {
        throw new DOMException('denied', 'SecurityError');
      },
    } as unknown as IDBFactory;
    await expect(new WorkStore(blocked).load('step:01-a')).rejects.toThrow(StorageError);
    await expect(new WorkStore(blocked).load('step:01-a')).rejects.toThrow(/private browsing/);
  });
});

describe('parseExport', () => {
  it.each([
    [null, 'not a JSON object'],
    [{ format: 'other' }, '"format"'],
    [{ format: 'tornado-async-lab/work', version: 2 }, 'version 2'],
    [{ format: 'tornado-async-lab/work', version: 1 }, '"files"'],
    [
      {
        format: 'tornado-async-lab/work',
        version: 1,
        files: [{ scope: 'x', file: 'a.ts', text: '' }],
      },
      '"scope"',
    ],
    [
      {
        format: 'tornado-async-lab/work',
        version: 1,
        files: [{ scope: 'step:01-a', file: '../a', text: 1 }],
      },
      '"text"',
    ],
  ])('refuses %j, saying why', (data, why) => {
    expect(() => parseExport(data)).toThrow(why);
  });
});

describe('Debouncer', () => {
  afterEach(() => vi.useRealTimers());

  it('saves once per quiet period per key, and at once on flush', () => {
    vi.useFakeTimers();
    const saves: string[] = [];
    const debouncer = new Debouncer(600);
    debouncer.schedule('a', () => saves.push('a1'));
    debouncer.schedule('a', () => saves.push('a2'));
    debouncer.schedule('b', () => saves.push('b1'));
    vi.advanceTimersByTime(599);
    expect(saves).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(saves).toEqual(['a2', 'b1']);
    debouncer.schedule('a', () => saves.push('a3'));
    debouncer.flush();
    expect(saves).toEqual(['a2', 'b1', 'a3']);
  });
});
