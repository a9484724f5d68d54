# The memory samples of issue 3 (samples/memory/).
# Compared with the native run on this machine (the host kernel is the truth
# for a modern kernel):
foreach(g mmap madvise lock fork smaps)
  compare_test(mem_${g} -- ${S}/mem-${g} @TMP@)
endforeach()
compare_test(mem_mlockall_protnone -- ${S}/mem-mlockall @TMP@ 0)
compare_test(mem_mlockall_past_eof -- ${S}/mem-mlockall @TMP@ 1)
foreach(g mremap numa)
  compare_test(mem_${g} -- ${S}/mem-${g})
endforeach()

# What the host cannot show, against expected output written from the man
# pages and kernel documentation cited in each file (expect.sh):
set(EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/expect.sh)
set(MEMDATA ${CMAKE_CURRENT_SOURCE_DIR}/data/memory)
function(expect_test name expected)
  add_test(NAME ${name} COMMAND bash ${EXPECT} ${RELIC} ${MEMDATA}/${expected} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()
expect_test(mem_expect_pool pool.expected --relic-opt --hugepages --relic-opt 3
            -- ${S}/mem-pool)
expect_test(mem_expect_pressure pressure.expected --relic-opt --mem --relic-opt 16M
            -- ${S}/mem-pressure)
expect_test(mem_expect_oom oom.expected --relic-opt --mem --relic-opt 16M
            --stderr "relic: out of memory: guest killed at pc 0x[0-9a-f]{8}"
            -- ${S}/mem-pressure oom)
expect_test(mem_expect_hwpoison hwpoison.expected -- ${S}/mem-hwpoison)
expect_test(mem_expect_hwpoison_nobody hwpoison-nobody.expected --as-nobody
            -- ${S}/mem-hwpoison)
