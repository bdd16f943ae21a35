// node scripts/round-robin.mjs LISTEN_PORT BACKEND_PORT [BACKEND_PORT…]
// A small TCP load balancer on 127.0.0.1 for the bench (no haproxy or nginx on this machine): each
// client connection goes to the next backend in turn and is piped both ways, so keep-alive connections
// stay on one instance, as with nginx's `upstream` without `keepalive` pinning. A backend that refuses
// the connection is skipped for that client (tried in order once each). Plain JavaScript, so it runs
// with node alone and costs the load as little as a proxy can.
import net from "node:net";

const [listen, ...backends] = process.argv.slice(2).map(Number);
if (!listen || backends.length === 0 || [listen, ...backends].some((p) => !Number.isInteger(p))) {
  console.error("usage: node scripts/round-robin.mjs LISTEN_PORT BACKEND_PORT [BACKEND_PORT…]");
  process.exit(2);
}
let next = 0;

function connect(client, tried) {
  if (tried >= backends.length) {
    client.destroy();
    return;
  }
  const port = backends[next];
  next = (next + 1) % backends.length;
  const upstream = net.connect({ host: "127.0.0.1", port });
  upstream.setNoDelay(true);
  let connected = false;
  upstream.once("error", () => {
    if (!connected) connect(client, tried + 1);
  });
  upstream.once("connect", () => {
    connected = true;
    client.pipe(upstream);
    upstream.pipe(client);
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
    client.resume();
  });
}

net
  .createServer({ pauseOnConnect: true }, (client) => {
    client.setNoDelay(true);
    connect(client, 0);
  })
  .listen(listen, "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(0));
