#!/usr/bin/env bash
# build-appliance.sh [--app DIR] [OUTPUT_DIR]: the x86-64 appliance image the appliance tests boot
# (tests/FbDisplay.Vm.Tests, Appliance*): a linux-x64 install bundle of this checkout, installed by
# image/sd/build-sd-image.sh --arch amd64 with the test overlay image/vm/appliance-test. --app DIR takes the app from
# DIR (a linux-x64 NativeAOT publish: the tests pass their cached one); without it the app is published here
# (minutes in the AOT compiler). The Debian root comes from ~/.cache/fbdisplay/image/amd64 when its package list is
# unchanged (cold: mmdebstrap downloads about 250 MB); the app is installed into it on every build. Needs root.
# Writes OUTPUT_DIR/appliance.img (+ .vmlinuz, .initrd, .cmdline); default image/vm/build/appliance.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
app=""
if [ "${1:-}" = "--app" ]; then
    app=$(cd "$2" && pwd)
    shift 2
fi
out=${1:-$here/build/appliance}
mkdir -p "$out"
out=$(cd "$out" && pwd)
start=$(date +%s)
# The image's tools, and the host tools the appliance tests use (ssh, sqlite3 for history.db after a power cut).
for pkg in mmdebstrap dosfstools mtools fdisk e2fsprogs qemu-system-x86 qemu-utils openssh-client sqlite3; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ -n "${missing[*]:-}" ]; then
    echo "build-appliance: apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
bundle=$out/bundle
rm -rf "$bundle"
mkdir -p "$bundle"
if [ -n "$app" ]; then
    [ -x "$app/fbdisplay" ] || { echo "build-appliance: $app has no fbdisplay" >&2; exit 1; }
    cp -a "$app" "$bundle/app"
else
    dotnet publish "$repo/src/FbDisplay.App/FbDisplay.App.csproj" -c Release -r linux-x64 --self-contained \
        -o "$bundle/app" --disable-build-servers -nologo -v q >/dev/null
fi
cp "$repo"/image/pi/{install.sh,fbdisplay.service,fbdisplay-guard.sh,fbdisplay-polkit.rules,fbdisplay-udev.rules,README.md} "$bundle/"
chmod +x "$bundle/install.sh" "$bundle/fbdisplay-guard.sh"
echo linux-x64 > "$bundle/ARCH"
echo "0.0.0-appliance-test" > "$bundle/VERSION"
echo "build-appliance: bundle published after $(( $(date +%s) - start )) s"
"$repo/image/sd/build-sd-image.sh" "$bundle" "$out/appliance.img" --arch amd64 --overlay "$here/appliance-test"
rm -rf "$bundle"
echo "build-appliance: $out/appliance.img ready after $(( $(date +%s) - start )) s"
