#!/bin/sh
# Builds and runs abi-probe.c for this host (or for CC's target, e.g. CC=arm-linux-gnueabihf-gcc, run under qemu-user).
# Usage: abi-probe.sh [output-directory]   Prints "name value" lines.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
${CC:-cc} -std=c11 -Wall -Werror -o "$out/abi-probe" "$here/abi-probe.c"
exec "$out/abi-probe"
