#!/usr/bin/env bash
# Builds a whole bootable arm64 SD-card image of the FbDisplay appliance from Debian 12 (bookworm) packages, the way
# Debian's own Raspberry Pi images do (salsa.debian.org/raspi-team/image-specs): raspi-firmware (non-free-firmware)
# + linux-image-arm64, a FAT firmware partition with config.txt/cmdline.txt, an ext4 root. Then the appliance is
# installed by image/pi/install.sh itself, run inside the arm64 chroot (qemu-user), so the layout is the installer's.
#
#   sudo image/sd/build-sd-image.sh BUNDLE_DIR OUTPUT.img [--arch arm64|amd64] [--authorized-keys FILE]
#        [--apt-cache DIR] [--overlay DIR] [--keep-work]
#
# --arch amd64: the same image for x86-64 (the appliance tests boot it in QEMU: tests/FbDisplay.Vm.Tests, Appliance*):
# the same recipe, install.sh and partitions, with Debian's linux-image-amd64 instead of the Pi firmware. Partition 1
# then holds vmlinuz, initrd.img and cmdline.txt, also written beside OUTPUT (OUTPUT.vmlinuz, .initrd, .cmdline) for
# QEMU's direct kernel boot. --overlay DIR: copy DIR/root/ over the root after the recipe (image/vm/appliance-test:
# what only the tests need, never in a shipped image). Without --apt-cache, the Debian root and the .debs are kept in
# ${XDG_CACHE_HOME:-~/.cache}/fbdisplay/image/ARCH.
#
# BUNDLE_DIR: an unpacked linux-arm64 install bundle (dotnet cake --target=Image --rids=linux-arm64 makes
# artifacts/bundle/fbdisplay-<version>-linux-arm64); `dotnet cake --target=SdImage` does both steps.
# Needs root (chroot, file ownership), mmdebstrap, qemu-user-static with binfmt_misc, dosfstools, mtools, fdisk,
# e2fsprogs (mkfs.ext4 -d). No loop device and no FAT mount: partitions are built as files and written into place.
#
# Partitions (MBR, as the Pi boot ROM wants):
#   1 RASPIFIRM FAT32  /boot/firmware  firmware, kernel, initrd, DTBs, config.txt, cmdline.txt (read-only at run time)
#   2 RASPIROOT ext4   /               Debian + the appliance, mounted read-only
#   3 FBDDATA   ext4   /data           data, releases, Wi-Fi connections, SSH keys (the only writable partition)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
suite=${FBD_SD_SUITE:-bookworm}
mirror=${FBD_SD_MIRROR:-http://deb.debian.org/debian}
security=${FBD_SD_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
boot_mib=${FBD_SD_BOOT_MIB:-256}
data_mib=${FBD_SD_DATA_MIB:-512}
keys="" apt_cache="" keep_work=0 arch=arm64 overlay=""
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --authorized-keys) keys=$(readlink -f "$2"); shift 2 ;;
        --apt-cache) apt_cache=$(mkdir -p "$2" && cd "$2" && pwd); shift 2 ;;
        --keep-work) keep_work=1; shift ;;
        --arch) arch=$2; shift 2 ;;
        --overlay) overlay=$(cd "$2" && pwd); shift 2 ;;
        -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
        -*) echo "build-sd-image: unknown option $1" >&2; exit 2 ;;
        *) args+=("$1"); shift ;;
    esac
done
[ ${#args[@]} -eq 2 ] || { echo "usage: $0 BUNDLE_DIR OUTPUT.img [--authorized-keys FILE] [--apt-cache DIR]" >&2; exit 2; }
bundle=$(cd "${args[0]}" && pwd)
output=$(readlink -f "${args[1]}")

say() { echo "build-sd-image: $*"; }
die() { echo "build-sd-image: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "run as root (chroot and file ownership)"
[ -x "$bundle/install.sh" ] && [ -f "$bundle/VERSION" ] || die "$bundle is not an install bundle (no install.sh/VERSION)"
case $arch in
    arm64) rid=linux-arm64 qemu_arch=aarch64 ;;
    amd64) rid=linux-x64 qemu_arch=x86_64 ;;
    *) die "--arch $arch: arm64 or amd64" ;;
