# Real nodes of e2e/bin/control-plane (sourced by it; uses its $bin, $state, $name, log and kctl).
#
# A real node is a containerd and a kubelet (v1.34.4, built with the control plane) running on this
# machine: pods are real runc containers. Node node-i has:
#   its own directory      ~/.cache/rgmanager-operator/rn/$name/node-i (containerd root/state/socket,
#                          kubelet root, logs; kept short: unix socket paths end at 107 bytes)
#   its own cgroup subtree /rgm-rn-$name/node-i in every cgroup v1 hierarchy: containerd and kubelet in
#                          .../runtime (the shims inherit it), pods in .../kubepods, so a power cut can
#                          freeze and kill exactly the node's processes
#   an address             198.18.0.(10+i) on the bridge rgm-rn-nodes (the host is 198.18.0.1)
#   a pod subnet           198.18.i.0/24 on the bridge rgm-rn-p<i> (Debian's CNI bridge + host-local)
# Services get ClusterIPs in 198.19.0.0/16, routed by one kube-proxy for the machine (all the nodes
# share the host's network namespace). 198.18.0.0/15 is the benchmarking range: nothing outside this
# machine answers there. One cluster with real nodes at a time per machine.

rn_nodes_bridge=rgm-rn-nodes
rn_host_ip=198.18.0.1
rn_service_range=198.19.0.0/16
rn_pause_image=localhost/rgm/pause:3.10
rn_sysctls="vm.overcommit_memory kernel.panic kernel.panic_on_oops net.ipv4.ip_forward net.ipv4.conf.all.route_localnet"

rn_dir() { echo "$cache/rn/$name"; }
# The shared storage every real node sees (as a shared filesystem would be): a host directory whose
# subdirectories tests offer as hostPath PersistentVolumes. It goes with the cluster at down.
rn_shared_dir() { echo "$(rn_dir)/shared"; }
rn_owner_file() { echo "$state/real-nodes.cluster"; }
rn_cgroup_root() { echo "rgm-rn-$name"; }
rn_pki() { echo "$state/kwok/clusters/$name/pki"; }

