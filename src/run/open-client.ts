// Opens the run's chat client: on the main thread, or spread over worker threads (--workers).
import { createChatClient, type ChatClient, type ChatClientOptions } from '../client/chat-client.js';
import type { LoopDelay } from '../client/loop-delay.js';
import { autoWorkers } from '../client/workers/worker-count.js';
import { createWorkerClient, type ThreadDeath } from '../client/workers/worker-client.js';
import type { Workload } from '../workload/prepared-request.js';

export interface ProfileClient {
  readonly client: ChatClient;
  /** Client threads besides the main one (0: the main thread sends). */
  readonly workers: number;
  /** Closes the client; with workers, resolves with each worker's event-loop delay. */
  close(): Promise<LoopDelay[]>;
}

/** `onDeath` hears of each worker thread that dies during the run (see createWorkerClient). */
export async function openClient(
  options: ChatClientOptions, workers: number | 'auto', workload: Workload, onDeath?: (death: ThreadDeath) => void,
): Promise<ProfileClient> {
  const threads = Math.min(workers === 'auto' ? autoWorkers(options.connections) : workers, options.connections);
  // A conversation's turn is built as it goes (its history holds the answers): such runs send from the main thread.
  if (threads <= 1 || workload.sessions !== undefined) {
    const client = createChatClient(options);
    return { client, workers: 0, close: () => client.close().then(() => []) };
  }
  const client = await createWorkerClient(options, threads, [...workload.warmup, ...workload.requests], onDeath);
  return { client, workers: threads, close: () => client.closeWorkers() };
}
