#!/usr/bin/env bash
# customize-rootfs.sh ROOTFS: the SD image's own part, after image/pi/install.sh ran in the chroot
# (called by build-sd-image.sh as an mmdebstrap customize hook; /proc, /sys and /dev are mounted in ROOTFS).
# Read-only root, data partition, first-boot keys, firmware settings for the 7" display.
set -euo pipefail
root=$1
files=$(cd "$(dirname "$0")/files" && pwd)
in_root() { chroot "$root" "$@"; }

# The fallback name until fbdisplay-hostname.service sets this card's own (fbdisplay-XXXXXX, kept in /data/hostname).
echo fbdisplay > "$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tfbdisplay\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"

# fbdisplay.service asks for SupplementaryGroups=video input tty dialout plugdev gpio. Raspberry Pi OS has a `gpio`
# group, Debian has none, and systemd refuses to start a unit with an unknown group (216/GROUP, found booting this
# image in QEMU). Make it, as Pi OS does: the GPIO character devices belong to it.
in_root getent group gpio >/dev/null || in_root groupadd --system gpio
in_root usermod -aG gpio fbdisplay
printf 'SUBSYSTEM=="gpio", KERNEL=="gpiochip*", GROUP="gpio", MODE="0660"\n' > "$root/etc/udev/rules.d/60-fbdisplay-gpio.rules"

# Read-only root: fstab, mount points, resolv.conf from NetworkManager in /run.
install -m 0644 "$files/fstab" "$root/etc/fstab"
mkdir -p "$root/data" "$root/boot/firmware" "$root/var/lib/fbdisplay" "$root/opt/fbdisplay" \
    "$root/etc/NetworkManager/system-connections" "$root/var/lib/private" "$root/var/lib/NetworkManager" "$root/var/lib/dhcp"
rm -f "$root/etc/resolv.conf"
ln -s ../run/NetworkManager/resolv.conf "$root/etc/resolv.conf"
install -D -m 0644 "$files/NetworkManager-10-fbdisplay.conf" "$root/etc/NetworkManager/conf.d/10-fbdisplay.conf"
# The polkit rule (NetworkManager, udisks2, logind for the fbdisplay user) and the BATTERY drive's udev rule come
# from install.sh, as on Raspberry Pi OS. /media is where udisks2 mounts the drive: in RAM, the root is read-only.
mkdir -p "$root/media"

if [ "${FBD_ARCH:-arm64}" = arm64 ]; then
# The kernel command line (raspi-firmware regenerates cmdline.txt and config.txt on every kernel update from these).
sed -i 's/^#\?ROOTPART=.*/ROOTPART=LABEL=RASPIROOT/' "$root/etc/default/raspi-firmware"
grep -q '^ROOTPART=LABEL=RASPIROOT' "$root/etc/default/raspi-firmware" || echo 'ROOTPART=LABEL=RASPIROOT' >> "$root/etc/default/raspi-firmware"
# Consoles: tty1 (under the display), and the serial console on GPIO 14/15, which is the mini UART ttyS1 on a Pi 3B+/4
# with upstream device trees (raspi-firmware's own note); the last one gets the boot messages.
sed -i 's/^#\?CONSOLES=.*/CONSOLES="tty1 ttyS1,115200"/' "$root/etc/default/raspi-firmware"
# raspi-firmware writes "... rw ..." itself; a later "ro" wins (the kernel takes the last one).
echo "ro vt.global_cursor_default=0 consoleblank=0 quiet" > "$root/etc/default/raspi-extra-cmdline"
install -m 0644 "$files/raspi-firmware-custom" "$root/etc/default/raspi-firmware-custom"
in_root env DEB_MAINT_PARAMS=configure /etc/kernel/postinst.d/z50-raspi-firmware
grep -q 'root=LABEL=RASPIROOT' "$root/boot/firmware/cmdline.txt" || { echo "cmdline.txt was not regenerated" >&2; exit 1; }
grep -q '^framebuffer_depth=32' "$root/boot/firmware/config.txt" || { echo "config.txt was not regenerated" >&2; exit 1; }
fi

# SSH: host keys made on the device at first boot (never shared between cards), keys only.
rm -f "$root"/etc/ssh/ssh_host_*
install -m 0644 "$files/sshd-20-sd-image.conf" "$root/etc/ssh/sshd_config.d/20-sd-image.conf"
install -m 0755 "$files/fbdisplay-firstboot.sh" "$root/usr/local/sbin/fbdisplay-firstboot"
install -m 0644 "$files/fbdisplay-firstboot.service" "$root/etc/systemd/system/fbdisplay-firstboot.service"
install -m 0755 "$files/fbdisplay-hostname.sh" "$root/usr/local/sbin/fbdisplay-hostname"
install -m 0644 "$files/fbdisplay-hostname.service" "$root/etc/systemd/system/fbdisplay-hostname.service"
install -D -m 0644 "$(dirname "$0")/README.md" "$root/usr/share/doc/fbdisplay-sd/README.md"
in_root systemctl enable fbdisplay-firstboot.service fbdisplay-hostname.service ssh.service NetworkManager.service systemd-timesyncd.service
# Nothing may write to the read-only root behind our back, nor prompt on the console at boot.
for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer e2scrub_reap.service \
            fstrim.timer systemd-firstboot.service ssh-keygen.service regenerate_ssh_host_keys.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
done

# No password for anybody (root is locked by debootstrap already: make sure, and nobody else has one).
in_root passwd -l root >/dev/null
awk -F: '$2 !~ /^[!*]/ && $2 != "" { print "user " $1 " has a password hash"; bad=1 } $2 == "" { print "user " $1 " has an empty password"; bad=1 } END { exit bad }' "$root/etc/shadow"

# A fresh machine-id on each boot (read-only root): systemd makes a transient one when the file is empty.
: > "$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"
ln -s /etc/machine-id "$root/var/lib/dbus/machine-id"

# Smaller image: no package lists, caches or docs that nobody reads on the appliance.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
rm -rf "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*
echo "FbDisplay SD image built $(date -u +%Y-%m-%dT%H:%MZ) from Debian $(cat "$root/etc/debian_version")" > "$root/etc/fbdisplay-image"
