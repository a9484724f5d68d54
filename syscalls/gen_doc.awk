# Turns a kernel-history TSV (nr, name, first, last, notes) into a Markdown
# page: awk -v arch=i386 -f syscalls/gen_doc.awk syscalls/data/i386-syscalls.tsv
# Plain POSIX awk (the build runs whatever `awk` is, mawk on our machines).

# Markdown-escape a table cell. `_` is left alone: GitHub Markdown does not
# emphasise underscores inside words, and escaping it would break grepping.
function md(s) { gsub(/[][\\`*<|]/, "\\\\&", s); return s }

# Cut long notes at a word boundary near 120 characters (the TSV keeps all).
function brief(s,   t) {
    if (length(s) <= 120) return s
    t = substr(s, 1, 120); sub(/ [^ ]*$/, "", t)
    return t " ..."
}

BEGIN {
    FS = "\t"
    print "# " arch " system calls by kernel version"
    print ""
    print "Generated from `syscalls/data/" arch "-syscalls.tsv` by `syscalls/gen_doc.awk`;"
    print "do not edit by hand: change the TSV, then run `cmake --build <build dir> --target docs`."
    print ""
    print "Each row is one meaning of a syscall number over a range of kernel versions,"
    print "in the order of the TSV (grouped by number). *First* and *last* are the first"
    print "and last kernel with that meaning; *current* means it still holds in the"
    print "newest kernel. A trailing `?` marks a version not confirmed in a kernel tree;"
    print "`2.4.31+` means still so in 2.4.31, the newest 2.4 release examined."
    print "*ENOSYS stub* rows: the number is reserved but the kernel only returns ENOSYS."
    print "*2.4.x stable only* rows hold for the 2.4 stable series (2.4.16 and later),"
    print "not for the 2.5/2.6 mainline that forked from 2.4.15."
    print "*Never assigned* rows are numbers the table skipped; they return ENOSYS."
    # ia64 was removed after 6.6, so none of its rows is open-ended.
    if (arch == "ia64")
        print "ia64 was removed from the kernel after 6.6: a last version of 6.6 means the row held until then."
    print ""
    print "| number | name | first version | last version | status | note |"
    print "| ---: | --- | --- | --- | --- | --- |"
}

NR > 1 {
    first = $3; last = ($4 == "") ? "current" : $4
    if (first == "-") { first = "never assigned"; last = "-" }
    status = ($5 ~ /^ENOSYS/) ? "ENOSYS stub" : "implemented in that kernel"
    if ($5 ~ /2\.4\.x-series only/) status = status ", 2.4.x stable only"
    printf "| %s | %s | %s | %s | %s | %s |\n", $1, md($2), first, last, status, md(brief($5))
}
