// The PostgreSQL notification channels and advisory lock the engine and API replicas share.
import pg from 'pg';

export const CHANNELS = {
  /** A version row was written (payload: its seq). */
  version: 'yunqian_engine_version',
  /** The engine's health and capacity figures were written. */
  status: 'yunqian_engine_status',
  /** An API replica queued a command (payload: its id). */
  command: 'yunqian_engine_command',
  /** The engine finished a command (payload: its id). */
  done: 'yunqian_engine_done',
  /** A live event for every replica's open consoles (payload: JSON). */
  live: 'yunqian_live',
} as const;

/** The session lock whose holder is the engine (released by PostgreSQL when its session ends). */
export const ENGINE_LOCK = 'yunqian-engine';

/** A connection of its own (LISTEN and session locks need one session, not a pool's). */
export async function sessionClient(url: string, onLost: (e: Error) => void): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', onLost);
  client.on('end', () => onLost(new Error('database session ended')));
  await client.connect();
  return client;
}
