# --trace-pages (syscalls/trace_pages.c): the page events of
# samples/trace/pages.c, alone, in JSON and between its --trace=%memory
# lines, against what the kernel's memory semantics say each step does
# (there is no native equivalent; trace_pages.sh names the kernel paths).
trace_test(trace_pages_events trace_pages.sh ${S}/trace-pages)