esac
[ "$(cat "$bundle/ARCH")" = "$rid" ] || die "$bundle is for $(cat "$bundle/ARCH"), the $arch image needs $rid"
[ -n "$apt_cache" ] || apt_cache=$(mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}/fbdisplay/image/$arch" && cd "${XDG_CACHE_HOME:-$HOME/.cache}/fbdisplay/image/$arch" && pwd)
for tool in mmdebstrap mkfs.vfat mcopy mmd sfdisk mkfs.ext4 e2fsck; do
    command -v "$tool" >/dev/null || die "$tool missing (apt-get install mmdebstrap dosfstools mtools fdisk e2fsprogs)"
done
if [ "$(uname -m)" != "$qemu_arch" ] && ! grep -qs enabled "/proc/sys/fs/binfmt_misc/qemu-$qemu_arch"; then
    die "no qemu-aarch64 binfmt handler (apt-get install qemu-user-static binfmt-support; mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc)"
fi
[ -z "$keys" ] || [ -s "$keys" ] || die "$keys is empty"

version=$(cat "$bundle/VERSION")
work=$(mktemp -d "${TMPDIR:-/var/tmp}/fbd-sd.XXXXXX")
mounts=()
unmount_all() { local i; for (( i=${#mounts[@]}-1; i>=0; i-- )); do umount -R -l "${mounts[$i]}" 2>/dev/null || true; done; mounts=(); }
cleanup() {
    unmount_all
    if [ "$keep_work" = 1 ]; then say "work directory kept: $work"; else rm -rf --one-file-system "$work"; fi
}
trap cleanup EXIT
rootfs=$work/root
start=$(date +%s)

# --- 1. Debian arm64 root file system (mmdebstrap: debootstrap --foreign + second stage under qemu-user in one) ---
# cloud-guest-utils + fdisk: growpart, the data partition grows to the card at first boot. udisks2 + polkitd: for the
# unprivileged display unit to come (issue 17 row 10), which will mount the BATTERY drive through them.
packages=(
    systemd-sysv udev dbus kmod procps iproute2 iputils-ping less
    initramfs-tools zstd
    wireless-regdb network-manager wpasupplicant
    openssh-server ca-certificates systemd-timesyncd
    libfontconfig1 libssl3 libgpiod2
    dosfstools e2fsprogs util-linux fdisk cloud-guest-utils udisks2 polkitd
)
case $arch in
    arm64) packages+=(linux-image-arm64 raspi-firmware firmware-brcm80211) ;;
    amd64) packages+=(linux-image-amd64) ;;
esac
# What only the tests need (hostapd, iw, ...): DIR/packages of the overlay, one a line.
if [ -n "$overlay" ] && [ -f "$overlay/packages" ]; then
    mapfile -t extra < <(grep -v '^#' "$overlay/packages" | tr -s ' \t' '\n' | grep .)
    packages+=("${extra[@]}")
fi
# The Debian part depends only on the package list: with --apt-cache DIR it is kept there as a tar and reused, so
# that rebuilding the image for a new app version takes a minute instead of the ~17 of emulated dpkg.
base_key=$(printf '%s\n' "$suite" "$mirror" "$arch" "${packages[@]}" | sha256sum | cut -c1-16)
base_tar=${apt_cache:+$apt_cache/base-$suite-$arch-$base_key.tar}
if [ -n "$base_tar" ] && [ -f "$base_tar" ]; then
    say "reusing the Debian root file system $base_tar"
    mkdir -p "$rootfs" && tar -C "$rootfs" --xattrs --xattrs-include='*' --numeric-owner -xpf "$base_tar"
else
    hooks=(--setup-hook='mkdir -p "$1/boot/firmware"')
    if [ -n "$apt_cache" ]; then
        hooks+=(--skip=essential/unlink
                --setup-hook='mkdir -p "$1"/var/cache/apt/archives/'
                --setup-hook="sync-in '$apt_cache' /var/cache/apt/archives/"
                --customize-hook="sync-out /var/cache/apt/archives '$apt_cache'"
                --customize-hook='rm -f "$1"/var/cache/apt/archives/*.deb')
    fi
    say "building the $suite $arch root file system (mmdebstrap; downloads about 250 MB)"
    mmdebstrap --mode=root --architectures="$arch" --variant=minbase \
        --components="main non-free-firmware" \
        --include="$(IFS=,; echo "${packages[*]}")" \
        --aptopt='Acquire::Retries "3"' \
        "${hooks[@]}" \
        "$suite" "$rootfs" \
        "deb $mirror $suite main non-free-firmware" \
        "deb $mirror $suite-updates main non-free-firmware" \
        "deb $security $suite-security main non-free-firmware"
    if [ -n "$base_tar" ]; then
        tar -C "$rootfs" --xattrs --xattrs-include='*' --numeric-owner -cf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
        # Keep the three newest roots: branches with different package lists (the test overlay's) share the cache.
        ls -1t "$apt_cache"/base-*.tar | tail -n +4 | xargs -r rm -f
    fi
fi
say "Debian root file system ready after $(( $(date +%s) - start )) s"

# --- 2. The appliance: image/pi/install.sh from the bundle, run in the arm64 chroot (qemu-user), unchanged ---
for m in proc sys dev; do
    mkdir -p "$rootfs/$m"
    case $m in
        proc) mount -t proc proc "$rootfs/proc" ;;
        sys) mount -t sysfs sysfs "$rootfs/sys" ;;
        dev) mount --rbind /dev "$rootfs/dev" && mount --make-rslave "$rootfs/dev" ;;
    esac
    mounts+=("$rootfs/$m")
