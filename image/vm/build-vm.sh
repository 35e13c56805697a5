#!/usr/bin/env bash
# Builds the test VM: a Debian kernel and a busybox initramfs that behaves like the appliance
# (/dev/fb0 800x480x32, a virtio touch device, vcan0, the app on a 9p share).
# Output, all under image/vm/build/ (gitignored):
#   vmlinux            uncompressed kernel (PVH direct boot: about 2 s faster than bzImage under TCG)
#   vmlinuz            the same kernel as bzImage (fallback)
#   initramfs.cpio.gz  busybox, modules, glibc + what the .NET host needs, can-utils, /init
# Idempotent: a second run with nothing changed takes well under a second.
#   --force            re-download and rebuild everything
#   KERNEL_PKG=linux-image-6.1.0-NN-amd64 picks a kernel (default: what linux-image-amd64 points at)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build="$here/build"
mkdir -p "$build"

force=0
for arg in "$@"; do
    case "$arg" in
        --force) force=1 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "build-vm.sh: unknown argument $arg" >&2; exit 2 ;;
    esac
done
if [ "$force" = 1 ]; then
    rm -rf "$build/kernel" "$build/initramfs.cpio.gz" "$build/initramfs.stamp" "$build/vmlinux" "$build/vmlinuz"
fi

log() { echo "build-vm: $*" >&2; }

# Modules the guest loads; their dependencies are resolved with the kernel's own modules.dep.
# virtio_blk, vfat and its code pages: a FAT disk image labelled BATTERY as the USB drive (update tests).
modules=(virtio_pci bochs virtio_input evdev can can_raw vcan 9pnet_virtio 9p virtio_net virtio_blk vfat nls_cp437 nls_iso8859_1 nls_utf8 nls_ascii)
# Shared libraries the .NET host and runtime need (plus TLS); SkiaSharp's NoDependencies native needs nothing more.
host_libs=(libc.so.6 libm.so.6 libdl.so.2 libpthread.so.0 librt.so.1 ld-linux-x86-64.so.2
    libstdc++.so.6 libgcc_s.so.1 libz.so.1 libssl.so.3 libcrypto.so.3)
# Host binaries copied into the guest with their libraries.
host_bins=(/usr/bin/cansend /usr/bin/candump /usr/bin/cangen)

# ---------------------------------------------------------------------------------------------
# 1. Host packages (apt-get update only when something is missing).
need_pkgs=()
pkg_ok() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for p in qemu-system-x86 busybox-static can-utils kmod xz-utils dosfstools mtools; do
    pkg_ok "$p" || need_pkgs+=("$p")
