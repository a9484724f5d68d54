# Run by the sysroot's dash: every stage below is a fork and an execve.
echo b a c a d a | tr ' ' '\n' | sort | uniq -c
x=$(echo hello | tr a-z A-Z)
echo "upper: $x"
sh -c 'exit 4'
echo "child status $?"
seq 1 5 | sed 's/^/n=/' | grep -c n=
sh -c 'kill -TERM $$'
echo "killed child status $?"
