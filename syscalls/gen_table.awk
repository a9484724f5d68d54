# Turns a kernel-history TSV (nr, name, first, last, notes) into C rows named
# after arch (-v arch=i386). Notes starting with ENOSYS mark stubs: the number
# exists, the call does not. Notes naming the 2.4.x series mark rows that
# apply to 2.4 stable kernels only (past the 2.4.15 fork from mainline).
BEGIN { FS = "\t"; print "/* Generated from syscalls/data/" arch "-syscalls.tsv by gen_table.awk. */";
        print "#include \"table.h\""; print "const struct sys_row sys_rows_" arch "[] = {" }
NR > 1 {
    stub = ($5 ~ /^ENOSYS/) ? 1 : 0
    series = ($5 ~ /2\.4\.x-series only/) ? 1 : 0
    name = $2; gsub(/"/, "\\\"", name)
    first = $3; last = $4; gsub(/"/, "", first); gsub(/"/, "", last)
    printf "    {%d, \"%s\", \"%s\", \"%s\", %d, %d},\n", $1, name, first, last, stub, series
}
END { print "};"; print "const unsigned sys_rows_" arch "_count = sizeof(sys_rows_" arch ") / sizeof(sys_rows_" arch "[0]);" }