done
apt_updated=0
apt_update_once() {
    if [ "$apt_updated" = 0 ]; then
        log "apt-get update"
        apt-get update -q >/dev/null
        apt_updated=1
    fi
}
if [ "${#need_pkgs[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || { echo "build-vm.sh: need root to install ${need_pkgs[*]}" >&2; exit 1; }
    apt_update_once
    log "installing ${need_pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
busybox=$(dpkg -L busybox-static | grep -m1 '/busybox$')

# ---------------------------------------------------------------------------------------------
# 2. Kernel + the module subset (cached in build/kernel/, keyed by package and module list).
kernel_key="${KERNEL_PKG:-auto} ${modules[*]}"
if [ ! -f "$build/kernel/stamp" ] || [ "$(cat "$build/kernel/stamp")" != "$kernel_key" ]; then
    pkg="${KERNEL_PKG:-}"
    if [ -z "$pkg" ]; then
        pkg=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        if [ -z "$pkg" ]; then
            apt_update_once
            pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
        fi
    fi
    [ -n "$pkg" ] || { echo "build-vm.sh: cannot find a linux-image-*-amd64 package" >&2; exit 1; }
    log "kernel package $pkg"
    rm -rf "$build/kernel" "$build/deb"
    mkdir -p "$build/deb" "$build/kernel"
    (cd "$build/deb" && apt-get download "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
    deb=$(ls "$build"/deb/linux-image-*.deb 2>/dev/null | head -1 || true)
    [ -n "$deb" ] || { echo "build-vm.sh: apt-get download $pkg failed" >&2; exit 1; }
    kroot="$build/kernel/root"
    dpkg-deb -x "$deb" "$kroot"
    kver=$(ls "$kroot/lib/modules" | head -1)
    cp "$kroot/boot/vmlinuz-$kver" "$build/kernel/vmlinuz"
    cp "$kroot/boot/config-$kver" "$build/kernel/config"

    # Uncompressed kernel: QEMU boots an ELF vmlinux through its PVH note, skipping the
    # decompressor (slow under TCG). Find the compressed payload inside the bzImage.
    vmlinuz="$build/kernel/vmlinuz"
    rm -f "$build/kernel/vmlinux"
    grep -q '^CONFIG_PVH=y' "$build/kernel/config" &&
    for sig in 'xz:\xfd7zXZ\x00' 'zstd:\x28\xb5\x2f\xfd' 'gzip:\x1f\x8b\x08'; do
        tool=${sig%%:*}
        for off in $(LC_ALL=C grep -obUaP "${sig#*:}" "$vmlinuz" | cut -d: -f1 | head -3); do
            case "$tool" in
                xz) tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream >"$build/kernel/vmlinux" 2>/dev/null || true ;;
                zstd) tail -c +$((off + 1)) "$vmlinuz" | zstd -dcq >"$build/kernel/vmlinux" 2>/dev/null || true ;;
                gzip) tail -c +$((off + 1)) "$vmlinuz" | gzip -dc >"$build/kernel/vmlinux" 2>/dev/null || true ;;
            esac
            if [ "$(head -c 4 "$build/kernel/vmlinux" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]; then
                break 2
            fi
            rm -f "$build/kernel/vmlinux"
        done
    done
    [ -f "$build/kernel/vmlinux" ] && log "extracted vmlinux" || log "no PVH vmlinux; will boot vmlinuz"

    # Resolve module dependencies with the kernel's own index, then keep only what we load.
    depmod -b "$kroot" "$kver"
    mods="$build/kernel/modules"
    mkdir -p "$mods/lib/modules/$kver"
    for m in "${modules[@]}"; do
        modprobe -d "$kroot" -S "$kver" --show-depends "$m" | awk '$1 == "insmod" {print $2}'
    done | sort -u | while read -r ko; do
        rel=${ko#"$kroot"/}
        mkdir -p "$mods/$(dirname "$rel")"
        cp "$ko" "$mods/$rel"
    done
    cp "$kroot/lib/modules/$kver"/modules.{builtin,builtin.modinfo,order} "$mods/lib/modules/$kver/"
    depmod -b "$mods" "$kver"
    echo "$kver" >"$build/kernel/version"
    rm -rf "$kroot"
    echo "$kernel_key" >"$build/kernel/stamp"
fi
kver=$(cat "$build/kernel/version")

# Stable names for run-vm.sh.
if [ -f "$build/kernel/vmlinux" ]; then
    ln -sfn kernel/vmlinux "$build/vmlinux"
else
    rm -f "$build/vmlinux"
fi
ln -sfn kernel/vmlinuz "$build/vmlinuz"

# ---------------------------------------------------------------------------------------------
# 3. Initramfs (rebuilt when this script, /init, the kernel or busybox changed).
libdir=/lib/x86_64-linux-gnu
stamp=$( {
    cat "$0" "$here/guest/init" "$build/kernel/stamp" "$build/kernel/version" "$busybox"
    # Host libraries and tools: a glibc or OpenSSL update on this machine rebuilds the initramfs.
    for l in "${host_libs[@]}"; do stat -L -c '%n %s %Y' "$libdir/$l" 2>/dev/null || echo "missing $l"; done
    stat -L -c '%n %s %Y' "${host_bins[@]}"
} | sha256sum | cut -d' ' -f1)
if [ -f "$build/initramfs.cpio.gz" ] && [ -f "$build/initramfs.stamp" ] && [ "$(cat "$build/initramfs.stamp")" = "$stamp" ]; then
    log "up to date (kernel $kver)"
    exit 0
fi

log "building initramfs"
root="$build/initramfs"
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,lib/x86_64-linux-gnu,lib64,etc,proc,sys,dev,tmp,run,app,data,mnt,root}
cp "$busybox" "$root/bin/busybox"
for app in $("$busybox" --list); do
    [ "$app" = busybox ] || ln -s busybox "$root/bin/$app"
done
cp -a "$build/kernel/modules/lib/modules" "$root/lib/"

copy_lib() {
    local src
    src=$(readlink -f "$1")
    cp "$src" "$root/lib/x86_64-linux-gnu/$(basename "$1")"
}
for l in "${host_libs[@]}"; do
    [ -e "$libdir/$l" ] || { echo "build-vm.sh: host library $libdir/$l missing" >&2; exit 1; }
    copy_lib "$libdir/$l"
done
for b in "${host_bins[@]}"; do
    cp "$b" "$root/usr/bin/"
    for l in $(ldd "$b" | awk '/=> \// {print $3}'); do
        [ -e "$root/lib/x86_64-linux-gnu/$(basename "$l")" ] || copy_lib "$l"
    done
done
ln -s ../lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$root/lib64/ld-linux-x86-64.so.2"
ln -s lib "$root/usr/lib"

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/tmp:/bin/sh
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
EOF
cat >"$root/etc/hosts" <<'EOF'
127.0.0.1 localhost
EOF
echo fbdisplay-vm >"$root/etc/hostname"
[ -f /etc/ssl/certs/ca-certificates.crt ] && mkdir -p "$root/etc/ssl/certs" && cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
install -m 0755 "$here/guest/init" "$root/init"

(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null | gzip -1 >"$build/initramfs.cpio.gz.tmp")
mv "$build/initramfs.cpio.gz.tmp" "$build/initramfs.cpio.gz"
rm -rf "$root"
echo "$stamp" >"$build/initramfs.stamp"
log "done: kernel $kver, initramfs $(du -h "$build/initramfs.cpio.gz" | cut -f1)"