# The cgroup v1 hierarchies (and the v2 one of a hybrid setup) a node's processes are placed in.
rn_hierarchies() {
  local h
  for h in /sys/fs/cgroup/*/; do [ -e "${h}cgroup.procs" ] && echo "${h%/}"; done
}

# Why this machine cannot run real nodes (nothing printed, status 0, when it can).
rn_unavailable() {
  [ "$(id -u)" -eq 0 ] || { echo "real nodes need root (containerd, runc, bridges, cgroups)"; return 1; }
  grep -qs '^[^ ]* /sys/fs/cgroup/freezer cgroup ' /proc/mounts ||
    { echo "real nodes need the cgroup v1 freezer hierarchy at /sys/fs/cgroup/freezer"; return 1; }
  local c missing=()
  for c in containerd containerd-shim-runc-v2 ctr runc iptables ip openssl findmnt; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
  done
  for c in bridge host-local loopback; do [ -x "/usr/lib/cni/$c" ] || missing+=("/usr/lib/cni/$c"); done
  for c in kubelet kube-proxy; do [ -x "$bin/$c" ] || missing+=("$bin/$c"); done
  [ ${#missing[@]} -eq 0 ] ||
    { echo "real nodes need ${missing[*]}: run .ci/install-deps and e2e/bin/control-plane build"; return 1; }
  # the longest unix socket a node makes: kubelet's pod-resources socket
  local longest; longest="$(rn_dir)/node-200/kubelet/pod-resources/1234567890"
  [ ${#longest} -le 107 ] ||
    { echo "unix socket paths under $(rn_dir) would exceed 107 bytes: use a shorter --name or RGM_CACHE"; return 1; }
  local owner; owner=$(cat "$(rn_owner_file)" 2>/dev/null || true)
  if [ -n "$owner" ] && [ "$owner" != "$name" ]; then
    echo "cluster $owner runs real nodes on this machine; control-plane down --name $owner first"
    return 1
  fi
}

# rn_node NODE: the node's index, directory, address, subnet, bridge, socket and cgroup.
rn_node() {
  node=$1
  local count; count=$(cat "$(rn_dir)/count" 2>/dev/null || echo 0)
  i=${node#node-}
  if ! [[ "$node" =~ ^node-[0-9]+$ ]] || [ "$i" -lt 1 ] || [ "$i" -gt "$count" ]; then
    log "$node is not a real node of cluster $name (it has node-1..node-$count)"; exit 2
  fi
  D="$(rn_dir)/$node"
  node_ip=198.18.0.$((10 + i))
  pod_subnet=198.18.$i.0/24
  pod_bridge=rgm-rn-p$i
  sock="$D/containerd/containerd.sock"
  cg="$(rn_cgroup_root)/$node"
}

# rn_cert CN ORG DIR: a client certificate signed by the cluster's CA, as DIR/client.{crt,key}.
rn_cert() {
  local cn=$1 org=$2 dir=$3 pki; pki=$(rn_pki)
  [ -s "$dir/client.crt" ] && return 0
  mkdir -p "$dir"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$dir/client.key" -subj "/O=$org/CN=$cn" \
    -out "$dir/client.csr" 2>/dev/null
  openssl x509 -req -in "$dir/client.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -CAserial "$dir/ca.srl" -days 3650 -out "$dir/client.crt" \
    -extfile <(printf 'extendedKeyUsage=clientAuth\nkeyUsage=digitalSignature,keyEncipherment\n') 2>/dev/null
}

# rn_kubeconfig USER DIR: a kubeconfig for DIR/client.{crt,key} against the cluster's API server.
rn_kubeconfig() {
  local user=$1 dir=$2 server
  server=$(sed -n 's/^ *server: //p' "$(kubeconfig_path)" | head -1)
  cat >"$dir/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $name
  cluster: {server: "$server", certificate-authority: $(rn_pki)/ca.crt}
users:
- name: $user
  user: {client-certificate: $dir/client.crt, client-key: $dir/client.key}
contexts:
- name: $user
  context: {cluster: $name, user: $user}
current-context: $user
EOF
}

# The host side shared by the nodes: sysctls saved, the node bridge, the cgroup root, state of
# host directories the nodes may create (to remove them at down only if they did).
rn_host_up() {
  local d; d=$(rn_dir)
  mkdir -p "$d/logs" "$(rn_shared_dir)"
  echo "$name" >"$(rn_owner_file)"
  if [ ! -s "$d/host-before" ]; then
    local s
    for s in $rn_sysctls; do echo "sysctl $s $(sysctl -n "$s")"; done >"$d/host-before.tmp"
    for s in /var/log/containers /var/lib/cni /run/containerd; do
      [ -e "$s" ] && echo "existed $s"
    done >>"$d/host-before.tmp"
    mv "$d/host-before.tmp" "$d/host-before"
  fi
  # An empty bridge holds the node addresses (kubelet refuses a loopback node IP).
  ip link show "$rn_nodes_bridge" >/dev/null 2>&1 || ip link add "$rn_nodes_bridge" type bridge
  ip addr replace "$rn_host_ip/24" dev "$rn_nodes_bridge"
  ip link set "$rn_nodes_bridge" up
}

# rn_cgroups: creates the node's cgroups (kubelet needs its cgroupRoot to exist).
rn_cgroups() {
  local h
  for h in $(rn_hierarchies); do mkdir -p "$h/$cg/runtime"; done
  local c=/sys/fs/cgroup/cpuset p
  [ -d "$c" ] || return 0
  # A v1 cpuset cgroup takes no process until its cpus and mems are set: copy them down.
  for p in "$(rn_cgroup_root)" "$cg" "$cg/runtime"; do
    [ -s "$c/$p/cpuset.cpus" ] || cat "$c/$(dirname "$p")/cpuset.cpus" >"$c/$p/cpuset.cpus"
    [ -s "$c/$p/cpuset.mems" ] || cat "$c/$(dirname "$p")/cpuset.mems" >"$c/$p/cpuset.mems"
  done
}

rn_node_configure() {
  rn_node "$1"
  local pki; pki=$(rn_pki)
  mkdir -p "$D"/containerd/{root,state,opt} "$D"/cni/{net.d,ipam} "$D"/{kubelet,pki,volume-plugins} \
    "$D/pod-logs" "$D/logs"
  rn_cert "system:node:$node" system:nodes "$D/pki"
  rn_kubeconfig "$node" "$D/pki"
  ip addr replace "$node_ip/24" dev "$rn_nodes_bridge"
  cat >"$D/containerd/config.toml" <<EOF
version = 2
root = "$D/containerd/root"
state = "$D/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs",
  "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$D/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$rn_pause_image"
  # pod network namespaces under the node's state (lost at a power cut), not /run/netns
  netns_mounts_under_state_dir = true
  stream_server_address = "$node_ip"
  stream_server_port = "0"
  enable_unprivileged_ports = true
  # without CAP_SYS_RESOURCE runc cannot lower a sandbox's oom_score_adj to -998 and every sandbox
  # fails ("can't get final child's PID from pipe"): keep scores at or above containerd's own
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$D/containerd/state/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$D/cni/net.d"
EOF
  cat >"$D/cni/net.d/10-rgm-rn.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "rgm-rn-$node",
  "plugins": [
    {"type": "bridge", "bridge": "$pod_bridge", "isGateway": true, "ipMasq": false, "hairpinMode": true,
     "ipam": {"type": "host-local", "ranges": [[{"subnet": "$pod_subnet"}]],
              "routes": [{"dst": "0.0.0.0/0"}], "dataDir": "$D/cni/ipam"}}
  ]
}
EOF
  cat >"$D/kubelet/config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $node_ip
port: 10250
readOnlyPort: 0
healthzBindAddress: $node_ip
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
containerRuntimeEndpoint: unix://$sock
cgroupDriver: cgroupfs
cgroupRoot: /$cg
cgroupsPerQOS: true
failSwapOn: false
podLogsDir: $D/pod-logs
volumePluginDir: $D/volume-plugins
# a 4 s Lease renewed every second, as the control plane's 4 s node-monitor grace period expects
nodeLeaseDurationSeconds: 4
nodeStatusUpdateFrequency: 2s
nodeStatusReportFrequency: 1m
syncFrequency: 10s
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
# the images come from archives, not a registry: never collect them
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
maxPods: 30
shutdownGracePeriod: 0s
EOF
}

# rn_launch NODE_CGROUP LOG CMD...: runs CMD in the cgroup (every hierarchy), niced, detached.
rn_launch() {
  local group=$1 logfile=$2; shift 2
  (
    for h in $(rn_hierarchies); do echo "$BASHPID" >"$h/$group/cgroup.procs"; done
    exec nice -n "${CONTROL_PLANE_NODE_NICE:-10}" "$@"
  ) </dev/null >>"$logfile" 2>&1 &
}

rn_wait() { # rn_wait SECONDS CMD...
  local t=$1; shift
  local n
  for n in $(seq $((t * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# Starts the node's containerd (importing the images it lacks) and kubelet; does not wait for Ready.
# CONTROL_PLANE_NODE_IMAGES names the images to import (default "pause busybox"; with "postgres", up
# builds it first; importing it takes 12-38 s per node).
rn_node_start() {
  rn_node "$1"
  rn_cgroups
  rn_launch "$cg/runtime" "$D/logs/containerd.log" containerd --config "$D/containerd/config.toml"
  rn_wait 30 ctr --address "$sock" version || { log "containerd of $node did not start: $D/logs/containerd.log"; exit 1; }
  local archive ref have wanted=" ${CONTROL_PLANE_NODE_IMAGES:-pause busybox} "
  have=$(ctr --address "$sock" -n k8s.io image ls -q)
  while read -r archive ref; do
    [[ "$wanted" == *" $(basename "${ref%:*}") "* ]] || continue
    grep -qx "$ref" <<<"$have" && continue
    ctr --address "$sock" -n k8s.io image import --base-name "${ref%:*}" "$archive" >/dev/null ||
      { log "cannot import $archive into $node"; exit 1; }
  done < <("$here/bin/node-images" list)
  # the samples name registry.k8s.io/pause:3.10: the same local image under that name (never pulled)
  grep -qx "registry.k8s.io/pause:3.10" <<<"$have" ||
    ctr --address "$sock" -n k8s.io image tag "$rn_pause_image" registry.k8s.io/pause:3.10 >/dev/null
  rn_launch "$cg/runtime" "$D/logs/kubelet.log" "$bin/kubelet" --config "$D/kubelet/config.yaml" \
    --kubeconfig "$D/pki/kubeconfig" --root-dir "$D/kubelet" --cert-dir "$D/pki" \
    --hostname-override "$node" --node-ip "$node_ip" --v=1
}

rn_pids() { # every process of the node (its freezer subtree)
  find "/sys/fs/cgroup/freezer/$cg" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un
}

rn_all_dead() {
  local p st
  for p in "$@"; do
    st=$(sed -n 's/^State:\s*\(.\).*/\1/p' "/proc/$p/status" 2>/dev/null) || continue
    [ -z "$st" ] || [ "$st" = Z ] || return 1
  done
}

