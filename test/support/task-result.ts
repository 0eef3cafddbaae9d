// A task result as the engine emits it, with only the fields a test cares about given.
import type { TaskResult } from '../../src/engine/events.js';

export function taskResult(host: string, r: Partial<TaskResult> = {}): TaskResult {
  return { host, status: 'ok', changes: [], diffs: [], data: {}, durationMs: 1, ...r };
}
