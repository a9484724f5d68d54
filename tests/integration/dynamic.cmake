# Dynamically linked programs: relic -L SYSROOT against the same program run
# natively with the same sysroot's loader and libraries (dynamic_compare.sh
# says how the native run avoids the host's own i386 libc). The Debian
# bookworm sysroot comes from scripts/sysroot.sh (called by scripts/deps.sh);
# without it, or without the shared corpus, a test says "skipped".
set(DYN_COMPARE ${CMAKE_CURRENT_SOURCE_DIR}/dynamic_compare.sh)
set(SYSROOT_I386 ${CMAKE_SOURCE_DIR}/.deps/sysroot-i386)
set(DD ${DATA}/dynamic)

# dynamic_test(NAME SYSROOT KIND [--stdin FILE] [-E VAR=VALUE]... -- PROGRAM ARGS...)
# A ';' inside an argument is written $<SEMICOLON>: CMake would split there.
function(dynamic_test name sysroot kind)
  add_test(NAME ${name} COMMAND bash ${DYN_COMPARE} ${RELIC} ${sysroot} ${kind} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()

# The lookup rules themselves (no sysroot needed: a tree made by the test).
add_test(NAME dynamic_sysroot_rules COMMAND bash
  ${CMAKE_CURRENT_SOURCE_DIR}/sysroot_rules.sh ${RELIC} ${BB})
set_tests_properties(dynamic_sysroot_rules PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)

# The auxiliary vector a dynamic program gets (AT_PHDR, AT_ENTRY, AT_BASE)
# as its loader sees it, PIE and not, on the host's multilib libc (no -L):
# against the native run, on the default kernel and on 4.9, whose PIE and
# loader bases differ (the sample prints only yes/no).
foreach(v pie nopie)
  compare_test(dynamic_auxv_${v} --need /lib/ld-linux.so.2 -- ${S}/dyn-auxv-${v})
  compare_test(dynamic_auxv_${v}_kernel_4_9 --need /lib/ld-linux.so.2
    --relic-opt --kernel --relic-opt 4.9 -- ${S}/dyn-auxv-${v})
  compare_test(dynamic_auxv_${v}_by_ldso --need /lib/ld-linux.so.2 --
    /lib/ld-linux.so.2 ${S}/dyn-auxv-${v})
endforeach()

# Debian bookworm's programs, each with its own libraries (all PIE).
set(B ${SYSROOT_I386}/bin)
set(UB ${SYSROOT_I386}/usr/bin)
# dash -c with builtins only, then a pipeline of external commands (each
# stage a fork and an execve; under relic the sysroot's i386 programs, run
# with -L handed on to the re-executed relic; natively the host's own).
dynamic_test(dynamic_dash_builtins ${SYSROOT_I386} glibc -- ${B}/dash -c
  "x=6$<SEMICOLON> y=7$<SEMICOLON> echo \"product \$((x * y)) \$((1 << 20))\"$<SEMICOLON> \
for w in alpha beta gamma$<SEMICOLON> do printf '%s:%d\\n' \$w \${#w}$<SEMICOLON> done$<SEMICOLON> \
set -- a 'b c' d$<SEMICOLON> echo \"\$# args, second '\$2'\"$<SEMICOLON> \
case words.txt in *.txt) echo text $<SEMICOLON>$<SEMICOLON> *) echo other $<SEMICOLON>$<SEMICOLON> esac$<SEMICOLON> \
while read -r name n colour$<SEMICOLON> do echo \"\$colour/\$name=\$n\"$<SEMICOLON> done < ${DD}/words.txt$<SEMICOLON> \
test -d / && echo 'root is a directory'$<SEMICOLON> cd ${DD}/tree && pwd$<SEMICOLON> umask$<SEMICOLON> \
type echo$<SEMICOLON> echo \"\${UNSET:-default} \${#PWD}\"$<SEMICOLON> exit 3")
# Which libc the program runs on: the one both runs load, the sysroot's
# (not the host's /lib32 one), as /proc/self/maps names it.
dynamic_test(dynamic_dash_maps_libc ${SYSROOT_I386} glibc -- ${B}/dash -c
  "while read -r range perms offset dev inode path
do case $path in */libc.so.6) echo \"$perms $path\" $<SEMICOLON>$<SEMICOLON> esac
done < /proc/self/maps")
dynamic_test(dynamic_dash_pipeline ${SYSROOT_I386} glibc -- ${B}/dash ${DD}/pipeline.sh)
dynamic_test(dynamic_dash_syntax_error ${SYSROOT_I386} glibc -- ${B}/dash -c "if then fi")
dynamic_test(dynamic_ls_la ${SYSROOT_I386} glibc -- ${B}/ls -la ${DD}/tree)
dynamic_test(dynamic_ls_recursive ${SYSROOT_I386} glibc -- ${B}/ls -lRi --full-time ${DD}/tree)
dynamic_test(dynamic_ls_missing ${SYSROOT_I386} glibc -- ${B}/ls ${DD}/no-such-file)
dynamic_test(dynamic_sort ${SYSROOT_I386} glibc -- ${UB}/sort ${DD}/words.txt)
dynamic_test(dynamic_sort_numeric ${SYSROOT_I386} glibc -- ${UB}/sort -k2,2nr -k1,1f ${DD}/words.txt)
dynamic_test(dynamic_sort_unique_fold ${SYSROOT_I386} glibc -- ${UB}/sort -u -f ${DD}/words.txt)
dynamic_test(dynamic_sort_stdin ${SYSROOT_I386} glibc --stdin ${DD}/table.txt -- ${UB}/sort -t " " -k4,4g)
dynamic_test(dynamic_sha256sum ${SYSROOT_I386} glibc -- ${UB}/sha256sum ${DD}/words.txt ${DD}/table.txt)
dynamic_test(dynamic_sha256sum_check ${SYSROOT_I386} glibc --stdin ${DD}/words.txt -- ${UB}/sha256sum -)
# gzip's stream, byte for byte (with the file's name and time in its header).
dynamic_test(dynamic_gzip_c ${SYSROOT_I386} glibc -- ${B}/gzip -c -9 ${DD}/words.txt)
dynamic_test(dynamic_gzip_stdin ${SYSROOT_I386} glibc --stdin ${DD}/table.txt -- ${B}/gzip -c -1)
dynamic_test(dynamic_gzip_d ${SYSROOT_I386} glibc -- ${B}/gzip -d -c ${DD}/words.txt.gz)
dynamic_test(dynamic_gzip_list ${SYSROOT_I386} glibc -- ${B}/gzip -l -v ${DD}/words.txt.gz)
dynamic_test(dynamic_gzip_corrupt ${SYSROOT_I386} glibc -- ${B}/gzip -t ${DD}/words.txt)
dynamic_test(dynamic_sed ${SYSROOT_I386} glibc -- ${B}/sed -n "s/\\([a-z]*\\)an/<\\1>/gp" ${DD}/words.txt)
dynamic_test(dynamic_sed_extended ${SYSROOT_I386} glibc -- ${B}/sed -E
  "s/[[:digit:]]+/#/g$<SEMICOLON> /^[[:upper:]]/d$<SEMICOLON> 1~2s/(#) ([a-z-]+)/\\2 \\1/" ${DD}/words.txt)
dynamic_test(dynamic_sed_script ${SYSROOT_I386} glibc -- ${B}/sed -e "/^#/d" -e "\$!N$<SEMICOLON> s/\\n/ + /" ${DD}/table.txt)
dynamic_test(dynamic_grep ${SYSROOT_I386} glibc -- ${B}/grep -n an ${DD}/words.txt)
dynamic_test(dynamic_grep_extended ${SYSROOT_I386} glibc -- ${B}/grep -E
  "^[[:upper:]][[:alpha:]]+ [0-9]{2,} [a-z]+$" ${DD}/words.txt)
dynamic_test(dynamic_grep_count_invert ${SYSROOT_I386} glibc -- ${B}/grep -c -i -v "^[a-d]" ${DD}/words.txt)
dynamic_test(dynamic_grep_only_matching ${SYSROOT_I386} glibc -- ${B}/grep -o -w "[[:digit:]]\\+" ${DD}/table.txt)
dynamic_test(dynamic_grep_perl ${SYSROOT_I386} glibc -- ${B}/grep -P "(?<=[a-z] )\\d{2}\\b" ${DD}/words.txt)
dynamic_test(dynamic_grep_no_match ${SYSROOT_I386} glibc -- ${B}/grep -q zebra ${DD}/words.txt)
dynamic_test(dynamic_gawk ${SYSROOT_I386} glibc -- ${UB}/gawk
  "!/^#/ { q[\$2] += \$3$<SEMICOLON> v[\$2] += \$3 * \$4 } END { PROCINFO[\"sorted_in\"] = \"@ind_str_asc\"$<SEMICOLON> \
for (k in q) printf \"%-7s %3d %8.3f %s\\n\", k, q[k], v[k], gensub(/(.)(.*)/, \"\\\\2\\\\1\", 1, k) }"
  ${DD}/table.txt)
dynamic_test(dynamic_gawk_bignum ${SYSROOT_I386} glibc -- ${UB}/gawk -M "BEGIN { print 2^100, 7^77 % 1000003 }")
dynamic_test(dynamic_gawk_math ${SYSROOT_I386} glibc -- ${UB}/gawk
  "BEGIN { printf \"%.10f %.6e %d %s\\n\", atan2(0, -1), exp(10), int(-3.9), toupper(sprintf(\"%x\", 48879)) }")
dynamic_test(dynamic_mawk ${SYSROOT_I386} glibc -- ${UB}/mawk
  "{ a[NR] = \$0$<SEMICOLON> n += split(\$0, f, / +/) } END { for (i = NR$<SEMICOLON> i > 0$<SEMICOLON> i--) print i \": \" a[i]$<SEMICOLON> \
printf \"%d fields, %.4f\\n\", n, 22 / 7$<SEMICOLON> print substr(\"relic emulator\", 7), length(a) }" ${DD}/words.txt)
dynamic_test(dynamic_mawk_regex ${SYSROOT_I386} glibc -- ${UB}/mawk
  "\$1 ~ /^[A-Z][a-z]+$/ && \$2 + 0 > 10 { gsub(/[aeiou]/, \"_\", \$1)$<SEMICOLON> print \$1, \$2 * 2 }" ${DD}/words.txt)
# The interpreter run as a program, as `ld.so PROGRAM` (the same command
# natively, so plain compare.sh): it maps the program itself.
compare_test(dynamic_ldso_runs_program --need ${SYSROOT_I386}/lib/ld-linux.so.2
  --relic-opt -L --relic-opt ${SYSROOT_I386} --
  ${SYSROOT_I386}/lib/ld-linux.so.2 --inhibit-cache
  --library-path ${SYSROOT_I386}/lib/i386-linux-gnu:${SYSROOT_I386}/usr/lib/i386-linux-gnu
  ${B}/echo run by the loader)
compare_test(dynamic_ldso_verify --need ${SYSROOT_I386}/lib/ld-linux.so.2
  --relic-opt -L --relic-opt ${SYSROOT_I386} --
  ${SYSROOT_I386}/lib/ld-linux.so.2 --verify ${B}/ls)

# The corpus's dynamic programs (ABI 2.0.0 to 2.6.32) on bookworm's glibc,
# on the EGLIBC 2.19 the corpus carries (its loader searches /lib32 before
# /lib, so LD_LIBRARY_PATH=/lib as in the corpus README), on musl and uClibc.
set(CORPUS_GLIBC_CASES
  "helloworld_gcc|helloworld-gcc|"
  "ioli_crackme0x00_wrong|ioli-crackme0x00|crackme-wrong.txt"
  "ioli_crackme0x00_right|ioli-crackme0x00|crackme-right.txt"
  "cmu_binary_bomb_defused|cmu-binary-bomb|bomb-defuse.txt"
  "cmu_binary_bomb_boom|cmu-binary-bomb|bomb-wrong.txt"
  "coreutils_8_13_true|coreutils-8.13-true|"
  "testfile_rh70|testfile-rh70|")
foreach(case ${CORPUS_GLIBC_CASES})
  string(REPLACE "|" ";" parts "${case}")
  list(GET parts 0 name)
  list(GET parts 1 bin)
  list(GET parts 2 input)
  set(in_opt)
  if(input)
    set(in_opt --stdin ${DD}/${input})
  endif()
  dynamic_test(dynamic_corpus_${name} ${SYSROOT_I386} glibc ${in_opt} -- ${CORPUS}/${bin})
  dynamic_test(dynamic_corpus_${name}_eglibc_2_19 ${CORPUS}/sysroot-eglibc-2.19 glibc
    ${in_opt} -E LD_LIBRARY_PATH=/lib -- ${CORPUS}/${bin})
endforeach()
dynamic_test(dynamic_corpus_coreutils_8_13_true_version ${SYSROOT_I386} glibc --
  ${CORPUS}/coreutils-8.13-true --version)
dynamic_test(dynamic_corpus_musl_hello ${CORPUS}/sysroot-musl musl -- ${CORPUS}/musl-hello)
dynamic_test(dynamic_corpus_uclibc_hello ${CORPUS}/sysroot-uclibc chroot -- ${CORPUS}/uclibc-hello)