rn_freeze() {
  local f="/sys/fs/cgroup/freezer/$cg"
  [ -d "$f" ] || return 0
  echo FROZEN >"$f/freezer.state"
  rn_wait 10 grep -qx FROZEN "$f/freezer.state" || log "warning: $node is not fully frozen"
}

# Power cut: freeze the whole subtree (nothing runs on), SIGKILL every process, thaw so they die.
rn_power_cut() {
  rn_node "$1"
  local f="/sys/fs/cgroup/freezer/$cg" pids
  [ -d "$f" ] || { log "$node is off"; return 0; }
  rn_freeze
  pids=$(rn_pids)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  echo THAWED >"$f/freezer.state"
  rn_wait 10 sh -c "[ -z \"\$(find $f -name cgroup.procs -exec cat {} + 2>/dev/null)\" ]" ||
    { log "processes of $node survived the power cut: $(rn_pids | tr '\n' ' ')"; exit 1; }
  # dead once gone or a zombie (init reaps the orphans a moment later)
  rn_wait 10 rn_all_dead $pids || log "warning: processes of $node still alive: $pids"
  log "$node powered off ($(echo $pids | wc -w) processes killed)"
}

# What a reboot loses: mounts (pod volumes, rootfs overlays, shm, netns), containerd's state (/run),
# the node's cgroups and its pod bridge. Disks stay: containerd root, kubelet root, IPAM, logs.
rn_node_clean() {
  rn_node "$1"
  [ -z "$(rn_pids)" ] || { log "$node is running; power-cut it first"; exit 1; }
  local m
  findmnt -rn -o TARGET | { grep "^$D/" || true; } | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  rm -rf --one-file-system "$D/containerd/state"
  local h
  for h in $(rn_hierarchies); do
    [ -d "$h/$cg" ] && find "$h/$cg" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  ip link del "$pod_bridge" 2>/dev/null || true
}