done
mkdir -p "$rootfs/tmp/fbd-bundle" "$rootfs/tmp/fbd-shim"
cp -a "$bundle/." "$rootfs/tmp/fbd-bundle/"
# In a chroot, systemctl enables and disables units but cannot talk to a manager: daemon-reload, (re)start and reload
# are what install.sh does on a live Pi, so they are no-ops here.
cat > "$rootfs/tmp/fbd-shim/systemctl" <<'SHIM'
#!/bin/sh
for a in "$@"; do shift; [ "$a" = --now ] || set -- "$@" "$a"; done   # enable/disable only, never start/stop
for a in "$@"; do
    case "$a" in
        daemon-reload|start|restart|reload|stop|try-restart|reload-or-restart) echo "(chroot) systemctl $*: skipped"; exit 0 ;;
        enable|disable|mask|unmask|preset|is-enabled) break ;;
    esac
done
exec /usr/bin/systemctl "$@"
SHIM
chmod +x "$rootfs/tmp/fbd-shim/systemctl"
install_args=()
if [ -n "$keys" ]; then
    cp "$keys" "$rootfs/tmp/fbd-authorized_keys"
    install_args=(--authorized-keys /tmp/fbd-authorized_keys)
fi
# /usr/sbin before /sbin: on a merged-/usr root the same; the shim first.
chroot "$rootfs" /usr/bin/env PATH=/tmp/fbd-shim:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /tmp/fbd-bundle/install.sh "${install_args[@]}"
rm -rf "$rootfs/tmp/fbd-bundle" "$rootfs/tmp/fbd-shim" "$rootfs/tmp/fbd-authorized_keys"
FBD_ARCH=$arch "$here/customize-rootfs.sh" "$rootfs"
if [ -n "$overlay" ] && [ -d "$overlay/root" ]; then
    cp -a --no-preserve=ownership "$overlay/root/." "$rootfs/"
    [ ! -x "$overlay/customize.sh" ] || "$overlay/customize.sh" "$rootfs"
    say "test overlay $overlay applied (not a shippable image)"
fi
unmount_all
say "appliance installed after $(( $(date +%s) - start )) s"

# --- 3. Split the tree into the three partitions ---
firmware=$work/firmware data=$work/data
mkdir -p "$firmware" "$data"
if [ "$arch" = arm64 ]; then
    [ -f "$rootfs/boot/firmware/config.txt" ] && [ -f "$rootfs/boot/firmware/cmdline.txt" ] || die "raspi-firmware wrote no config.txt/cmdline.txt"
    mv "$rootfs/boot/firmware/"* "$firmware/"
