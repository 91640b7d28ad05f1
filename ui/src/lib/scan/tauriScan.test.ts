// The scan commands through TauriBackend: their contract names and camelCase arguments, a
// rejection as a BackendError, and "Åbn fil" as the dialog plugin's open with the scan types.
import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { SCAN_EXTENSIONS, TauriBackend } from '../backend/tauri';
import { BackendError, type Corners } from '../backend/types';

afterEach(() => clearMocks());

const photo: Corners = [[1, 2], [3, 4], [5, 6], [7, 8]];
const signature: Corners = [[9, 10], [11, 12], [13, 14], [15, 16]];

describe('TauriBackend scan commands', () => {
  it('calls them by their contract names with camelCase arguments', async () => {
    const calls: [string, unknown][] = [];
    const inbox = { watchDir: null, files: [], failed: [] };
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'scan_inbox' || cmd === 'scan_open_file' || cmd === 'scan_reject' ? inbox : { fileId: 'f1' };
    });
    const b = new TauriBackend();
    expect(await b.scanInbox()).toEqual(inbox);
    await b.scanOpenFile('/tmp/kort.pdf');
    await b.scanPage('f1', 2);
    await b.scanAdjust('f1', 2, photo, signature);
    await b.scanAccept('f1', 2, 'Støj fra skanneren', null);
    await b.scanReject('f1', 'Ikke et stamkort');
    expect(calls).toEqual([
      ['scan_inbox', {}],
      ['scan_open_file', { path: '/tmp/kort.pdf' }],
      ['scan_page', { fileId: 'f1', page: 2 }],
      ['scan_adjust', { fileId: 'f1', page: 2, photo, signature }],
      ['scan_accept', { fileId: 'f1', page: 2, photoOverride: 'Støj fra skanneren', signatureOverride: null }],
      ['scan_reject', { fileId: 'f1', reason: 'Ikke et stamkort' }],
    ]);
  });

  it('turns a rejection into a BackendError naming the command', async () => {
    mockIPC(() => Promise.reject({ code: 'no_open_case', message: 'no case' }));
    const err = await new TauriBackend().scanAccept('f1', 1, null, null).catch((e) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect(err.command).toBe('scan_accept');
    expect(err.code).toBe('no_open_case');
  });

  it('"Åbn fil" is the dialog plugin\'s open for several scans; cancelled is no file', async () => {
    const calls: [string, unknown][] = [];
    let answer: string[] | null = ['/home/clerk/a.pdf', '/home/clerk/b.tif'];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return answer;
    });
    const b = new TauriBackend();
    expect(await b.scanChooseFiles('Vælg scannede stamkort')).toEqual(['/home/clerk/a.pdf', '/home/clerk/b.tif']);
    answer = null;
    expect(await b.scanChooseFiles('Vælg scannede stamkort')).toEqual([]);
    expect(calls[0][0]).toBe('plugin:dialog|open');
    expect(calls[0][1]).toMatchObject({
      options: { multiple: true, directory: false, title: 'Vælg scannede stamkort', filters: [{ extensions: SCAN_EXTENSIONS }] },
    });
    expect(SCAN_EXTENSIONS).toEqual(['jpg', 'jpeg', 'png', 'tif', 'tiff', 'pdf']);
  });
});