rn_power_on() {
  rn_node "$1"
  [ -z "$(rn_pids)" ] || { log "$node is running (a hung node is powered off first: power-cut $node)"; exit 1; }
  rn_node_clean "$node"
  rn_node_start "$node"
  log "$node powered on"
}

rn_print_cgroup() {
  rn_node "$1"
  echo "/$cg"
}

rn_hang() {
  rn_node "$1"
  [ -n "$(rn_pids)" ] || { log "$node is off"; exit 1; }
  rn_freeze
  log "$node hung: $(rn_pids | wc -l) processes frozen"
}

# rn_import_image ARCHIVE: into every real node's containerd, under the names the archive gives
rn_import_image() {
  local archive=$1 count k
  [ -s "$archive" ] || { log "no image archive at $archive"; exit 1; }
  count=$(cat "$(rn_dir)/count" 2>/dev/null || echo 0)
  [ "$count" -gt 0 ] || { log "cluster $name has no real nodes"; exit 1; }
  for k in $(seq 1 "$count"); do
    rn_node "node-$k"
    ctr --address "$sock" -n k8s.io image import --all-platforms --digests --snapshotter=overlayfs "$archive" \
      >/dev/null || { log "cannot import $archive into $node"; exit 1; }
  done
  log "imported $(basename "$archive") into node-1..node-$count"
}

# rn_tag_image SOURCE TARGET: a second name for an image every real node has (a new tag, for an upgrade)
rn_tag_image() {
  local count k
  count=$(cat "$(rn_dir)/count" 2>/dev/null || echo 0)
  for k in $(seq 1 "$count"); do
    rn_node "node-$k"
    ctr --address "$sock" -n k8s.io image tag --force "$1" "$2" >/dev/null ||
      { log "cannot tag $1 as $2 on $node"; exit 1; }
  done
}

rn_thaw() {
  rn_node "$1"
  local f="/sys/fs/cgroup/freezer/$cg"
  [ -n "$(rn_pids)" ] || { log "$node is off"; exit 1; }
  echo THAWED >"$f/freezer.state"
  rn_wait 10 grep -qx THAWED "$f/freezer.state" || { log "$node did not thaw"; exit 1; }
  log "$node runs again"
}

