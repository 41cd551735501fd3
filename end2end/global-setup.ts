// Starts the release server shared by the specs (see server.ts), and returns the teardown
// that stops it and removes its data directory.
import { startServer } from './server';

export default async function globalSetup() {
  const server = await startServer();
  process.env.LEITAI_BASE_URL = server.base;
  process.env.LEITAI_HOST_TOKEN = server.hostToken;
  process.env.LEITAI_DATA_DIR = server.data;
  return server.stop;
}
