// What the fault suite's clients send: hosts that earn (synchronously and with
// `Prefer: respond-async`), use rewards, invite guests and give them points, each command keyed.
// The numbers are chosen so that the rules leave no room for doubt afterwards: a host opens at
// Gold and stays Gold whatever mix it gets (so every invited guest is raised to Silver, once),
// and no account records more entries than the ledger window keeps (so every entry is checked).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LEDGER_WINDOW_SIZE, REWARDS, tierByOrdinal, tierForPoints } from '@loyalty/contracts';
import { send, type Apis, type Command, type EventLog } from './clients.js';

const GOLD = 3;
export const OPENING_POINTS = 2_600;
const EARN = { min: 1, max: 9 };
const GIFT = { min: 1, max: 3 };
export const GUESTS_PER_HOST = 2;
/** Commands one host may get: every entry stays in the ledger window, and the host stays Gold. */
export const COMMANDS_PER_HOST = LEDGER_WINDOW_SIZE - 40;
/** What a Gold host's invitation gives its guest: the minimum of the tier below Gold. */
export const GUEST_RAISE = tierByOrdinal(GOLD - 1)!.minimumPoints;
const GOLD_REWARDS = REWARDS.filter((reward) => reward.minimumTier <= GOLD).map((reward) => reward.rewardId);

// Checked once here rather than trusted: the mix above keeps a host inside Gold.
{
  const highest = OPENING_POINTS + COMMANDS_PER_HOST * EARN.max;
  const lowest = OPENING_POINTS - COMMANDS_PER_HOST * GIFT.max;
  if (tierForPoints(highest).ordinal !== GOLD || tierForPoints(lowest).ordinal !== GOLD) throw new Error('the workload would move a host out of Gold');
}

export type CommandKind = 'enrol' | 'earn' | 'earn async' | 'gift' | 'redemption' | 'invitation';

export interface SentCommand extends Command {
  kind: CommandKind;
  /** A gift's or an invitation's guest. */
  guestId?: string;
  points?: number;
}

export interface Guest {
  id: string;
  hostId: string;
  invitation: 'none' | 'sending' | 'applied' | 'rejected';
}

export interface Host {
  id: string;
  guests: Guest[];
  commands: number;
}

export interface WorkloadOptions {
  hosts: number;
  clients: number;
  /** Each client starts a command at most this often. */
  paceMs: number;
  /** How long a command may take, retries included, before it counts as given up. */
  commandDeadlineMs: number;
}

export class Workload {
  readonly run = randomUUID().slice(0, 8);
  readonly hosts: Host[];
  readonly commands: SentCommand[] = [];
  private sequence = 0;

  constructor(
    private readonly apis: Apis,
    private readonly log: EventLog,
    readonly options: WorkloadOptions,
  ) {
    this.hosts = Array.from({ length: options.hosts }, (_, n) => {
      const id = `faults-${this.run}-h${n + 1}`;
      return { id, commands: 0, guests: Array.from({ length: GUESTS_PER_HOST }, (_, g) => ({ id: `${id}-g${g + 1}`, hostId: id, invitation: 'none' as const })) };
    });
  }

  get guests(): Guest[] {
    return this.hosts.flatMap((host) => host.guests);
  }

  /** Enrols every host and gives it its opening points (keyed, retried like everything else). */
  async open(): Promise<void> {
    await parallel(this.options.clients, this.hosts, async (host) => {
      await this.enrol(host);
      await this.issue(host, 'earn', { points: OPENING_POINTS, reason: 'opening' });
    });
  }

  /** The clients, until `stopped()`; each command they started is acknowledged or given up when this resolves. */
  async drive(stopped: () => boolean): Promise<void> {
    await Promise.all(
      Array.from({ length: this.options.clients }, async () => {
        while (!stopped()) {
          const started = Date.now();
          const host = this.pickHost();
          if (host) await this.next(host);
          await sleep(Math.max(0, this.options.paceMs - (Date.now() - started)) * (0.5 + Math.random()));
        }
      }),
    );
  }

  private pickHost(): Host | undefined {
    const open = this.hosts.filter((host) => host.commands < COMMANDS_PER_HOST);
    return open[Math.floor(Math.random() * open.length)];
  }

  private async next(host: Host): Promise<void> {
    const roll = Math.random();
    const invited = host.guests.filter((guest) => guest.invitation === 'applied');
    const uninvited = host.guests.find((guest) => guest.invitation === 'none');
    if (uninvited && roll < 0.08) {
      uninvited.invitation = 'sending';
      const command = await this.issue(host, 'invitation', { guestId: uninvited.id });
      uninvited.invitation = command.outcome?.status === 'applied' ? 'applied' : 'rejected';
    } else if (invited.length > 0 && roll < 0.3) {
      const guest = invited[Math.floor(Math.random() * invited.length)]!;
      await this.issue(host, 'gift', { guestId: guest.id, points: between(GIFT) });
    } else if (roll < 0.4) {
      await this.issue(host, 'redemption', { rewardId: GOLD_REWARDS[Math.floor(Math.random() * GOLD_REWARDS.length)]! });
    } else if (roll < 0.7) {
      await this.issue(host, 'earn async', { points: between(EARN), reason: 'order' });
    } else {
      await this.issue(host, 'earn', { points: between(EARN), reason: 'order' });
    }
  }

  private async issue(host: Host, kind: Exclude<CommandKind, 'enrol'>, body: Record<string, unknown>): Promise<SentCommand> {
    const paths = { earn: 'points', 'earn async': 'points', gift: 'gifts', redemption: 'redemptions', invitation: 'guests' } as const;
    host.commands += 1;
    const command: SentCommand = {
      key: `${this.run}-${++this.sequence}`,
      kind,
      customerId: host.id,
      path: `/customers/${host.id}/${paths[kind]}`,
      body,
      async: kind === 'earn async',
      sentAt: Date.now(),
      attempts: 0,
      ...(typeof body.guestId === 'string' ? { guestId: body.guestId } : {}),
      ...(typeof body.points === 'number' ? { points: body.points } : {}),
    };
    this.commands.push(command);
    await send(this.apis, this.log, command, Date.now() + this.options.commandDeadlineMs);
    return command;
  }

  /**
   * Enrolment has no key (it is not a command): it is retried the same way, and a 409 after an
   * attempt that failed means that attempt had enrolled the host.
   */
  private async enrol(host: Host): Promise<void> {
    const command: SentCommand = {
      key: `${this.run}-enrol-${host.id}`,
      kind: 'enrol',
      customerId: host.id,
      path: '/customers',
      body: { customerId: host.id, name: `Host ${host.id}` },
      async: false,
      unkeyed: true,
      sentAt: Date.now(),
      attempts: 0,
    };
    this.commands.push(command);
    await send(this.apis, this.log, command, Date.now() + this.options.commandDeadlineMs);
    const outcome = command.outcome;
    if (outcome?.status === 'rejected' && outcome.code === 'customer-exists' && command.attempts > 1) {
      command.outcome = { status: 'applied' };
    }
  }
}

function between({ min, max }: { min: number; max: number }): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** Runs `work` over `items`, at most `limit` at a time. */
export async function parallel<T>(limit: number, items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
