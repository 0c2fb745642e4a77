#!/usr/bin/env bash
# A small lab cluster on this one machine, to try and test Barrier Lab's --hosts paths for real:
#
#   cluster-sim.sh up [N]   network namespaces n1..nN (default 3) on a private bridge, each with its
#                           own address (10.77.0.11, .12, ...), an sshd that takes a generated key for
#                           root in batch mode, and host names in /etc/hosts; this machine is "head"
#                           (10.77.0.1). The nodes share the mount namespace: the project's files
#                           are at the same path everywhere, as on a lab cluster's shared file system.
#   cluster-sim.sh status   one line per node (address, sshd, ssh in batch mode, java processes).
#   cluster-sim.sh down     stops everything in the namespaces and removes every trace (idempotent).
#
# Needs root, iproute2 and openssh-server. Where namespaces cannot be made (not root, no
# CAP_NET_ADMIN, missing tools) it refuses with one line and exit code 2, which the cluster
# test reports as the reason it is skipped. Addresses are private to this machine: the bridge has
# no uplink and the namespaces have no default route, so nothing here reaches any other host.
set -euo pipefail

STATE=/run/barrierlab-sim
BRIDGE=blsim0
PREFIX=10.77.0
HEAD_ADDR="$PREFIX.1"
MARK_BEGIN="# >>> barrierlab cluster-sim (removed by cluster-sim.sh down)"
MARK_END="# <<< barrierlab cluster-sim"
SSH_CONFIG=/root/.ssh/config

refuse() {
  echo "cluster-sim: $*" >&2
  exit 2
}

node_addr() { echo "$PREFIX.$((10 + ${1#n}))"; }

nodes() {
  if [[ -f "$STATE/nodes" ]]; then cat "$STATE/nodes"; fi
}

# Removes the marked block from a file without replacing the file itself (/etc/hosts is often a
# bind mount in containers, which a rename would fail on).
remove_block() {
  local file="$1"
  [[ -f "$file" ]] || return 0
  grep -qF "$MARK_BEGIN" "$file" || return 0
  local tmp
  tmp="$(mktemp)"
  awk -v b="$MARK_BEGIN" -v e="$MARK_END" '$0==b{skip=1;next} $0==e{skip=0;next} !skip' "$file" >"$tmp"
  cat "$tmp" >"$file"
  rm -f "$tmp"
}

check_can_build() {
  [[ "$(id -u)" -eq 0 ]] || refuse "needs root to create network namespaces (run it with sudo)"
  local tool
  for tool in ip sshd ssh ssh-keygen; do
    command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] \
      || refuse "'$tool' is missing; install it: apt-get install -y openssh-server iproute2"
  done
  if ! ip netns list >/dev/null 2>&1 || ! ip netns add blsim-probe 2>/dev/null; then
    refuse "this machine cannot create network namespaces (ip netns add failed: no CAP_NET_ADMIN?)"
  fi
  ip netns del blsim-probe 2>/dev/null || true
}

write_sshd_config() {
  cat >"$STATE/sshd_config" <<EOF
Port 22
HostKey $STATE/ssh_host_ed25519_key
AuthorizedKeysFile $STATE/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
PrintLastLog no
StrictModes yes
MaxStartups 100:30:200
MaxSessions 100
EOF
}

keys() {
  [[ -f "$STATE/id_ed25519" ]] || ssh-keygen -q -t ed25519 -N '' -C "barrierlab-sim" -f "$STATE/id_ed25519"
  [[ -f "$STATE/ssh_host_ed25519_key" ]] \
    || ssh-keygen -q -t ed25519 -N '' -C "barrierlab-sim-host" -f "$STATE/ssh_host_ed25519_key"
  cp "$STATE/id_ed25519.pub" "$STATE/authorized_keys"
  chmod 600 "$STATE/authorized_keys"
  : >"$STATE/known_hosts"
  local n
  for n in $(nodes); do
    echo "$n,$(node_addr "$n") $(cut -d' ' -f1,2 "$STATE/ssh_host_ed25519_key.pub")" >>"$STATE/known_hosts"
  done
}

ssh_client_config() {
  mkdir -p /root/.ssh
  chmod 700 /root/.ssh
  touch "$SSH_CONFIG"
  remove_block "$SSH_CONFIG"
  local hosts tmp
  hosts="$(nodes | tr '\n' ' ')"
  tmp="$(mktemp)"
  # First in the file: ssh takes the first value it finds for each option.
  {
    echo "$MARK_BEGIN"
    echo "Host ${hosts}$PREFIX.*"
    echo "    User root"
    echo "    IdentityFile $STATE/id_ed25519"
    echo "    IdentitiesOnly yes"
    echo "    UserKnownHostsFile $STATE/known_hosts"
    echo "    StrictHostKeyChecking yes"
    echo "    ConnectTimeout 5"
    echo "$MARK_END"
    cat "$SSH_CONFIG"
  } >"$tmp"
  cat "$tmp" >"$SSH_CONFIG"
  rm -f "$tmp"
  chmod 600 "$SSH_CONFIG"
}

