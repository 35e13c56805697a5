#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS Lite (64-bit, Bookworm) into the FbDisplay appliance.
# Run as root from the unpacked bundle:  sudo ./install.sh [--authorized-keys FILE]
#
# - installs the app side by side under /opt/fbdisplay/releases/<version> and switches the `current` link atomically;
#   later versions come through UPDATE SOFTWARE into the same layout (docs/updates.md)
# - runs it at boot on tty1 as the unprivileged user `fbdisplay` (systemd: Type=notify, watchdog, restart on failure)
# - keeps data and settings in /var/lib/fbdisplay (untouched by updates)
# - SSH with keys only: authorized keys from --authorized-keys, or from a drive labelled BATTERY (file authorized_keys);
#   password logins are switched off and the default `pi` password, if any, is locked
# - journald in RAM and noatime to spare the SD card
#
# FBD_ROOT=/some/dir installs into that directory instead of / (used by the tests; no systemctl calls then).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=${FBD_ROOT:-}
keys=""
while [ $# -gt 0 ]; do
    case "$1" in
        --authorized-keys) keys=$2; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

if [ -z "$root" ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run as root (sudo ./install.sh)" >&2
    exit 1
fi

version=$(cat "$here/VERSION")
arch=$(cat "$here/ARCH")
if [ -z "$root" ]; then
    machine=$(uname -m)
    case "$arch:$machine" in
        linux-arm64:aarch64|linux-x64:x86_64) ;;
        *) echo "install.sh: this bundle is for $arch, this machine is $machine" >&2; exit 1 ;;
    esac
fi

say() { echo "fbdisplay install: $*"; }

# 1. The user that runs the display.
if [ -z "$root" ]; then
    id fbdisplay >/dev/null 2>&1 || useradd --system --home-dir /var/lib/fbdisplay --shell /usr/sbin/nologin fbdisplay
    for g in video input tty dialout plugdev gpio; do
        getent group "$g" >/dev/null && usermod -aG "$g" fbdisplay
    done
fi

# libgpiod for the alarm relay, buzzer and button (docs/alarms.md): libgpiod2 on Bookworm, libgpiod3 on Trixie.
# Without it (no network now) GPIO still works on chip 0 of a Pi 1-4 through System.Device.Gpio's own driver.
if [ -z "$root" ] && command -v apt-get >/dev/null; then
    apt-get install -y --no-install-recommends libgpiod2 >/dev/null 2>&1 \
        || apt-get install -y --no-install-recommends libgpiod3 >/dev/null 2>&1 \
        || say "libgpiod not installed (no network?): GPIO outputs use the built-in driver, Pi 1-4 only"
fi
# The display holds no privilege of its own: udisks2 mounts the BATTERY drive, logind restarts the device and
# NetworkManager changes the network, each allowed to the fbdisplay user by the polkit rule below (docs/security.md).
if [ -z "$root" ] && command -v apt-get >/dev/null; then
    apt-get install -y --no-install-recommends udisks2 polkitd >/dev/null 2>&1 \
        || say "WARNING: udisks2/polkitd not installed (no network?): COPY LOG, backup and updates from the BATTERY drive will fail"
fi

# 2. The app, side by side, then an atomic switch of `current`.
release="$root/opt/fbdisplay/releases/$version"
mkdir -p "$release" "$root/var/lib/fbdisplay"
cp -a "$here/app/." "$release/"
cp "$here/README.md" "$release/README.md" 2>/dev/null || true
ln -sfn "releases/$version" "$root/opt/fbdisplay/current.new"
mv -T "$root/opt/fbdisplay/current.new" "$root/opt/fbdisplay/current"
# A manual install ends any update trial (docs/updates.md); the guard rolls back a release that never comes up.
rm -f "$root/opt/fbdisplay/update-pending"
if [ -f "$here/fbdisplay-guard.sh" ]; then
    install -m 0755 "$here/fbdisplay-guard.sh" "$root/opt/fbdisplay/fbdisplay-guard.sh"
fi
[ -f "$here/app/update-key.pem" ] || say "WARNING: the bundle has no update-key.pem: UPDATE SOFTWARE will refuse every update"
if [ -z "$root" ]; then
    chown -R fbdisplay:fbdisplay /var/lib/fbdisplay
    # UPDATE SOFTWARE runs in the display's process: it installs releases and switches `current` as user fbdisplay.
    chown -R fbdisplay:fbdisplay /opt/fbdisplay
fi
say "installed $version ($arch) in /opt/fbdisplay/releases/$version"

# 3. The service.
install -D -m 0644 "$here/fbdisplay.service" "$root/etc/systemd/system/fbdisplay.service"
# What the unprivileged unit may ask of the system's services, and the BATTERY drive's udev rule.
install -D -m 0644 "$here/fbdisplay-polkit.rules" "$root/etc/polkit-1/rules.d/50-fbdisplay.rules"
install -D -m 0644 "$here/fbdisplay-udev.rules" "$root/etc/udev/rules.d/61-fbdisplay-battery.rules"

# 4. SSH: keys only, no default password anywhere.
sshd_conf="$root/etc/ssh/sshd_config.d/10-fbdisplay.conf"
install -D -m 0644 /dev/null "$sshd_conf"
cat > "$sshd_conf" <<CONF
# Written by the FbDisplay installer: maintenance over SSH with keys only.
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
CONF
if [ -z "$keys" ] && [ -z "$root" ] && [ -e /dev/disk/by-label/BATTERY ]; then
    mnt=$(mktemp -d)
    if mount -o ro /dev/disk/by-label/BATTERY "$mnt" 2>/dev/null; then
        if [ -f "$mnt/authorized_keys" ]; then
            keys=$(mktemp)
            cp "$mnt/authorized_keys" "$keys"
        fi
        umount "$mnt"
    fi
    rmdir "$mnt"
fi
admin_home="$root/root"
if [ -n "$keys" ]; then
    install -d -m 0700 "$admin_home/.ssh"
    install -m 0600 "$keys" "$admin_home/.ssh/authorized_keys"
    say "SSH keys installed for root; password logins are off"
else
    say "WARNING: no SSH key given (--authorized-keys FILE or authorized_keys on a BATTERY drive): SSH will refuse every login"
fi
if [ -z "$root" ] && id pi >/dev/null 2>&1; then
    passwd -l pi >/dev/null && say "locked the password of user pi"
fi

# 5. Spare the SD card: journal in RAM.
install -D -m 0644 /dev/null "$root/etc/systemd/journald.conf.d/10-fbdisplay.conf"
printf '[Journal]\nStorage=volatile\nRuntimeMaxUse=32M\n' > "$root/etc/systemd/journald.conf.d/10-fbdisplay.conf"

# 6. Start it.
if [ -z "$root" ]; then
    systemctl daemon-reload
    systemctl disable --now getty@tty1.service 2>/dev/null || true
    systemctl enable ssh.service 2>/dev/null || true
    systemctl reload ssh.service 2>/dev/null || true
    systemctl enable fbdisplay.service
    systemctl restart fbdisplay.service
    say "running; 'journalctl -u fbdisplay -f' shows its log"
fi
