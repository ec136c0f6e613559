#!/usr/bin/env bash
# `npm run demo [lamp|mpi|zookeeper]`: builds the project, starts every service against the local RabbitMQ and
# MySQL, creates one of the catalogue's clusters (templates/, default lamp) on the CloudStack simulator, follows it
# live to the end and says how to reach it. Run from a terminal, the services (and so the cluster's VMs) keep
# running until Ctrl-C; otherwise they stop when the stack has settled. The stack stays in the database.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

export AMQP_URL="${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}"
export DATABASE_URL="${DATABASE_URL:-mysql://root@127.0.0.1:3306/cfn_cloudstack}"
export CFN_API_PORT="${CFN_API_PORT:-8000}"
export SIM_PORT="${SIM_PORT:-8080}"
export CLOUDSTACK_API_URL="${CLOUDSTACK_API_URL:-http://127.0.0.1:${SIM_PORT}/client/api}"
# A VM stays "Starting" this long on the simulator, so the events show the work in progress.
export SIM_DEPLOY_LATENCY_MS="${SIM_DEPLOY_LATENCY_MS:-1500}"

DEMO_DIR=.demo
LOG_FILE="$DEMO_DIR/services.log"
SERVICES_PID=""

say() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

stop_services() {
  [[ -n "$SERVICES_PID" ]] || return 0
  if kill -0 "$SERVICES_PID" 2>/dev/null; then
    say "Stopping the services (pid $SERVICES_PID)"
    kill -TERM "$SERVICES_PID" 2>/dev/null || true
    wait "$SERVICES_PID" 2>/dev/null || true
  fi
  SERVICES_PID=""
}
trap stop_services EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# 1. Tools and dependencies -------------------------------------------------------------------------------------
command -v node >/dev/null || fail "Node.js 20 or newer is needed (https://nodejs.org)."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || fail "Node.js 20 or newer is needed; this is $(node --version)."

# npm writes node_modules/.package-lock.json at the end of every install: newer than the lock file means current.
if [[ node_modules/.package-lock.json -nt package-lock.json ]]; then
  say "Dependencies are current (node_modules is newer than package-lock.json)"
else
  say "Installing dependencies (npm ci)"
  npm ci
fi

say "Building (npm run build)"
npm run build

# The simulator's VMs share this machine's root filesystem, as a prepared image would: the image's packages (what
# the VMs run, nftables and tini included, and the clusters' packages) must be installed here. As root with apt,
# install the missing ones without starting their daemons on this machine.
say "Checking the simulator image's packages (deploy/images/simulator-image.packages)"
bash deploy/install-debian-packages.sh --list deploy/images/simulator-image.packages \
  || say "Without them the simulator's VMs are records only, or the clusters' VMs lack their software."

# 2. Backing services ---------------------------------------------------------------------------------------------
say "Checking RabbitMQ at ${AMQP_URL##*@}"
if ! node -e '
  require("amqplib").connect(process.env.AMQP_URL, { timeout: 5000 })
    .then((connection) => connection.close())
    .catch((error) => { console.error(`  ${error.message}`); process.exit(1); });'; then
  fail "RabbitMQ does not answer at AMQP_URL=$AMQP_URL. Start it with one of:
    docker compose up -d rabbitmq
    sudo apt-get install -y rabbitmq-server && sudo service rabbitmq-server start
  or set AMQP_URL to a broker you have."
fi

say "Checking MySQL at ${DATABASE_URL##*@}"
if ! node -e '
  const url = new URL(process.env.DATABASE_URL);
  require("mysql2/promise").createConnection({
    host: url.hostname, port: Number(url.port || 3306), connectTimeout: 5000,
    user: decodeURIComponent(url.username || "root"), password: decodeURIComponent(url.password || ""),
  })
    .then((connection) => connection.end())
    .catch((error) => { console.error(`  ${error.message}`); process.exit(1); });'; then
  fail "MySQL does not answer at DATABASE_URL=$DATABASE_URL. Start it with one of:
    docker compose up -d mysql
    sudo apt-get install -y mariadb-server && sudo service mariadb start
  or set DATABASE_URL to a server you have (the database itself is created by the migrations)."