rn_kube_proxy_start() {
  local d; d="$(rn_dir)/kube-proxy"
  mkdir -p "$d"
  rn_cert system:kube-proxy system:node-proxier "$d"
  rn_kubeconfig kube-proxy "$d"
  cat >"$d/config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $d/kubeconfig}
# one kube-proxy for the machine: every node shares the host's network namespace
hostnameOverride: node-1
mode: iptables
clusterCIDR: 198.18.0.0/16
bindAddress: $rn_host_ip
healthzBindAddress: $rn_host_ip:10256
metricsBindAddress: $rn_host_ip:10249
nodePortAddresses: [198.18.0.0/24]
# leave the host's conntrack sysctls and route_localnet alone
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
iptables: {localhostNodePorts: false}
EOF
  local group; group="$(rn_cgroup_root)/kube-proxy"
  local h
  for h in $(rn_hierarchies); do mkdir -p "$h/$group"; done
  [ ! -d /sys/fs/cgroup/cpuset ] || {
    cat /sys/fs/cgroup/cpuset/cpuset.cpus >"/sys/fs/cgroup/cpuset/$group/cpuset.cpus"
    cat /sys/fs/cgroup/cpuset/cpuset.mems >"/sys/fs/cgroup/cpuset/$group/cpuset.mems"
  }
  rn_launch "$group" "$d/kube-proxy.log" "$bin/kube-proxy" --config "$d/config.yaml" --v=1
}

# up --real-nodes N: after the control plane is up, starts node-1..node-N and kube-proxy.
rn_up() {
  local count=$1 d; d=$(rn_dir)
  rn_host_up
  echo "$count" >"$d/count"
  local k
  for k in $(seq 1 "$count"); do rn_node_configure "node-$k"; done
  for k in $(seq 1 "$count"); do rn_node_start "node-$k"; done
  rn_kube_proxy_start
}

rn_kill_group() { # rn_kill_group CGROUP: freeze, SIGKILL and thaw every process under it
  local f="/sys/fs/cgroup/freezer/$1" pids
  [ -d "$f" ] || return 0
  echo FROZEN >"$f/freezer.state"
  rn_wait 10 grep -qx FROZEN "$f/freezer.state" || true
  pids=$(find "$f" -name cgroup.procs -exec cat {} + 2>/dev/null | sort -un)
  [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
  # every level: a node hung on its own (hang-node) stays frozen when only its parent thaws, and its
  # killed processes would never end
  local state
  while read -r state; do echo THAWED >"$state"; done < <(find "$f" -name freezer.state)
  rn_wait 10 sh -c "[ -z \"\$(find $f -name cgroup.procs -exec cat {} + 2>/dev/null)\" ]" || true
}

# down: undoes everything the real nodes did to the host.
rn_down() {
  local d; d=$(rn_dir)
  [ -d "$d" ] || return 0
  local root; root=$(rn_cgroup_root)
  rn_kill_group "$root"
  local count k
  count=$(cat "$d/count" 2>/dev/null || echo 0)
  for k in $(seq 1 "$count"); do rn_node_clean "node-$k"; done
  [ -x "$bin/kube-proxy" ] && "$bin/kube-proxy" --cleanup >/dev/null 2>&1 || true
  # the kubelet's own chains (kube-proxy --cleanup leaves them)
  local t tbl
  for t in iptables ip6tables; do
    command -v $t >/dev/null 2>&1 || continue
    while $t -D INPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    while $t -D OUTPUT -j KUBE-FIREWALL 2>/dev/null; do :; done
    $t -F KUBE-FIREWALL 2>/dev/null && $t -X KUBE-FIREWALL 2>/dev/null
    for tbl in mangle filter nat; do
      $t -t $tbl -F KUBE-KUBELET-CANARY 2>/dev/null && $t -t $tbl -X KUBE-KUBELET-CANARY 2>/dev/null
    done
    $t -t mangle -F KUBE-IPTABLES-HINT 2>/dev/null && $t -t mangle -X KUBE-IPTABLES-HINT 2>/dev/null
  done
  local h
  for h in $(rn_hierarchies); do
    [ -d "$h/$root" ] && find "$h/$root" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  ip link del "$rn_nodes_bridge" 2>/dev/null || true
  local what key value
  if [ -s "$d/host-before" ]; then
    while read -r what key value; do
      [ "$what" = sysctl ] && sysctl -qw "$key=$value" >/dev/null
    done <"$d/host-before"
    for key in /var/log/containers /var/lib/cni /run/containerd; do
      grep -qx "existed $key" "$d/host-before" || rm -rf --one-file-system "$key"
    done
  fi
  rm -rf --one-file-system "$d"
  rmdir "$cache/rn" 2>/dev/null || true
  rm -f "$(rn_owner_file)"
  log "real nodes of $name removed"
}
