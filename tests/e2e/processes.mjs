// The app's processes as Linux's /proc shows them: the app (by its binary, in tauri-driver's
// process group) and the WebKit processes it started, by role. Used by the working-day soak
// (soak-day.mjs: their memory) and the recovery test (recovery.test.mjs: the page's process).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** pid, ppid, pgrp and comm of every live process. */
export function processTable() {
  const rows = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z') continue;
      rows.push({ pid: Number(pid), ppid: Number(ppid), pgrp: Number(pgrp), comm });
    } catch { /* gone meanwhile */ }
  }
  return rows;
}

/** The app (the process of `exe` in process group `pgid`) and its WebKit helpers, by role. */
export function appProcesses(pgid, exe) {
  const table = processTable();
  const appRow = table.find((p) => {
    if (p.pgrp !== pgid) return false;
    try {
      const running = readlinkSync(`/proc/${p.pid}/exe`);
      return running === exe || running === `${exe} (deleted)`;
    } catch {
      return false;
    }
  });
  if (!appRow) return [];
  // Every descendant of the app (WebKit starts its helpers as the app's children).
  const found = [{ role: 'app', pid: appRow.pid }];
  const seen = new Set([appRow.pid]);
  for (let i = 0; i < found.length; i++) {
    for (const p of table) {
      if (p.ppid !== found[i].pid || seen.has(p.pid)) continue;
      seen.add(p.pid);
      const role = /^WebKitWebProc/.test(p.comm) ? 'web' : /^WebKitNetwork/.test(p.comm) ? 'network' : `other:${p.comm}`;
      found.push({ role, pid: p.pid });
    }
  }
  return found;
}