fi

# 3. The services -------------------------------------------------------------------------------------------------
api_status() {
  node -e '
    fetch(process.argv[1], { method: "POST", signal: AbortSignal.timeout(2000) })
      .then((response) => console.log(response.status), () => console.log("none"));' "http://127.0.0.1:${CFN_API_PORT}/"
}

for port in "$CFN_API_PORT" "$SIM_PORT"; do
  if node -e '
    const socket = require("node:net").connect(Number(process.argv[1]), "127.0.0.1");
    socket.on("connect", () => process.exit(0)).on("error", () => process.exit(1));' "$port"; then
    fail "port $port on 127.0.0.1 is taken. Stop what listens there (perhaps an earlier \`npm run start:all\`),
  or choose other ports with CFN_API_PORT / SIM_PORT."
  fi
done

mkdir -p "$DEMO_DIR"
say "Starting every service (node dist/deploy/start-all.js); logs in $LOG_FILE"
# Its own session, so that Ctrl-C reaches only this script, which then stops start-all (and so its children) in order.
if command -v setsid >/dev/null; then
  setsid node dist/deploy/start-all.js >"$LOG_FILE" 2>&1 &
else
  node dist/deploy/start-all.js >"$LOG_FILE" 2>&1 &
fi
SERVICES_PID=$!

printf 'Waiting for the api at http://127.0.0.1:%s/ ' "$CFN_API_PORT"
for ((second = 0; ; second++)); do
  [[ "$(api_status)" == 403 ]] && break
  if ! kill -0 "$SERVICES_PID" 2>/dev/null; then
    printf '\n'; tail -n 30 "$LOG_FILE" >&2
    SERVICES_PID=""
    fail "the services stopped before the api answered; the log above is the end of $LOG_FILE."
  fi
  ((second < 120)) || { printf '\n'; tail -n 30 "$LOG_FILE" >&2; fail "the api did not answer within 120 s (see $LOG_FILE)."; }
  printf '.'
  sleep 1
done
printf ' up\n'

# On a new broker each service declares its own queue as it starts: a stack requested before the queues exist
# would be published to nobody. Wait until every service consumes its queue.
printf 'Waiting for every service to consume its queue '
for ((second = 0; ; second++)); do
  node -e '
    const prefix = process.env.CFN_AMQP_PREFIX || "cfn";
    (async () => {
      const connection = await require("amqplib").connect(process.env.AMQP_URL);
      try {
        for (const app of ["api", "validator", "planner", "provisioner", "audit"]) {
          const channel = await connection.createChannel();
          channel.on("error", () => undefined);
          const queue = await channel.checkQueue(`${prefix}.${app}`).catch(() => ({ consumerCount: 0 }));
          if (queue.consumerCount === 0) process.exitCode = 1;
          await channel.close().catch(() => undefined);
        }
      } finally {
        await connection.close();
      }
    })().catch(() => { process.exitCode = 1; });' && break
  ((second < 60)) || { printf '\n'; fail "the services did not all start consuming within 60 s (see $LOG_FILE)."; }
  printf '.'
  sleep 1
done
printf ' ready\n'

# 4. The demo -----------------------------------------------------------------------------------------------------
say "Creating the demo cluster (node dist/deploy/demo/run-demo.js ${1:-lamp})"
status=0
# The SDK warns on Node 20 that its releases from 2027 on will need Node 22; not news for a demo on Node 20.
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node dist/deploy/demo/run-demo.js "$@" || status=$?
printf '\nService logs: %s\n' "$LOG_FILE"
if [[ $status == 0 && -t 0 ]]; then
  say "The cluster runs while the services do: press Ctrl-C to stop them (its VMs stop with the simulator)"
  wait "$SERVICES_PID" || true
fi
exit "$status"
