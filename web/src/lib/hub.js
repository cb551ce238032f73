import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { token } from "./auth.js";

// Reconnect forever, quickly at first and then every 5 s: a console left open on a ward must come back by itself.
const retryPolicy = { nextRetryDelayInMilliseconds: (context) => Math.min(500 * 2 ** context.previousRetryCount, 5000) };

/**
 * A connection to /hubs/monitoring that keeps trying. `join` runs after every (re)connection, because the server
 * forgets a connection's groups when it goes away; `onState` hears "connected" or "disconnected".
 */
export function liveConnection({ join, onState, handlers }) {
  const connection = new HubConnectionBuilder()
    .withUrl("/hubs/monitoring", { accessTokenFactory: () => token() ?? "" })
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(LogLevel.Warning)
    .build();
  for (const [name, handler] of Object.entries(handlers ?? {})) connection.on(name, handler);

  const joined = async () => {
    try {
      await join(connection);
      onState("connected");
    } catch (error) {
      onState("refused", error);
    }
  };
  connection.onreconnecting(() => onState("disconnected"));
  connection.onreconnected(joined);
  // Automatic reconnection gives up only when the policy says so (never here); a failed first start retries below.
  connection.onclose(() => {
    onState("disconnected");
    setTimeout(start, 2000);
  });

  async function start() {
    if (connection.state !== HubConnectionState.Disconnected) return;
    try {
      await connection.start();
      await joined();
    } catch {
      onState("disconnected");
      setTimeout(start, 2000);
    }
  }

  start();
  return connection;
}
