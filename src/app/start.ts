/** Starts the Dacu server: database, migrations, demo shop on first start, HTTP. */
export async function runStart(): Promise<void> {
  throw new Error("start: server not assembled yet");
}
