# The file, descriptor and machine-call samples of issue 5 (samples/files/).
# Compared with the native run on this machine, whose kernel answers the
# same i386 calls through its 32-bit gate:
foreach(g stat dirent fcntl rw names)
  compare_test(files_${g} -- ${S}/files-${g} @TMP@)
endforeach()
foreach(g tty poll ids times)
  compare_test(files_${g} -- ${S}/files-${g})
endforeach()

# What the host cannot show, against expected output citing the kernel
# sources (expect.sh): the guest machine's memory in sysinfo, where an i386
# kernel answers otherwise than the x86-64 kernel's 32-bit gate, and older
# kernels' answers.
set(FILESDATA ${CMAKE_CURRENT_SOURCE_DIR}/data/files)
function(files_expect name expected)
  add_test(NAME ${name} COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/expect.sh ${RELIC}
           ${FILESDATA}/${expected} ${ARGN})
  set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
endfunction()
files_expect(files_sysinfo_64M sysinfo-64M.expected --relic-opt --mem --relic-opt 64M
             -- ${S}/files-sysinfo)
files_expect(files_sysinfo_4G sysinfo-4G.expected --relic-opt --mem --relic-opt 4G
             -- ${S}/files-sysinfo)
files_expect(files_i386_kernel i386only.expected -- ${S}/files-i386only)
foreach(k 2.2.26 2.4.20 2.6.16)
  string(REPLACE "." "_" kname ${k})
  files_expect(files_old_era_${kname} old-era-${k}.expected --relic-opt --kernel
               --relic-opt ${k} --relic-opt --mem --relic-opt 64M -- ${S}/old-files-era)
endforeach()
add_test(NAME files_old_era_modern_vs_native COMMAND bash
         ${CMAKE_CURRENT_SOURCE_DIR}/native_compare.sh ${RELIC} 6.18 "^sysinfo"
         ${S}/old-files-era)
set_tests_properties(files_old_era_modern_vs_native PROPERTIES SKIP_RETURN_CODE 77)
