#!/usr/bin/env bash
# relic's command line as qemu-user users expect it: -E/-U/-0, their RELIC_*
# twins, --help and --version. Compared against the native run of the same
# guest with the environment or argv[0] set by other means.
set -u
relic=$1 s=$2
fail=0
check() { # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    echo "ok: $1"
  else
    echo "FAIL: $1"
    diff <(echo "$2") <(echo "$3") | head -20
    fail=1
  fi
}
var() { grep '^RELIC_TEST_VAR=' ; }

check "-E sets a guest variable" "RELIC_TEST_VAR=e-value" \
  "$(env -u RELIC_TEST_VAR "$relic" -E RELIC_TEST_VAR=e-value "$s/args" | var)"
check "RELIC_SET_ENV sets guest variables" "RELIC_TEST_VAR=twin" \
  "$(env -u RELIC_TEST_VAR RELIC_SET_ENV=OTHER=1,RELIC_TEST_VAR=twin "$relic" "$s/args" | var)"
check "-U removes a guest variable" "RELIC_TEST_VAR=(unset)" \
  "$(RELIC_TEST_VAR=x "$relic" -U RELIC_TEST_VAR "$s/args" | var)"
check "RELIC_UNSET_ENV removes guest variables" "RELIC_TEST_VAR=(unset)" \
  "$(RELIC_TEST_VAR=x RELIC_UNSET_ENV=RELIC_TEST_VAR "$relic" "$s/args" | var)"
check "-0 sets argv[0]" "argv[0]=renamed" \
  "$("$relic" -0 renamed "$s/args" | grep '^argv\[0\]')"
check "RELIC_ARGV0 sets argv[0]" "argv[0]=twin0" \
  "$(RELIC_ARGV0=twin0 "$relic" "$s/args" | grep '^argv\[0\]')"
check "guest options after PROGRAM stay the guest's" "argv[1]=-E" \
  "$("$relic" "$s/args" -E x | grep '^argv\[1\]')"
check "--mem small enough still runs" "Hello from an i386 guest!" \
  "$("$relic" --mem 64M "$s/hello")"
help=$("$relic" --help)
check "--hugepages fills the guest's pool" "start: total 2 free 2 rsvd 0 surp 0" \
  "$("$relic" --hugepages 2 "$s/mem-pool" | head -n1)"
check "RELIC_HUGEPAGES fills the guest's pool" "start: total 1 free 1 rsvd 0 surp 0" \
  "$(RELIC_HUGEPAGES=1 "$relic" "$s/mem-pool" | head -n1)"
check "bad --hugepages is one line, status 125" "1 125" \
  "$(echo $("$relic" --hugepages x "$s/hello" 2>&1 | wc -l) $("$relic" --hugepages x "$s/hello" >/dev/null 2>&1; echo $?))"
check "more huge pages than RAM is one line, status 125" "1 125" \
  "$(echo $("$relic" --mem 8M --hugepages 3 "$s/hello" 2>&1 | wc -l) $("$relic" --mem 8M --hugepages 3 "$s/hello" >/dev/null 2>&1; echo $?))"
for twin in RELIC_SET_ENV RELIC_UNSET_ENV RELIC_ARGV0 RELIC_MEM RELIC_HUGEPAGES RELIC_DEBUG; do
  check "--help names $twin" yes "$(grep -q "$twin" <<<"$help" && echo yes)"
done
check "--version" yes "$("$relic" --version | grep -qE '^relic [0-9]+\.[0-9]+' && echo yes)"
check "bad --mem is one line, status 125" "1 125" \
  "$(echo $("$relic" --mem lots "$s/hello" 2>&1 | wc -l) $("$relic" --mem lots "$s/hello" >/dev/null 2>&1; echo $?))"
check "RELIC_DEBUG reports an unimplemented call once" yes \
  "$(RELIC_DEBUG=1 "$relic" "$s/hello" 2>&1 >/dev/null | grep -q 'not implemented by relic' && echo yes)"
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
