// The fault suite's report: what the clients sent and what became of it, then one row a fault
// with what the clients saw of it.
import type { EventLog } from './clients.js';
import type { Verdict } from './verify.js';
import type { Workload } from './workload.js';

export interface Window {
  name: string;
  /** When the fault was injected, when it was over (restarted, resumed), when the next one came. */
  from: number;
  lifted: number;
  to: number;
}

export interface WindowFigures {
  failures: number;
  /** From the first failed attempt to the last one. */
  errorSeconds: number;
  /** From the injection to the last failure or slow acknowledgement: the service is normal after. */
  recoverSeconds: number;
  slowestAckSeconds: number;
  acks: number;
  commonest?: string;
}

export function figures(log: EventLog, window: Window, slowMs: number): WindowFigures {
  const inside = <T extends { at: number }>(events: T[]) => events.filter((event) => event.at >= window.from && event.at < window.to);
  const failures = inside(log.failures);
  const acks = inside(log.acks);
  const disturbed = [...failures.map((failure) => failure.at), ...acks.filter((ack) => ack.latencyMs > slowMs).map((ack) => ack.at)];
  const counts = new Map<string, number>();
  for (const failure of failures) counts.set(failure.what, (counts.get(failure.what) ?? 0) + 1);
  const commonest = [...counts].sort((a, b) => b[1] - a[1])[0];
  return {
    failures: failures.length,
    errorSeconds: failures.length === 0 ? 0 : (failures.at(-1)!.at - failures[0]!.at) / 1000,
    recoverSeconds: disturbed.length === 0 ? 0 : (Math.max(...disturbed) - window.from) / 1000,
    slowestAckSeconds: Math.max(0, ...acks.map((ack) => ack.latencyMs)) / 1000,
    acks: acks.length,
    ...(commonest ? { commonest: `${commonest[0]} ×${commonest[1]}` } : {}),
  };
}

export function report(options: {
  target: string;
  workload: Workload;
  log: EventLog;
  windows: Window[];
  slowMs: number;
  startedAt: number;
  verdict: Verdict;
  historiesReplayed: number;
  unexpectedExits: string[];
}): string {
  const { workload, log, windows, verdict } = options;
  const commands = workload.commands;
  const acknowledged = commands.filter((command) => command.outcome !== undefined);
  const rejected = acknowledged.filter((command) => command.outcome!.status === 'rejected');
  const retried = commands.filter((command) => command.attempts > 1);
  const byKind = new Map<string, number>();
  for (const command of commands) byKind.set(command.kind, (byKind.get(command.kind) ?? 0) + 1);
  const rejections = new Map<string, number>();
  for (const command of rejected) {
    const code = (command.outcome as { code: string }).code;
    rejections.set(code, (rejections.get(code) ?? 0) + 1);
  }
  const at = (time: number) => ((time - options.startedAt) / 1000).toFixed(1);
  const lines = [
    '',
    `Fault suite on ${options.target}, ${workload.options.clients} clients, ` +
      `${workload.hosts.length} hosts and ${workload.guests.length} guests`,
    '',
    `  commands sent    ${commands.length}  (${[...byKind].map(([kind, count]) => `${kind} ${count}`).join(', ')})`,
    `  acknowledged     ${acknowledged.length}  (applied ${acknowledged.length - rejected.length}, rejected ${rejected.length}` +
      `${rejections.size ? `: ${[...rejections].map(([code, count]) => `${code} ${count}`).join(', ')}` : ''})`,
    `  retried          ${retried.length}  (${commands.reduce((sum, command) => sum + command.attempts - 1, 0)} resends; ${log.failures.length} failed attempts or reads)`,
    `  lost             ${verdict.lost}`,
    `  doubled          ${verdict.doubled}`,
    '',
    table(
      ['fault', 'at (s)', 'over (s)', 'failures', 'errors for (s)', 'recovered (s)', 'slowest ack (s)', 'acks', 'commonest failure'],
      windows.map((window) => {
        const f = figures(log, window, options.slowMs);
        return [
          window.name,
          at(window.from),
          ((window.lifted - window.from) / 1000).toFixed(1),
          String(f.failures),
          f.errorSeconds.toFixed(1),
          f.recoverSeconds.toFixed(1),
          f.slowestAckSeconds.toFixed(1),
          String(f.acks),
          f.commonest ?? '',
        ];
      }),
    ),
    '',
    `  "over": until the process was back (restarted, ready, resumed). "errors for": first to last failed attempt.`,
    `  "recovered": injection to the last failure or acknowledgement slower than ${(options.slowMs / 1000).toFixed(1)} s.`,
    '',
    `  invariants: ${verdict.customers} accounts checked (balance = acknowledged changes = ledger entries, each key in one entry); ` +
      `${verdict.outcomesChecked} acknowledged outcomes read again by key; ${options.historiesReplayed} workflow histories replayed`,
  ];
  for (const exit of options.unexpectedExits) lines.push(`  UNEXPECTED: ${exit}`);
  for (const problem of verdict.problems.slice(0, 40)) lines.push(`  BROKEN: ${problem}`);
  if (verdict.problems.length > 40) lines.push(`  ... and ${verdict.problems.length - 40} more`);
  return lines.join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const numeric = (column: number) => column > 0 && column < header.length - 1;
  const line = (cells: string[]) =>
    `  ${cells.map((cell, column) => (numeric(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
