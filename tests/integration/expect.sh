#!/usr/bin/env bash
# Runs a guest under relic only and compares its standard output and exit
# status with an expected file, for what the host kernel cannot show (the
# guest's own huge page pool, memory pressure, memory-failure handling).
# Lines of the expected file that start with '#' cite where the expectation
# comes from and are skipped; its last line is "status: N".
#
# expect.sh RELIC EXPECTED [--stderr REGEX] [--as-nobody] [--relic-opt OPT]...
#           -- PROGRAM [ARGS...]
# --stderr: relic's standard error must match REGEX (grep -E), whole.
# --as-nobody: run as uid/gid 65534 (skipped, 77, without setpriv or root).
set -u
relic=$1
expected=$2
shift 2
stderr_re=
nobody=0
relic_opts=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
  --stderr) stderr_re=$2; shift 2 ;;
  --as-nobody) nobody=1; shift ;;
  --relic-opt) relic_opts+=("$2"); shift 2 ;;
  *) echo "expect.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
shift
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

prefix=()
if [ $nobody = 1 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "skipped: running as nobody needs root and setpriv"
    exit 77
  fi
  prefix=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi
(cd "$work" && "${prefix[@]}" "$relic" "${relic_opts[@]}" "$@" >"$work/out" 2>"$work/err")
echo "status: $?" >>"$work/out"
grep -v '^#' "$expected" >"$work/want"

status=0
if ! cmp -s "$work/want" "$work/out"; then
  echo "MISMATCH with $expected for: $*"
  diff "$work/want" "$work/out" | head -40
  status=1
fi
if [ -n "$stderr_re" ] && ! grep -Eqx "$stderr_re" "$work/err"; then
  echo "MISMATCH in stderr: wanted /$stderr_re/, got:"
  head -5 "$work/err"
  status=1
fi
[ $status = 0 ] && echo "as expected: $*"
exit $status
