#!/bin/sh
# fbdisplay-guard.sh [ROOT]: systemd's ExecStartPre for fbdisplay.service (ROOT defaults to /opt/fbdisplay).
#
# After an update switched ROOT/current to a new release, ROOT/update-pending records the trial
# (from=, to=, switched=<unix seconds>, starts=, guard_starts=). The app itself rolls back a release that restarts
# in a loop, but only once its .NET code runs; this guard covers a release so broken that it never gets that far
# (missing or corrupt binary, runtime crash before Main). Every start it counts guard_starts; past MAX_STARTS, or
# past DEADLINE seconds after the switch, it points current back at the previous release, writes the reason to
# ROOT/update-message (the old version shows it) and removes update-pending. It never fails the start itself.
# Plain POSIX sh + coreutils or busybox: it must work when the new release does not.
root=${1:-/opt/fbdisplay}
max=${FBD_GUARD_MAX_STARTS:-5}
deadline=${FBD_GUARD_DEADLINE_SECONDS:-600}
pending="$root/update-pending"
[ -f "$pending" ] || exit 0

value() { sed -n "s/^$1=//p" "$pending" | head -n 1; }
from=$(value from)
to=$(value to)
switched=$(value switched)
starts=$(value starts)
guard_starts=$(value guard_starts)
case "$switched$guard_starts$starts" in *[!0-9]*) echo "fbdisplay-guard: $pending is damaged; ignored" >&2; exit 0 ;; esac
current=$(readlink "$root/current" || true)
current=${current##*/}
if [ -z "$to" ] || [ "$current" != "$to" ]; then
    rm -f "$pending"   # the switch never happened, or was undone
    exit 0
fi

guard_starts=$(( ${guard_starts:-0} + 1 ))
now=$(date +%s)
reason=""
if [ "$guard_starts" -gt "$max" ]; then
    reason="it did not come up in $max starts"
elif [ $(( now - ${switched:-0} )) -gt "$deadline" ]; then
    reason="it was not healthy within $(( deadline / 60 )) minutes"
fi

if [ -z "$reason" ]; then
    printf 'from=%s\nto=%s\nswitched=%s\nstarts=%s\nguard_starts=%s\n' "$from" "$to" "$switched" "${starts:-0}" "$guard_starts" > "$pending.tmp"
    mv -f "$pending.tmp" "$pending"
    exit 0
fi

if [ -n "$from" ] && [ -d "$root/releases/$from" ]; then
    ln -sfn "releases/$from" "$root/current.new"
    mv -f -T "$root/current.new" "$root/current"
    message="Update to $to failed ($reason); rolled back to $from."
else
    message="Update to $to failed ($reason), and $from is no longer installed: cannot roll back."
fi
printf '%s\n' "$message" > "$root/update-message.tmp"
mv -f "$root/update-message.tmp" "$root/update-message"
rm -f "$pending"
sync
echo "fbdisplay-guard: $message"
exit 0
