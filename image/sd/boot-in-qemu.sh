#!/usr/bin/env bash
# boot-in-qemu.sh IMAGE [SECONDS]: boots an SD image from build-sd-image.sh in QEMU's Raspberry Pi 3B model
# (qemu-system-aarch64 -M raspi3b, software emulation) with the serial console on stdout and in IMAGE.boot.log, and
# stops when systemd has started fbdisplay.service, or it failed (no /dev/fb0 in QEMU), or after SECONDS (default 900). The image is not changed: QEMU
# runs on a sparse copy padded to a power of two (QEMU's SD card model wants that).
# QEMU has no VideoCore firmware: kernel, initrd and DTB are taken from the firmware partition (mtools) and given
# directly, with the command line from cmdline.txt but the console on the mini UART (ttyS1, QEMU's second serial).
# There is no DSI panel and no simple framebuffer in QEMU, so the app itself finds no /dev/fb0 there.
set -euo pipefail
image=$(readlink -f "$1")
seconds=${2:-900}
work=$(mktemp -d "${TMPDIR:-/var/tmp}/fbd-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
off=$(( $(sfdisk --json "$image" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][0]["start"])') * 512 ))
fat="$image@@$off"
kernel=$(mdir -b -i "$fat" ::/ | sed -n 's|^::/\(vmlinuz-.*\)|\1|p' | head -n 1)
initrd=$(mdir -b -i "$fat" ::/ | sed -n 's|^::/\(initrd.img-.*\)|\1|p' | head -n 1)
for f in "$kernel" "$initrd" bcm2837-rpi-3-b.dtb cmdline.txt; do mcopy -n -i "$fat" "::/$f" "$work/$f"; done
cmdline=$(tr -d '\n' < "$work/cmdline.txt" | sed -e 's/console=[^ ]*//g' -e 's/ quiet//')
size=$(stat -c %s "$image"); pow=$(( 1 << 20 )); while [ "$pow" -lt "$size" ]; do pow=$(( pow * 2 )); done
cp --sparse=always "$image" "$work/sd.img"; truncate -s "$pow" "$work/sd.img"
log="$image.boot.log"
echo "boot-in-qemu: kernel $kernel, cmdline: console=ttyS1,115200 $cmdline" | tee "$log"
start=$(date +%s.%N)
qemu-system-aarch64 -M raspi3b -m 1G -accel tcg -nographic -monitor none \
    -kernel "$work/$kernel" -initrd "$work/$initrd" -dtb "$work/bcm2837-rpi-3-b.dtb" \
    -append "console=ttyS1,115200 $cmdline systemd.show_status=1 systemd.journald.forward_to_console=1" \
    -drive "if=sd,format=raw,file=$work/sd.img" \
    -serial null -serial stdio > >(tee -a "$log") 2>&1 &
qemu=$!
result=timeout starting_at=""
now() { echo "$(date +%s.%N) - $start" | bc; }
while kill -0 "$qemu" 2>/dev/null; do
    if [ -z "$starting_at" ] && grep -q "Starting fbdisplay.service\|Starting FbDisplay battery display" "$log"; then
        starting_at=$(now); result=starting
        echo "boot-in-qemu: systemd starts fbdisplay after ${starting_at%.*} s" | tee -a "$log"
    fi
    if grep -q "Started fbdisplay.service\|Started FbDisplay battery display" "$log"; then result=started; break; fi
    if grep -q "Failed to start FbDisplay\|fbdisplay.service: Main process exited\|fbdisplay.service: Failed" "$log"; then result=app-failed; break; fi
    if [ "$(echo "$(now) > $seconds" | bc)" = 1 ]; then break; fi
    sleep 1
done
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
sleep 10   # a few more lines (the app's first log lines or its failure)
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true
echo "boot-in-qemu: $result after ${elapsed%.*} s (log: $log)" | tee -a "$log"
[ "$result" != timeout ]
