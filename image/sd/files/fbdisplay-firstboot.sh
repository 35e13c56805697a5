#!/bin/sh
# fbdisplay-firstboot: runs at every boot before sshd (fbdisplay-firstboot.service); does its work only once.
# - SSH host keys: generated on this device (never shipped in the image) into /data/ssh
# - root's authorized_keys (/root/.ssh -> /data/root-ssh): while there are none, they are taken from a file
#   authorized_keys on a USB drive labelled BATTERY, as image/pi/install.sh does for the installer case.
# No password is set anywhere: without a key, SSH refuses every login.
set -u
data=/data
say() { echo "fbdisplay-firstboot: $*"; }

# The data partition is the last one: it grows to the end of the card (the image ships it small). growpart says
# NOCHANGE (exit 1) once it fills the card, so this runs at every boot at no cost; ext4 grows while mounted.
dev=$(findmnt -n -o SOURCE "$data" 2>/dev/null || true)
if [ -n "$dev" ] && [ -e "/sys/class/block/${dev##*/}/partition" ]; then
    part=$(cat "/sys/class/block/${dev##*/}/partition")
    disk=/dev/$(basename "$(readlink -f "/sys/class/block/${dev##*/}/..")")
    if growpart "$disk" "$part" >/dev/null 2>&1; then
        resize2fs "$dev" >/dev/null 2>&1 && say "data partition $dev grown to $(df -h --output=size "$data" | tail -1 | tr -d ' ') (the rest of $disk)" \
            || say "resize2fs $dev failed"
    fi
fi

install -d -m 0755 "$data/ssh"
for t in ed25519 ecdsa; do
    key="$data/ssh/ssh_host_${t}_key"
    if [ ! -s "$key" ]; then
        rm -f "$key" "$key.pub"
        ssh-keygen -q -t "$t" -N '' -C "root@$(hostname)" -f "$key" && say "generated the SSH host key $key"
    fi
done

install -d -m 0700 "$data/root-ssh"
keys="$data/root-ssh/authorized_keys"
if [ ! -s "$keys" ]; then
    # USB drives may still be enumerating: give udev a moment.
    udevadm settle -t 10 2>/dev/null || true
    if [ -e /dev/disk/by-label/BATTERY ]; then
        mnt=$(mktemp -d /run/fbdisplay-firstboot.XXXXXX)
        if mount -o ro /dev/disk/by-label/BATTERY "$mnt" 2>/dev/null; then
            if [ -s "$mnt/authorized_keys" ]; then
                install -m 0600 "$mnt/authorized_keys" "$keys.new" && mv -f "$keys.new" "$keys"
                say "SSH keys for root taken from the BATTERY drive; password logins are off"
            else
                say "the BATTERY drive has no authorized_keys file"
            fi
            umount "$mnt"
        fi
        rmdir "$mnt"
    else
        say "no SSH key yet: put authorized_keys on a USB drive labelled BATTERY and reboot (SSH refuses every login until then)"
    fi
fi
sync
exit 0