else
    # x86-64: the kernel and initrd of the image's own Debian kernel package, booted by QEMU directly (-kernel).
    cp -L "$rootfs/vmlinuz" "$firmware/vmlinuz"
    cp -L "$rootfs/initrd.img" "$firmware/initrd.img"
    echo "root=LABEL=RASPIROOT ro console=tty1 console=ttyS0,115200 vt.global_cursor_default=0 consoleblank=0 quiet" > "$firmware/cmdline.txt"
    cp "$firmware/vmlinuz" "$output.vmlinuz"
    cp "$firmware/initrd.img" "$output.initrd"
    cp "$firmware/cmdline.txt" "$output.cmdline"
fi
# Data partition: what install.sh put into /var/lib/fbdisplay and /opt/fbdisplay (ownership kept: mkfs.ext4 -d
# copies uid/gid), the Wi-Fi connections, the SSH keys. The root keeps empty mount points.
mkdir -p "$data/fbdisplay" "$data/opt" "$data/NetworkManager/system-connections" "$data/ssh" "$data/root-ssh"
cp -a "$rootfs/var/lib/fbdisplay/." "$data/fbdisplay/"
cp -a "$rootfs/opt/fbdisplay/." "$data/opt/"
cp -a "$rootfs/etc/NetworkManager/system-connections/." "$data/NetworkManager/system-connections/" 2>/dev/null || true
chmod 0700 "$data/NetworkManager/system-connections" "$data/root-ssh"
if [ -f "$rootfs/root/.ssh/authorized_keys" ]; then
    install -m 0600 "$rootfs/root/.ssh/authorized_keys" "$data/root-ssh/authorized_keys"
fi
find "$rootfs/var/lib/fbdisplay" "$rootfs/opt/fbdisplay" "$rootfs/etc/NetworkManager/system-connections" -mindepth 1 -delete
chown --reference="$data/fbdisplay" "$rootfs/var/lib/fbdisplay" "$rootfs/opt/fbdisplay"
rm -rf "$rootfs/root/.ssh"
ln -s /data/root-ssh "$rootfs/root/.ssh"
echo "$version" > "$data/IMAGE-VERSION"

# --- 4. File systems as files, then the disk image ---
mib() { echo $(( ($(du -s --block-size=1M "$1" | cut -f1)) )); }
root_used=$(mib "$rootfs")
root_mib=$(( root_used + root_used / 4 + 192 ))      # 25 % + 192 MiB headroom: apt upgrades of the kernel, logs
data_used=$(mib "$data")
[ "$data_mib" -ge $(( data_used * 3 + 64 )) ] || data_mib=$(( data_used * 3 + 64 ))   # room for two more releases
say "sizes: firmware ${boot_mib} MiB, root ${root_mib} MiB (${root_used} used), data ${data_mib} MiB (${data_used} used)"

mkfs.vfat -F 32 -n RASPIFIRM -C "$work/p1.img" $(( boot_mib * 1024 )) >/dev/null
(cd "$firmware" && mcopy -s -p -m -i "$work/p1.img" ./* ::/)
mkfs.ext4 -q -L RASPIROOT -d "$rootfs" -E root_owner=0:0 -O ^metadata_csum_seed -m 1 "$work/p2.img" "${root_mib}M"
mkfs.ext4 -q -L FBDDATA -d "$data" -m 1 "$work/p3.img" "${data_mib}M"
e2fsck -fn "$work/p2.img" >/dev/null
e2fsck -fn "$work/p3.img" >/dev/null

start1=4 start2=$(( 4 + boot_mib )) start3=$(( 4 + boot_mib + root_mib ))
total=$(( start3 + data_mib ))
rm -f "$output"
truncate -s "${total}M" "$output"
sfdisk --quiet "$output" <<TABLE
label: dos
unit: sectors

start=$(( start1 * 2048 )), size=$(( boot_mib * 2048 )), type=c, bootable
start=$(( start2 * 2048 )), size=$(( root_mib * 2048 )), type=83
start=$(( start3 * 2048 )), size=$(( data_mib * 2048 )), type=83
TABLE
dd if="$work/p1.img" of="$output" bs=1M seek="$start1" conv=notrunc,sparse status=none
dd if="$work/p2.img" of="$output" bs=1M seek="$start2" conv=notrunc,sparse status=none
dd if="$work/p3.img" of="$output" bs=1M seek="$start3" conv=notrunc,sparse status=none
sfdisk -l "$output"
say "done: $output ($total MiB, FbDisplay $version) in $(( $(date +%s) - start )) s"
