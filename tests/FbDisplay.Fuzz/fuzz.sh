#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser with Debian's afl++ and SharpFuzz (tests/FbDisplay.Fuzz/README.md).
#   tests/FbDisplay.Fuzz/fuzz.sh TARGET SECONDS [OUTPUT]
# TARGET: udp | can | evdev | status-json | update-manifest | settings. Starts from corpus/TARGET (kept in the repository) and
# writes afl's findings to OUTPUT (default artifacts/fuzz/TARGET). Prints one line of figures and exits 1 when afl
# saved a crash or a hang; each one is an input file under OUTPUT/default/crashes or hangs, to become a unit test.
set -euo pipefail
target=${1:?target}; seconds=${2:?seconds}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${3:-$root/artifacts/fuzz/$target}
bin=$root/artifacts/fuzz/bin

if ! command -v afl-fuzz >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++ >/dev/null
fi

# Published once per source state and instrumented in place (never the normal build output).
stamp=$(cd "$root" && find src tests/FbDisplay.Fuzz Directory.Packages.props Directory.Build.props \( -name bin -o -name obj -o -name corpus \) -prune \
    -o -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print | sort | xargs sha256sum | sha256sum | cut -c1-16)
if [ ! -f "$bin/.instrumented-$stamp" ]; then
    rm -rf "$bin"
    dotnet publish "$root/tests/FbDisplay.Fuzz/FbDisplay.Fuzz.csproj" -c Release -o "$bin" --nologo -v q >/dev/null
    (cd "$root" && dotnet tool restore >/dev/null)
    for dll in FbDisplay.Core.dll FbDisplay.Linux.dll FbDisplay.Services.dll FbDisplay.Settings.dll; do
        (cd "$root" && dotnet sharpfuzz "$bin/$dll" >/dev/null)
    done
    touch "$bin/.instrumented-$stamp"
fi

# afl++'s checks that do not apply here: no CPU frequency governor in a container, core dumps piped elsewhere, and a
# .NET program, which afl cannot see is instrumented (SharpFuzz's shim speaks afl's protocol).
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000 DOTNET_TieredPGO=0 AFL_OLD_FORKSERVER=1
rm -rf "$out"
mkdir -p "$out"
afl-fuzz -i "$root/tests/FbDisplay.Fuzz/corpus/$target" -o "$out" -t 10000 -m none -V "$seconds" \
    -- dotnet "$bin/FbDisplay.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 || { tail -20 "$out/afl.log"; exit 2; }

stats=$out/default/fuzzer_stats
get() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=$(get saved_crashes); hangs=$(get saved_hangs)
echo "fuzz $target: $(get execs_done) executions in $(get run_time) s ($(get execs_per_sec)/s), corpus $(get corpus_count), crashes $crashes, hangs $hangs"
[ "$crashes" = 0 ] && [ "$hangs" = 0 ]
