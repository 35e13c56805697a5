#!/usr/bin/env bash
# Boots the test VM (build it first with build-vm.sh) and replaces itself with QEMU, so the
# caller's process id is QEMU's. Serial console on stdio (and optionally a log file).
#
# usage: run-vm.sh [options] [-- ARGS...]        ARGS become arguments of the --run command
#   --app DIR            share DIR read-only as /app                        (9p tag "app")
#   --data DIR           share DIR read-write as /data (default: tmpfs)     (9p tag "data")
#   --share TAG=DIR[:ro] another share, mounted at /mnt/TAG (repeatable)
#   --run CMD            guest command, e.g. /app/run-in-vm.sh (default: a shell)
#   --env NAME=VALUE     environment of the guest command (no spaces; repeatable)
#   --append ARGS        extra kernel command line
#   --qmp PATH           QMP unix socket (server, nowait)
#   --serial-log PATH    also write the serial console to PATH
#   --udp-port PORT      host 127.0.0.1:PORT -> guest UDP 6500 (default 6500, 0 = off)
#   --http-port PORT     host 127.0.0.1:PORT -> guest TCP 8080 (default 8080, 0 = off)
#   --fwd PROTO:HOSTPORT:GUESTPORT   any other forward (repeatable)
#   --tap IFNAME         a second NIC on the host tap device IFNAME (create it first; root), MAC 52:54:00:fb:d0:01
#   --tap-ip ADDR/LEN    the guest's address on that NIC (fbd.tapip=), e.g. 10.213.7.2/24
#   --drive FILE         a raw disk image as a virtio disk (/dev/vda, vdb, ...; repeatable; modprobe virtio_blk)
#   --mem MB (1024)  --smp N (2)  --vmlinuz (boot the bzImage instead of vmlinux)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$here/build"

app="" data="" run="" append="" qmp="" serial_log=""
udp_port=6500 http_port=8080 mem=1024 smp=2 use_vmlinuz=0 tap="" tap_ip=""
shares=() envs=() fwds=() drives=() guest_args=()

while [ $# -gt 0 ]; do
    case "$1" in
        --app) app=$2; shift 2 ;;
        --data) data=$2; shift 2 ;;
        --share) shares+=("$2"); shift 2 ;;
        --run) run=$2; shift 2 ;;
        --env) envs+=("$2"); shift 2 ;;
        --append) append=$2; shift 2 ;;
        --qmp) qmp=$2; shift 2 ;;
        --serial-log) serial_log=$2; shift 2 ;;
        --udp-port) udp_port=$2; shift 2 ;;
        --http-port) http_port=$2; shift 2 ;;
        --fwd) fwds+=("$2"); shift 2 ;;
        --tap) tap=$2; shift 2 ;;
        --tap-ip) tap_ip=$2; shift 2 ;;
        --drive) drives+=("$2"); shift 2 ;;
        --mem) mem=$2; shift 2 ;;
        --smp) smp=$2; shift 2 ;;
        --vmlinuz) use_vmlinuz=1; shift ;;
        --) shift; guest_args=("$@"); break ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "run-vm.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

kernel="$build/vmlinux"
if [ "$use_vmlinuz" = 1 ] || [ ! -e "$kernel" ]; then kernel="$build/vmlinuz"; fi
for f in "$kernel" "$build/initramfs.cpio.gz"; do
    [ -e "$f" ] || { echo "run-vm.sh: $f missing; run image/vm/build-vm.sh" >&2; exit 1; }
done
command -v qemu-system-x86_64 >/dev/null || { echo "run-vm.sh: qemu-system-x86_64 missing; run image/vm/build-vm.sh" >&2; exit 1; }

cmdline="console=ttyS0 vt.global_cursor_default=0 quiet consoleblank=0 panic=-1 tsc=reliable no_timer_check"
[ -n "$run" ] && cmdline+=" fbd.run=$run"
for e in "${envs[@]}"; do
    case "$e" in *' '*|*'.'*=*) echo "run-vm.sh: --env $e: no spaces, no dot in the name" >&2; exit 2 ;; esac
    cmdline+=" $e"
done
[ -n "$tap_ip" ] && cmdline+=" fbd.tapip=$tap_ip"
[ -n "$append" ] && cmdline+=" $append"
[ "${#guest_args[@]}" -gt 0 ] && cmdline+=" -- ${guest_args[*]}"

hostfwd=""
[ "$udp_port" != 0 ] && hostfwd+=",hostfwd=udp:127.0.0.1:$udp_port-:6500"
[ "$http_port" != 0 ] && hostfwd+=",hostfwd=tcp:127.0.0.1:$http_port-:8080"
for f in "${fwds[@]}"; do
    IFS=: read -r proto hport gport <<<"$f"
    hostfwd+=",hostfwd=$proto:127.0.0.1:$hport-:$gport"
done

args=(
    -accel tcg -cpu max -M pc -m "$mem" -smp "$smp"
    -nodefaults -no-user-config -no-reboot -display none
    -kernel "$kernel" -initrd "$build/initramfs.cpio.gz" -append "$cmdline"
    -device VGA,xres=800,yres=480
    -device virtio-tablet-pci
    -netdev "user,id=n0$hostfwd" -device virtio-net-pci,netdev=n0
    -rtc base=utc
)
if [ -n "$serial_log" ]; then
    args+=(-chardev "stdio,id=s0,signal=off,logfile=$serial_log" -serial chardev:s0)
else
    args+=(-chardev stdio,id=s0,signal=off -serial chardev:s0)
fi
[ -n "$qmp" ] && args+=(-qmp "unix:$qmp,server=on,wait=off")
if [ -n "$tap" ]; then
    [ -e "/sys/class/net/$tap" ] || { echo "run-vm.sh: tap device $tap does not exist (ip tuntap add dev $tap mode tap)" >&2; exit 1; }
    args+=(-netdev "tap,id=n1,ifname=$tap,script=no,downscript=no" -device virtio-net-pci,netdev=n1,mac=52:54:00:fb:d0:01)
fi
if [ -n "$app" ]; then
    args+=(-virtfs "local,path=$(realpath "$app"),mount_tag=app,security_model=none,readonly=on")
fi
if [ -n "$data" ]; then
    args+=(-virtfs "local,path=$(realpath "$data"),mount_tag=data,security_model=none")
fi
for s in "${shares[@]}"; do
    tag=${s%%=*} dir=${s#*=} ro=""
    case "$dir" in *:ro) dir=${dir%:ro} ro=",readonly=on" ;; esac
    args+=(-virtfs "local,path=$(realpath "$dir"),mount_tag=$tag,security_model=none$ro")
done
for d in "${drives[@]}"; do
    args+=(-drive "file=$(realpath "$d"),format=raw,if=virtio")
done

exec qemu-system-x86_64 "${args[@]}"
