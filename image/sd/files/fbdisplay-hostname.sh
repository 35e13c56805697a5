#!/bin/sh
# fbdisplay-hostname: every card its own name (fbdisplay-hostname.service, every boot, before the network and the
# display). The first boot picks fbdisplay-XXXXXX (six random hex digits) and keeps it in /data/hostname: the root is
# read-only and /etc/machine-id is empty in the image, so nothing else tells two cards apart. The display's default
# MQTT display id and client id follow the host name (two displays on one broker no longer knock each other off).
# To rename a display: write the name into /data/hostname and reboot.
set -u
file=/data/hostname
name=$(head -c 64 "$file" 2>/dev/null | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9-' | cut -c1-63)
case $name in
    ''|-*)
        name=fbdisplay-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
        # write, fsync, rename, fsync the directory: a power cut leaves the old name or the new one
        if printf '%s\n' "$name" > "$file.tmp" && sync "$file.tmp" && mv -f "$file.tmp" "$file" && sync /data; then
            echo "fbdisplay-hostname: this device is called $name (kept in $file)"
        else
            echo "fbdisplay-hostname: cannot keep the name in $file: $name for this boot only"
        fi
        ;;
esac
# The kernel's host name directly: the image has no hostname(1), and hostnamectl would only set a transient name.
printf '%s' "$name" > /proc/sys/kernel/hostname && echo "fbdisplay-hostname: host name $name"
