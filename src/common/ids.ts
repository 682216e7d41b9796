import { randomBytes } from 'node:crypto';

/**
 * Ids are short strings: a session tag (so refs from an earlier session in the same process are
 * never mistaken for new ones), the issuing thread, a kind letter and a counter. Task ids contain
 * no '.', so an object id `${taskId}.${n}` names its producing task.
 */
export class IdGenerator {
  private tasks = 0;
  private puts = 0;

  constructor(private readonly prefix: string) {}

  task(): string {
    return `${this.prefix}t${(this.tasks++).toString(36)}`;
  }

  put(): string {
    return `${this.prefix}p${(this.puts++).toString(36)}`;
  }
}

export function newSessionTag(): string {
  return randomBytes(3).toString('hex');
}

export function newNodeId(): string {
  return randomBytes(14).toString('hex');
}
