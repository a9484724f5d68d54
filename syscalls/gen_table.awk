# Turns the kernel-history TSV (nr, name, first, last, notes) into C rows.
# Rows whose notes start with ENOSYS are stubs: the number exists, the call not.
BEGIN { FS = "\t"; print "/* Generated from syscalls/data/i386-syscalls.tsv by gen_table.awk. */";
        print "#include \"table.h\""; print "const struct sys_row sys_rows_i386[] = {" }
NR > 1 {
    stub = ($5 ~ /^ENOSYS/) ? 1 : 0
    name = $2; gsub(/"/, "\\\"", name)
    first = $3; last = $4; gsub(/"/, "", first); gsub(/"/, "", last)
    printf "    {%d, \"%s\", \"%s\", \"%s\", %d},\n", $1, name, first, last, stub
}
END { print "};"; print "const unsigned sys_rows_i386_count = sizeof(sys_rows_i386) / sizeof(sys_rows_i386[0]);" }