etc_hosts() {
  remove_block /etc/hosts
  {
    echo "$MARK_BEGIN"
    echo "$HEAD_ADDR head"
    local n
    for n in $(nodes); do echo "$(node_addr "$n") $n"; done
    echo "$MARK_END"
  } >>/etc/hosts
}

sshd_alive() {
  local pidfile="$STATE/sshd-$1.pid"
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

up() {
  local count="${1:-3}"
  [[ "$count" =~ ^[1-9]$ ]] || refuse "the number of nodes must be 1..9, was '$count'"
  check_can_build
  mkdir -p "$STATE" /run/sshd
  chmod 700 "$STATE"
  local existing
  existing="$(nodes | wc -l)"
  if ((existing > count)); then count="$existing"; fi
  seq 1 "$count" | sed 's/^/n/' >"$STATE/nodes"
  write_sshd_config
  keys
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
  fi
  ip addr replace "$HEAD_ADDR/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  local n addr
  for n in $(nodes); do
    addr="$(node_addr "$n")"
    if ! ip netns list | grep -qw "^$n"; then
      ip netns add "$n"
    fi
    if ! ip link show "blsim-$n" >/dev/null 2>&1; then
      ip link add "blsim-$n" type veth peer name "blsim-${n}p"
      ip link set "blsim-${n}p" netns "$n"
      ip netns exec "$n" ip link set "blsim-${n}p" name eth0
    fi
    ip link set "blsim-$n" master "$BRIDGE"
    ip link set "blsim-$n" up
    ip netns exec "$n" ip link set lo up
    ip netns exec "$n" ip addr replace "$addr/24" dev eth0
    ip netns exec "$n" ip link set eth0 up
    if ! sshd_alive "$n"; then
      ip netns exec "$n" "$(command -v sshd || echo /usr/sbin/sshd)" -f "$STATE/sshd_config" \
        -o "ListenAddress=$addr" -o "PidFile=$STATE/sshd-$n.pid"
    fi
  done
  etc_hosts
  ssh_client_config
  for n in $(nodes); do
    local ok=""
    for _ in $(seq 1 40); do
      if ssh -o BatchMode=yes "$n" true 2>/dev/null; then ok=yes; break; fi
      sleep 0.25
    done
    [[ -n "$ok" ]] || { echo "cluster-sim: ssh -o BatchMode=yes $n does not work:" >&2; ssh -o BatchMode=yes "$n" true; exit 1; }
  done
  echo "cluster-sim: up: head=$HEAD_ADDR $(for n in $(nodes); do printf '%s=%s ' "$n" "$(node_addr "$n")"; done)(ssh -o BatchMode=yes NODE works)"
}

# The processes whose network namespace is node $1 (the PID namespace is shared, so plain
# 'ip netns exec n1 ps aux' lists every process of the machine; this lists only the node's).
node_pids() { ip netns pids "$1" 2>/dev/null || true; }

status() {
  local all_ok=0 n addr
  if [[ -z "$(nodes)" ]]; then
    echo "cluster-sim: down"
    return 1
  fi
  for n in $(nodes); do
    addr="$(node_addr "$n")"
    local ns="no" sshd="no" batch="no" javas=""
    if ip netns list 2>/dev/null | grep -qw "^$n"; then ns="yes"; fi
    if sshd_alive "$n"; then sshd="yes"; fi
    if ssh -o BatchMode=yes "$n" true 2>/dev/null; then batch="yes"; fi
    local pid
    for pid in $(node_pids "$n"); do
      if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == java ]]; then
        javas+=" $pid:$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -oE 'org\.barrierlab\.[A-Za-z.]+' | head -1 | sed 's/.*\.//')"
      fi
    done
    echo "$n $addr namespace=$ns sshd=$sshd ssh-batch=$batch java=[${javas# }]"
    [[ "$ns$sshd$batch" == yesyesyes ]] || all_ok=1
  done
  return "$all_ok"
}

down() {
  local n pid
  for n in $(nodes) $(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^n[1-9]$' || true); do
    if ip netns list 2>/dev/null | grep -qw "^$n"; then
      # Everything in the namespace was started through its sshd; end it by id.
      for pid in $(node_pids "$n"); do kill -9 "$pid" 2>/dev/null || true; done
      ip netns del "$n" 2>/dev/null || true
    fi
    if [[ -f "$STATE/sshd-$n.pid" ]]; then kill -9 "$(cat "$STATE/sshd-$n.pid")" 2>/dev/null || true; fi
    ip link del "blsim-$n" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  remove_block /etc/hosts
  remove_block "$SSH_CONFIG"
  # up created it if there was none; an empty one is ours.
  [[ -f "$SSH_CONFIG" && ! -s "$SSH_CONFIG" ]] && rm -f "$SSH_CONFIG"
  rm -rf "$STATE"
  echo "cluster-sim: down"
}

case "${1:-}" in
  up) up "${2:-3}" ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: cluster-sim.sh up [N] | status | down" >&2
    exit 2
    ;;
esac
