# Kernel personalities: the old-ABI samples (samples/oldabi) under chosen
# kernels, against expected output citing the era's sources (expect.sh),
# the native run where this machine's kernel is the truth, and two relic
# processes sharing one alloc_hugepages() key.
set(PERSDATA ${CMAKE_CURRENT_SOURCE_DIR}/data/personality)
set(OLD ${CMAKE_BINARY_DIR}/samples)
function(pers_expect name expected)
  add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/expect.sh ${RELIC}
           ${PERSDATA}/${expected} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77)
endfunction()
pers_expect(pers_hugepages_2_5_53 hugepages-2.5.53.expected --relic-opt --kernel
  --relic-opt 2.5.53 --relic-opt --hugepages --relic-opt 16 --relic-opt --machine
  --relic-opt ctest-2553 -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_2_5_36 hugepages-2.5.36.expected --relic-opt --kernel
  --relic-opt 2.5.36 --relic-opt --machine --relic-opt ctest-2536 -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_2_4_20 hugepages-2.4.20.expected --relic-opt --kernel
  --relic-opt 2.4.20 --relic-opt --machine --relic-opt ctest-2420 -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_2_5_54 hugepages-2.5.54.expected --relic-opt --kernel
  --relic-opt 2.5.54 --relic-opt --hugepages --relic-opt 2 --relic-opt --machine
  --relic-opt ctest-2554 -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_no_pse hugepages-nopse.expected --relic-opt --kernel
  --relic-opt 2.5.53 --relic-opt --cpu --relic-opt i486 --relic-opt --hugepages
  --relic-opt 4 --relic-opt --machine --relic-opt ctest-nopse -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_no_hugetlb hugepages-nohugetlb.expected --relic-opt --kernel
  --relic-opt 2.5.53 --relic-opt --no-hugetlb --relic-opt --machine
  --relic-opt ctest-nohtlb -- ${OLD}/old-hugepages)
pers_expect(pers_hugepages_nobody hugepages-nobody.expected --as-nobody --relic-opt
  --kernel --relic-opt 2.5.53 --relic-opt --hugepages --relic-opt 4 --relic-opt
  --machine --relic-opt ctest-nobody -- ${OLD}/old-hugepages)
pers_expect(pers_layout_2_4_20 layout-2.4.20.expected --relic-opt --kernel
  --relic-opt 2.4.20 -- ${OLD}/old-layout)
pers_expect(pers_layout_2_6_32 layout-2.6.32.expected --relic-opt --kernel
  --relic-opt 2.6.32 -- ${OLD}/old-layout)
set(NATIVE_COMPARE bash ${CMAKE_CURRENT_SOURCE_DIR}/native_compare.sh ${RELIC})
add_test(NAME pers_hugepages_modern_vs_native COMMAND ${NATIVE_COMPARE} 6.18 "^pool"
         ${OLD}/old-hugepages)
add_test(NAME pers_flags_modern_vs_native COMMAND ${NATIVE_COMPARE} 6.18 "^$"
         ${OLD}/old-flags)
set_tests_properties(pers_flags_modern_vs_native PROPERTIES SKIP_RETURN_CODE 77)
foreach(k 2.4.20 2.6.11 2.6.31 4.3)
  string(REPLACE "." "_" kname ${k})
  pers_expect(pers_flags_${kname} flags-${k}.expected --relic-opt --kernel --relic-opt ${k}
    -- ${OLD}/old-flags)
endforeach()
add_test(NAME pers_hugepages_two_processes COMMAND bash
         ${CMAKE_CURRENT_SOURCE_DIR}/hugepages_share.sh ${RELIC} ${OLD}/old-hugepages)
set_tests_properties(pers_hugepages_modern_vs_native PROPERTIES SKIP_RETURN_CODE 77)
pers_expect(pers_modern_libc_on_2_4 modern-libc-2.4.20.expected --stderr
  "relic: the program called set_thread_area \\(243\\), which Linux 2.4.20 does not have: .*"
  --relic-opt --kernel --relic-opt 2.4.20 -- ${OLD}/hello)
